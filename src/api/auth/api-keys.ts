/**
 * Bearer API keys: `ibo_<prefix>.<secret>`. The prefix is stored in clear (unique, used to find
 * the row and shown in lists); only the sha256 of the whole token is stored. The token itself
 * is shown once, when the key is created.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../../db/client';
import type { PartnerKind, Principal, Role } from './principal';

export const API_KEY_PATTERN = /^ibo_([a-z0-9-]{4,64})\.([A-Za-z0-9_-]{16,128})$/;

export function hashApiKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function formatApiKey(prefix: string, secret: string): string {
  return `ibo_${prefix}.${secret}`;
}

export function generateApiKey(): { prefix: string; token: string } {
  const prefix = randomBytes(6).toString('hex');
  const token = formatApiKey(prefix, randomBytes(24).toString('base64url'));
  return { prefix, token };
}

export interface NewApiKey {
  /** Stable id of the user or system the key belongs to (e.g. `j.jansen@altena`): audit actor, task assignee. */
  subject: string;
  /** Human label shown in key lists (e.g. "J. Jansen, klantmanager"); defaults to the subject. */
  label?: string;
  role: Role;
  gemeente: string | null;
  partnerId: string | null;
}

export interface CreatedApiKey {
  id: string;
  prefix: string;
  /** The secret token: returned once, never stored. */
  token: string;
}

/** Stores a new key: `subject` is the holder's stable id, `label` only a human description. */
export async function createApiKey(
  prisma: PrismaClient,
  key: NewApiKey,
  fixed?: { prefix: string; token: string },
): Promise<CreatedApiKey> {
  const { prefix, token } = fixed ?? generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      prefix,
      hash: hashApiKey(token),
      label: key.label ?? key.subject,
      subject: key.subject,
      role: key.role,
      gemeente: key.gemeente,
      partnerId: key.partnerId,
    },
    select: { id: true },
  });
  return { id: row.id, prefix, token };
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a bearer token to a principal, or null when it is unknown, wrong or revoked. */
export async function verifyApiKey(prisma: PrismaClient, token: string, now = new Date()): Promise<Principal | null> {
  const match = API_KEY_PATTERN.exec(token);
  if (!match) return null;
  const prefix = match[1]!;
  const row = await prisma.apiKey.findUnique({ where: { prefix } });
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hashApiKey(token), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;

  let partnerKind: PartnerKind | null = null;
  if (row.role === 'partner') {
    if (!row.partnerId) return null;
    const partner = await prisma.partner.findUnique({ where: { id: row.partnerId }, select: { kind: true } });
    if (!partner) return null;
    partnerKind = partner.kind as PartnerKind;
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    subject: row.subject,
    role: row.role as Role,
    gemeente: row.gemeente,
    partnerId: row.partnerId,
    partnerKind,
    credentialId: row.id,
    method: 'api-key',
  };
}
