/**
 * A database that cannot serve a request now (PostgreSQL down, or every pooled connection busy
 * past the wait) is the service's state, not the client's mistake nor a bug: 503 problem+json
 * with Retry-After and reason DATABASE_NIET_BESCHIKBAAR, never a 500 (the idle-scale bench saw
 * 15 % of starts answered 500 when storePerson's transaction could not start in time).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/api/http/problem-middleware';
import { createPrismaClient } from '../../src/db/client';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('database unavailable', () => {
  it('PostgreSQL not reachable: a start is 503 with Retry-After, not 500', async () => {
    const unreachable = createPrismaClient('postgresql://postgres@127.0.0.1:1/niet_bereikbaar');
    try {
      const app = h.appWith({ prisma: unreachable });
      const res = await request(app)
        .post('/trajectories')
        .set(h.auth('consulent', 'altena'))
        .send({ bsn: testBsn(7311), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-10-01' } });
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE', reason: 'DATABASE_NIET_BESCHIKBAAR' });
      expect(JSON.stringify(res.body)).not.toContain('niet_bereikbaar');
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('a transaction that cannot get a connection in time (P2028) counts as unavailable; a constraint violation does not', async () => {
    const onePool = createPrismaClient(h.db.url, { poolMax: 1 });
    try {
      let release!: () => void;
      const held = onePool.$transaction(() => new Promise<void>((resolve) => (release = resolve)), { timeout: 30_000 });
      const starved = await onePool
        .$transaction(async () => undefined, { maxWait: 50 })
        .catch((error: unknown) => error);
      release();
      await held;
      expect(starved).toMatchObject({ code: 'P2028' });
      expect(isDatabaseUnavailable(starved)).toBe(true);
      const duplicate = await onePool.auditLog
        .createMany({
          data: [
            { id: 'dup-a', actorId: 'test', action: 'TEST' },
            { id: 'dup-a', actorId: 'test', action: 'TEST' },
          ],
        })
        .catch((error: unknown) => error);
      expect(duplicate).toMatchObject({ code: 'P2002' });
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
    } finally {
      await onePool.$disconnect();
    }
  });
});
