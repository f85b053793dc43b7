/**
 * Well-known development keys, printed by `npm start`: one consulent, teamleider and beheerder per
 * gemeente, a regional beheerder, and one partner organisation (+ key) per partner kind.
 * Idempotent: existing keys and partners are left as they are. Never call this in production
 * (the tokens are public): the keys are accepted only where `developmentKeysAllowed(config)`
 * holds (NODE_ENV=development, bound to loopback), whatever the database holds.
 *
 * With `partnerEndpointUrl` (`npm start` passes the partner simulator's, scripts/dev-partners.ts)
 * the development partners deliver there, signed with their well-known development key
 * (`developmentSigningKey`), so that a new user sees deliveries succeed. An endpoint a
 * beheerder set to something else (PUT /admin/partners/:id) is kept; one that pointed at an
 * earlier run's simulator follows the new one.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../db/client';
import { PARTNER_KINDS } from '../../domain/types';
import { DEVELOPMENT_KEY_PREFIX, formatApiKey, hashApiKey } from './api-keys';
import type { Role } from './principal';

export interface DevelopmentKey {
  /** e.g. "consulent altena". */
  label: string;
  /** The bearer token. */
  key: string;
  role: Role;
  subject: string;
  gemeente: string | null;
  partnerId: string | null;
}

interface Spec {
  prefix: string;
  subject: string;
  role: Role;
  gemeente: string | null;
  partnerId: string | null;
  label: string;
}

/** Deterministic secret per prefix: well known, but still of the normal token shape. */
function developmentToken(prefix: string): string {
  const secret = createHash('sha256').update(`inburgering-development:${prefix}`).digest('base64url').slice(0, 24);
  return formatApiKey(prefix, secret);
}

export function developmentPartnerId(kind: string): string {
  return `dev-${kind.toLowerCase().replace(/_/g, '-')}`;
}

/** A development partner's HMAC key: well known (derived from its id), at least 32 characters. */
export function developmentSigningKey(partnerId: string): { keyId: string; secret: string } {
  const secret = createHash('sha256').update(`inburgering-development-signing:${partnerId}`).digest('base64url');
  return { keyId: `${partnerId}-ontwikkel`, secret };
}

/** The keys of every development partner, as the partner simulator verifies them. */
export function developmentPartnerKeyring(): { currentKeyId: string; keys: Record<string, string> } {
  const keys: Record<string, string> = {};
  for (const kind of PARTNER_KINDS) {
    const { keyId, secret } = developmentSigningKey(developmentPartnerId(kind));
    keys[keyId] = secret;
  }
  return { currentKeyId: Object.keys(keys)[0]!, keys };
}

/** The partner simulator's delivery address on this machine (any port of an earlier run). */
const SIMULATOR_ENDPOINT = /^http:\/\/127\.0\.0\.1:\d+\/deliveries$/;

export async function seedDevelopmentKeys(
  prisma: PrismaClient,
  gemeenten: readonly string[],
  options: { partnerEndpointUrl?: string } = {},
): Promise<DevelopmentKey[]> {
  const specs: Spec[] = [];
  for (const gemeente of gemeenten) {
    specs.push({
      prefix: `${DEVELOPMENT_KEY_PREFIX}consulent-${gemeente}`,
      subject: `consulent@${gemeente}`,
      role: 'consulent',
      gemeente,
      partnerId: null,
      label: `consulent ${gemeente}`,
    });
    specs.push({
      prefix: `${DEVELOPMENT_KEY_PREFIX}teamleider-${gemeente}`,
      subject: `teamleider@${gemeente}`,
      role: 'teamleider',
      gemeente,
      partnerId: null,
      label: `teamleider ${gemeente}`,
    });
    specs.push({
      prefix: `${DEVELOPMENT_KEY_PREFIX}beheerder-${gemeente}`,
      subject: `beheerder@${gemeente}`,
      role: 'beheerder',
      gemeente,
      partnerId: null,
      label: `beheerder ${gemeente}`,
    });
  }
  specs.push({
    prefix: `${DEVELOPMENT_KEY_PREFIX}beheerder-regio`,
    subject: 'beheerder@regio',
    role: 'beheerder',
    gemeente: null,
    partnerId: null,
    label: 'beheerder regio',
  });
  for (const kind of PARTNER_KINDS) {
    const partnerId = developmentPartnerId(kind);
    await prisma.partner.upsert({
      where: { id: partnerId },
      create: { id: partnerId, kind, name: `Ontwikkelpartner ${kind}` },
      update: {},
    });
    if (options.partnerEndpointUrl) await pointAtSimulator(prisma, partnerId, options.partnerEndpointUrl);
    specs.push({
      prefix: `${DEVELOPMENT_KEY_PREFIX}partner-${kind.toLowerCase().replace(/_/g, '-')}`,
      subject: `partner:${partnerId}`,
      role: 'partner',
      gemeente: null,
      partnerId,
      label: `partner ${kind}`,
    });
  }
  const keys: DevelopmentKey[] = [];
  for (const spec of specs) {
    const token = developmentToken(spec.prefix);
    await prisma.apiKey.upsert({
      where: { prefix: spec.prefix },
      create: {
        prefix: spec.prefix,
        hash: hashApiKey(token),
        label: spec.label,
        subject: spec.subject,
        role: spec.role,
        gemeente: spec.gemeente,
        partnerId: spec.partnerId,
      },
      update: {},
    });
    keys.push({
      label: spec.label,
      key: token,
      role: spec.role,
      subject: spec.subject,
      gemeente: spec.gemeente,
      partnerId: spec.partnerId,
    });
  }
  return keys;
}

/** Points a development partner at the simulator, unless a beheerder set another endpoint. */
async function pointAtSimulator(prisma: PrismaClient, partnerId: string, endpointUrl: string): Promise<void> {
  const partner = await prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
  if (partner.endpointUrl !== null && !SIMULATOR_ENDPOINT.test(partner.endpointUrl)) return;
  const key = developmentSigningKey(partnerId);
  await prisma.partner.update({
    where: { id: partnerId },
    data: { endpointUrl, signingKeyId: key.keyId, signingKey: key.secret },
  });
}
