import { compileErrors, validate } from '@readme/openapi-parser';
import type express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/api/app';
import { toOpenApiPath } from '../../src/api/http/route';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let altenaId: string;
beforeAll(async () => {
  h = await createApiHarness();
  const res = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn: testBsn(200), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-02-01' } });
  altenaId = res.body.trajectoryId;
});
afterAll(async () => {
  await h?.close();
});

const isProblem = (res: request.Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, correlationId: res.headers['x-request-id'] });
  expect(typeof res.body.title).toBe('string');
};

describe('errors are problem+json, never 500', () => {
  it('malformed JSON → 400, wrong content type → 415, oversized → 413, unknown route → 404', async () => {
    const auth = h.auth('consulent', 'altena');
    isProblem(
      await request(h.app).post('/trajectories').set(auth).set('Content-Type', 'application/json').send('{"bsn": '),
      400,
    );
    isProblem(
      await request(h.app).post('/trajectories').set(auth).set('Content-Type', 'text/plain').send('bsn=1'),
      415,
    );
    isProblem(
      await request(h.app)
        .post('/trajectories')
        .set(auth)
        .send({ bsn: 'x'.repeat(200_000) }),
      413,
    );
    isProblem(await request(h.app).get('/bestaat-niet').set(auth), 404);
  });

  it('no or a wrong key → 401; a revoked key → 401; wrong role → 403', async () => {
    isProblem(await request(h.app).get('/tasks'), 401);
    isProblem(
      await request(h.app).get('/tasks').set('Authorization', 'Bearer ibo_dev-consulent-altena.wrongwrongwrongwrong'),
      401,
    );
    isProblem(await request(h.app).get('/tasks').set(h.partnerAuth('COA')), 403);
    isProblem(await request(h.app).get('/beheer/monitor').set(h.auth('consulent', 'altena')), 403);
    isProblem(
      await request(h.app)
        .post('/admin/api-keys')
        .set(h.auth('beheerder', 'altena'))
        .send({ subject: 'x', role: 'consulent', gemeente: 'altena' }),
      403,
    );

    const created = await request(h.app)
      .post('/admin/api-keys')
      .set(h.auth('beheerder', 'regio'))
      .send({ subject: 'nieuw@altena', role: 'consulent', gemeente: 'altena' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect((await request(h.app).get('/tasks').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const row = await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.hash).not.toContain(token);
    expect(row.lastUsedAt).not.toBeNull();
    expect(
      (await request(h.app).delete(`/admin/api-keys/${created.body.id}`).set(h.auth('beheerder', 'regio'))).status,
    ).toBe(200);
    isProblem(await request(h.app).get('/tasks').set('Authorization', `Bearer ${token}`), 401);
  });

  it('carries the caller’s X-Request-Id and sets security headers', async () => {
    const res = await request(h.app).get('/healthz').set('X-Request-Id', 'trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('rate-limits per key (429)', async () => {
    const app = h.appWith({ rateLimit: { windowMs: 60_000, limit: 2 } });
    const auth = h.auth('consulent', 'drimmelen');
    await request(app).get('/tasks').set(auth);
    await request(app).get('/tasks').set(auth);
    isProblem(await request(app).get('/tasks').set(auth), 429);
    expect((await request(app).get('/tasks').set(h.auth('consulent', 'oosterhout'))).status).toBe(200);
  });
});

describe('tenancy', () => {
  it('another gemeente’s consulent or beheerder gets 404 on every trajectory route; regio sees it', async () => {
    const outsiders = [h.auth('consulent', 'drimmelen'), h.auth('beheerder', 'oosterhout')];
    for (const auth of outsiders) {
      isProblem(await request(h.app).get(`/trajectories/${altenaId}`).set(auth), 404);
      isProblem(
        await request(h.app)
          .put(`/beheer/trajectories/${altenaId}/partners/${h.partnerId('COA')}`)
          .set(auth),
        404,
      );
    }
    isProblem(
      await request(h.app)
        .post(`/trajectories/${altenaId}/decisions/afsluiting`)
        .set(h.auth('consulent', 'drimmelen'))
        .send({ date: '2026-03-01', reason: 'VERHUISD' }),
      404,
    );
    isProblem(
      await request(h.app).get(`/beheer/trajectories/${altenaId}/workflow`).set(h.auth('beheerder', 'drimmelen')),
      404,
    );
    isProblem(
      await request(h.app)
        .post(`/beheer/trajectories/${altenaId}/terminate`)
        .set(h.auth('beheerder', 'drimmelen'))
        .send({ reason: 'test' }),
      404,
    );
    expect((await request(h.app).get(`/trajectories/${altenaId}`).set(h.auth('beheerder', 'regio'))).status).toBe(200);
    const inspect = await request(h.app)
      .get(`/beheer/trajectories/${altenaId}/workflow`)
      .set(h.auth('beheerder', 'altena'));
    expect(inspect.status, JSON.stringify(inspect.body)).toBe(200);
    expect(inspect.body.workflow.status).toBe('RUNNING');
    expect(inspect.body.searchAttributes.Gemeente).toBe('altena');
  });

  it('lists only the own gemeente and counts per filter value', async () => {
    const list = await request(h.app).get('/beheer/trajectories').set(h.auth('beheerder', 'drimmelen'));
    expect(list.status).toBe(200);
    expect(list.body.items.every((t: { gemeente: string }) => t.gemeente === 'drimmelen')).toBe(true);
    const regio = await request(h.app)
      .get('/beheer/trajectories?targetGroup=gezinsmigrant')
      .set(h.auth('beheerder', 'regio'));
    expect(regio.body.counts.gemeente.altena).toBeGreaterThanOrEqual(1);
    const monitor = await request(h.app).get('/beheer/monitor').set(h.auth('beheerder', 'regio'));
    expect(monitor.status, JSON.stringify(monitor.body)).toBe(200);
    expect(monitor.body.perGemeente.altena.trajectories).toBeGreaterThanOrEqual(1);
  });
});

describe('tasks', () => {
  it('task completion refused by the workflow → 409 and the task stays open', async () => {
    const task = await h.db.prisma.task.create({
      data: {
        key: `handmatig-${Date.now()}`,
        trajectoryId: altenaId,
        gemeente: 'altena',
        type: 'TRAJECT_CONTROLEREN',
        title: 'Controleer',
        dueDate: new Date('2026-01-01'),
      },
    });
    const claimed = await request(h.app).post(`/tasks/${task.id}/claim`).set(h.auth('consulent', 'altena'));
    expect(claimed.body.task.assigneeId).toBe('consulent@altena');
    isProblem(await request(h.app).post(`/tasks/${task.id}/claim`).set(h.auth('consulent', 'drimmelen')), 404);
    const done = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(h.auth('consulent', 'altena'))
      .send({ type: 'TRAJECT_CONTROLEREN', date: '2026-03-01', outcome: 'AFGEHANDELD' });
    isProblem(done, 409);
    expect(done.body.reason).toBe('TAAK_ONBEKEND');
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');
    const mine = await request(h.app).get('/tasks?filter=mine&overdue=true').set(h.auth('consulent', 'altena'));
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3.1 document listing every express route', async () => {
    const res = await request(h.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const result = await validate(structuredClone(res.body));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);

    const documented = new Set(
      Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    );
    const mounted = expressRoutes(h.app);
    expect(mounted.length).toBeGreaterThan(API_ROUTES.length);
    for (const route of mounted) expect(documented, route).toContain(route);
    const docs = await request(h.app).get('/docs');
    expect(docs.status).toBe(200);
    expect((await request(h.app).get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});

/** `method path` of every route express would answer (walks the router stack). */
function expressRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (
    stack: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>,
  ) => {
    for (const layer of stack) {
      // The werkplek's pages are HTML for people, not API operations (README "Werkplek").
      if (layer.handle === (app.locals.werkplek as { router?: unknown } | undefined)?.router) continue;
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (layer.route.path.startsWith('/docs/')) continue; // init.js
          out.push(`${method} ${toOpenApiPath(layer.route.path)}`);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack as never);
    }
  };
  walk((app as unknown as { router: { stack: never } }).router.stack);
  return out;
}
