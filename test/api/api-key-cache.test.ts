/**
 * The cache of verified API keys (src/api/auth/api-keys.ts): fewer lookups, but a revocation
 * is still honoured — through this process's /admin routes at once, anywhere else within
 * `API_KEY_CACHE_TTL_MS` — and `lastUsedAt` is still written (at most once per minute per key).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/db/client';
import {
  API_KEY_CACHE_TTL_MS,
  ApiKeyVerifier,
  createApiKey,
  invalidateCachedApiKeys,
  LAST_USED_RESOLUTION_MS,
} from '../../src/api/auth/api-keys';
import { apiKeyStrategy } from '../../src/api/auth/authenticate';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
});
afterAll(async () => {
  await h?.close();
});

/** The harness's PrismaClient, counting key lookups and `lastUsedAt` writes. */
function countingPrisma(prisma: PrismaClient) {
  const calls = { lookups: 0, touches: 0 };
  const apiKey = new Proxy(prisma.apiKey, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'findUnique') calls.lookups++;
        if (property === 'update') calls.touches++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const counted = new Proxy(prisma, {
    get(target, property) {
      if (property === 'apiKey') return apiKey;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { prisma: counted, calls };
}

const newKey = (subject: string) =>
  createApiKey(h.db.prisma, { subject, role: 'consulent', gemeente: 'altena', partnerId: null });
const revoke = (id: string) => h.db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
const at = (ms: number) => new Date(ms);

describe('verified API keys are cached briefly', () => {
  it('one lookup for many requests (also concurrent ones); the secret is still checked every time', async () => {
    const key = await newKey('cache@altena');
    const { prisma, calls } = countingPrisma(h.db.prisma);
    const verifier = new ApiKeyVerifier(prisma);
    const t0 = Date.now();
    const principals = await Promise.all(Array.from({ length: 5 }, () => verifier.verify(key.token, at(t0))));
    for (const principal of principals)
      expect(principal).toMatchObject({ subject: 'cache@altena', credentialId: key.id });
    expect(await verifier.verify(key.token, at(t0 + 1_000))).not.toBeNull();
    expect(calls.lookups).toBe(1);

    // Right prefix, wrong secret: refused, without a lookup.
    const forged = `${key.token.slice(0, key.token.indexOf('.') + 1)}${'x'.repeat(32)}`;
    expect(await verifier.verify(forged, at(t0 + 1_000))).toBeNull();
    expect(calls.lookups).toBe(1);
  });

  it('a key revoked elsewhere is refused once API_KEY_CACHE_TTL_MS has passed (the bound), at once after invalidation', async () => {
    const key = await newKey('revoked-elsewhere@altena');
    const verifier = new ApiKeyVerifier(h.db.prisma);
    const t0 = Date.now();
    expect(await verifier.verify(key.token, at(t0))).not.toBeNull();
    await revoke(key.id);
    // Within the bound the cached verification may still be used…
    expect(await verifier.verify(key.token, at(t0 + API_KEY_CACHE_TTL_MS - 1))).not.toBeNull();
    // …never after it.
    expect(await verifier.verify(key.token, at(t0 + API_KEY_CACHE_TTL_MS + 1))).toBeNull();

    const other = await newKey('invalidated@altena');
    expect(await verifier.verify(other.token, at(t0))).not.toBeNull();
    await revoke(other.id);
    invalidateCachedApiKeys();
    expect(await verifier.verify(other.token, at(t0))).toBeNull();
  });

  it('unknown and revoked keys are not cached: a key that becomes valid works at once', async () => {
    const key = await newKey('later@altena');
    await revoke(key.id);
    const verifier = new ApiKeyVerifier(h.db.prisma);
    const t0 = Date.now();
    expect(await verifier.verify(key.token, at(t0))).toBeNull();
    await h.db.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: null } });
    expect(await verifier.verify(key.token, at(t0 + 1))).not.toBeNull();
  });

  it('lastUsedAt: written on first use, then at most once per minute per key, also while the key is cached', async () => {
    const key = await newKey('last-used@altena');
    const { prisma, calls } = countingPrisma(h.db.prisma);
    // A TTL longer than the resolution, so the writes below happen on the cached path.
    const verifier = new ApiKeyVerifier(prisma, { cacheTtlMs: 10 * LAST_USED_RESOLUTION_MS });
    const lastUsedAt = async () =>
      (await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt?.getTime();
    const t0 = Date.now();

    await verifier.verify(key.token, at(t0));
    expect(await lastUsedAt()).toBe(t0);
    await verifier.verify(key.token, at(t0 + LAST_USED_RESOLUTION_MS / 2));
    expect(calls.touches).toBe(1);
    expect(await lastUsedAt()).toBe(t0);

    const t1 = t0 + LAST_USED_RESOLUTION_MS + 1;
    await Promise.all(Array.from({ length: 5 }, () => verifier.verify(key.token, at(t1))));
    expect(calls.touches).toBe(2); // one writer, not five
    expect(await lastUsedAt()).toBe(t1);
    expect(calls.lookups).toBe(1);
  });
});

describe('through the API', () => {
  it('revoking a key through /admin takes effect at the next request, in every app of the process', async () => {
    const created = await request(h.app)
      .post('/admin/api-keys')
      .set(h.auth('beheerder', 'regio'))
      .send({ subject: 'twee-apps@altena', role: 'consulent', gemeente: 'altena' });
    expect(created.status).toBe(201);
    const bearer = { Authorization: `Bearer ${created.body.token as string}` };
    const other = h.appWith({}); // another app (its own verifier) in the same process
    expect((await request(other).get('/tasks').set(bearer)).status).toBe(200);
    expect((await request(h.app).get('/tasks').set(bearer)).status).toBe(200);
    const revoked = await request(h.app).delete(`/admin/api-keys/${created.body.id}`).set(h.auth('beheerder', 'regio'));
    expect(revoked.status).toBe(200);
    expect((await request(other).get('/tasks').set(bearer)).status).toBe(401);
    expect((await request(h.app).get('/tasks').set(bearer)).status).toBe(401);
  });

  it('a key revoked directly in the database (another process) is refused within the cache TTL', async () => {
    const key = await newKey('db-revoke@altena');
    const bearer = { Authorization: `Bearer ${key.token}` };
    const app = h.appWith({ authentication: [apiKeyStrategy(h.db.prisma, { cacheTtlMs: 300 })] });
    expect((await request(app).get('/tasks').set(bearer)).status).toBe(200);
    await revoke(key.id);
    const revokedAt = Date.now();
    await expect.poll(async () => (await request(app).get('/tasks').set(bearer)).status, { interval: 50 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(300 + 1_000); // TTL + slack for a busy machine
  });
});
