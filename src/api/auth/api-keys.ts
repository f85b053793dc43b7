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
  prisma: Pick<PrismaClient, 'apiKey'>,
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

/** `lastUsedAt` is written at most once per this interval per key (it is a "roughly when" field). */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * How long a verified key is trusted without looking it up again (default). A key revoked, or
 * a partner removed, by *another* process (or directly in the database) is refused at most this
 * long afterwards; a change made through this process's `/admin` routes takes effect at once
 * (`invalidateCachedApiKeys`, called by `mountRoutes`).
 */
export const API_KEY_CACHE_TTL_MS = 10_000;
const API_KEY_CACHE_MAX_ENTRIES = 10_000;

/**
 * Bumped by `invalidateCachedApiKeys`: every verifier in this process drops what it cached
 * before (cheap: one integer compared per request).
 */
let cacheEpoch = 0;

/** Forget every cached key in this process (after a key or partner was created, changed or revoked). */
export function invalidateCachedApiKeys(): void {
  cacheEpoch++;
}

interface VerifiedKey {
  /** sha256 of the whole token, as stored. */
  hash: Buffer;
  principal: Principal;
  /** Last known `lastUsedAt` (ms since epoch), null when never written. */
  lastUsedAt: number | null;
}

interface CacheEntry {
  key: VerifiedKey;
  expiresAt: number;
  epoch: number;
}

/**
 * Prefix of the well-known development keys (src/api/auth/seed-dev-keys.ts). Keys made through
 * the API get a random hex prefix, never this one.
 */
export const DEVELOPMENT_KEY_PREFIX = 'dev-';

export interface ApiKeyVerifierOptions {
  /**
   * Accept the development keys (`dev-…`). Only for a development service on loopback
   * (`developmentKeysAllowed` in src/config.ts); default false, so they fail like unknown keys.
   */
  allowDevelopmentKeys?: boolean;
  /** Trust a verified key this long without a lookup (default `API_KEY_CACHE_TTL_MS`; 0 = always look up). */
  cacheTtlMs?: number;
  /** Most keys kept (the oldest is dropped first). */
  maxEntries?: number;
}

/**
 * Resolves bearer tokens to principals, caching *verified* keys (by prefix) for a short while:
 * without the cache every request costs two lookups. Unknown and revoked keys are never cached
 * (each try is looked up, as before); the secret is compared (constant time) with the stored
 * hash on every request, cached or not. Concurrent first requests with one key share one lookup.
 * `lastUsedAt` is still written at most once per minute per key.
 */
export class ApiKeyVerifier {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly allowDevelopmentKeys: boolean;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly loading = new Map<string, { epoch: number; promise: Promise<VerifiedKey | null> }>();

  constructor(
    private readonly prisma: PrismaClient,
    options: ApiKeyVerifierOptions = {},
  ) {
    this.ttlMs = options.cacheTtlMs ?? API_KEY_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? API_KEY_CACHE_MAX_ENTRIES;
    this.allowDevelopmentKeys = options.allowDevelopmentKeys ?? false;
  }

  /** The principal of `token`, or null when it is unknown, wrong or revoked. */
  async verify(token: string, now = new Date()): Promise<Principal | null> {
    const match = API_KEY_PATTERN.exec(token);
    if (!match) return null;
    const prefix = match[1]!;
    if (!this.allowDevelopmentKeys && prefix.startsWith(DEVELOPMENT_KEY_PREFIX)) return null;
    const at = now.getTime();
    let key: VerifiedKey | null;
    const cached = this.cache.get(prefix);
    if (cached && cached.epoch === cacheEpoch && cached.expiresAt > at) {
      key = cached.key;
    } else {
      if (cached) this.cache.delete(prefix);
      key = await this.load(prefix, at);
    }
    if (!key) return null;
    const actual = Buffer.from(hashApiKey(token), 'hex');
    if (key.hash.length !== actual.length || !timingSafeEqual(key.hash, actual)) return null;
    await this.touch(key, now);
    return { ...key.principal };
  }

  /** Drops every cached key of this verifier (`invalidateCachedApiKeys` does so for all). */
  invalidate(): void {
    this.cache.clear();
    this.loading.clear();
  }

  private load(prefix: string, at: number): Promise<VerifiedKey | null> {
    const epoch = cacheEpoch;
    const inFlight = this.loading.get(prefix);
    if (inFlight && inFlight.epoch === epoch) return inFlight.promise;
    const promise = loadVerifiedKey(this.prisma, prefix).then(
      (key) => {
        if (this.loading.get(prefix)?.promise === promise) this.loading.delete(prefix);
        // Not cached when an invalidation happened meanwhile: the row may predate it.
        if (key && this.ttlMs > 0 && epoch === cacheEpoch) {
          if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
          this.cache.set(prefix, { key, expiresAt: at + this.ttlMs, epoch });
        }
        return key;
      },
      (error: unknown) => {
        if (this.loading.get(prefix)?.promise === promise) this.loading.delete(prefix);
        throw error;
      },
    );
    this.loading.set(prefix, { epoch, promise });
    return promise;
  }

  /** Writes `lastUsedAt` when the known value is older than a minute (one writer per key at a time). */
  private async touch(key: VerifiedKey, now: Date): Promise<void> {
    const previous = key.lastUsedAt;
    if (previous !== null && now.getTime() - previous <= LAST_USED_RESOLUTION_MS) return;
    key.lastUsedAt = now.getTime();
    try {
      await this.prisma.apiKey.update({ where: { id: key.principal.credentialId }, data: { lastUsedAt: now } });
    } catch (error) {
      key.lastUsedAt = previous;
      throw error;
    }
  }
}

async function loadVerifiedKey(prisma: PrismaClient, prefix: string): Promise<VerifiedKey | null> {
  const row = await prisma.apiKey.findUnique({ where: { prefix } });
  if (!row || row.revokedAt) return null;
  let partnerKind: PartnerKind | null = null;
  if (row.role === 'partner') {
    if (!row.partnerId) return null;
    const partner = await prisma.partner.findUnique({ where: { id: row.partnerId }, select: { kind: true } });
    if (!partner) return null;
    partnerKind = partner.kind as PartnerKind;
  }
  return {
    hash: Buffer.from(row.hash, 'hex'),
    lastUsedAt: row.lastUsedAt?.getTime() ?? null,
    principal: {
      subject: row.subject,
      role: row.role as Role,
      gemeente: row.gemeente,
      partnerId: row.partnerId,
      partnerKind,
      credentialId: row.id,
      method: 'api-key',
    },
  };
}

/** Resolves a bearer token to a principal, or null when it is unknown, wrong or revoked (no cache). */
export async function verifyApiKey(
  prisma: PrismaClient,
  token: string,
  now = new Date(),
  options: Pick<ApiKeyVerifierOptions, 'allowDevelopmentKeys'> = {},
): Promise<Principal | null> {
  return new ApiKeyVerifier(prisma, { ...options, cacheTtlMs: 0 }).verify(token, now);
}
