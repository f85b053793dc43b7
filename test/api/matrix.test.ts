/**
 * The role × endpoint × tenant matrix. The rows come from the OpenAPI document (every
 * operation with a security requirement), checked against the route registry, so a new route
 * cannot be forgotten: it needs a way to fill in its path parameters and (if it has a body) a
 * valid sample body below, or this file fails.
 *
 * Per route: no key → 401; every role not allowed → 403; a consulent/beheerder of another
 * gemeente on gemeente A's trajectory/task/inbox/outbox row → 404 (not 403); a partner not
 * assigned → 404; gemeente-bound principals asking for another gemeente's lists → 403 or an
 * answer without A's rows; the allowed roles → not 401/403/404. Denials are checked to change
 * nothing (a fingerprint of the mutable tables before and after). Mutating routes with a body
 * are called by the allowed roles with an invalid body only (→ 422: authenticated, authorised,
 * nothing changes); body-less mutating routes with a harmless call.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/api/app';
import { createApiKey } from '../../src/api/auth/api-keys';
import { ROLES, type Role } from '../../src/api/auth/principal';
import { toOpenApiPath, type RouteDefinition } from '../../src/api/http/route';
import { buildOpenApiDocument } from '../../src/api/openapi/document';
import { flushDeliveredMarks } from '../../src/api/partner/delivered-marks';
import { flushPartnerSignals } from '../../src/api/partner/signal-queue';
import { prepareSwiDelivery } from '../../src/swi/deliveries';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const TODAY = new Date().toISOString().slice(0, 10);
const LEEFGEBIEDEN = Object.fromEntries(
  [
    'leerbaarheid',
    'opleiding',
    'werkervaring',
    'praktische_vaardigheden',
    'werknemersvaardigheden',
    'taalniveau',
    'motivatie_interesses',
    'zelfredzaamheid',
    'digitale_vaardigheden',
    'gezinssituatie',
    'fysieke_gezondheid',
    'mentale_gezondheid',
    'sociaal_netwerk',
  ].map((k) => [k, true]),
);
const PIP = { dagtekening: TODAY, leerroute: 'B1', level: 'B1', alfabetisering: false };
const REASON = { reason: 'matrix-test' };

/** A valid body per route that has one (so a denial is about who asks, not about the body). */
const VALID_BODY: Record<string, object> = {
  'post /trajectories': { bsn: testBsn(901), targetGroup: 'gezinsmigrant', gemeente: 'altena' },
  'post /trajectories/{id}/decisions/sleuteldata': { inschrijving: TODAY },
  'post /trajectories/{id}/decisions/warme-overdracht': { date: TODAY, form: 'VIDEO', backgroundHandedOver: true },
  'post /trajectories/{id}/decisions/machtiging': { date: TODAY, scope: ['COA'] },
  'post /trajectories/{id}/decisions/brede-intake': {
    date: TODAY,
    leefgebieden: LEEFGEBIEDEN,
    leerbaarheidstoets: 'B1_HAALBAAR',
  },
  'post /trajectories/{id}/decisions/pip': PIP,
  'post /trajectories/{id}/decisions/pip-bijstelling': PIP,
  'post /trajectories/{id}/decisions/pip-termijn-verlenging': {
    date: TODAY,
    derde: 'COA',
    informatieOntvangenOp: TODAY,
  },
  'post /trajectories/{id}/decisions/opstartklas': { start: TODAY, end: TODAY },
  'post /trajectories/{id}/decisions/voortgangsgesprek': { date: TODAY, outcome: 'OP_SCHEMA' },
  'post /trajectories/{id}/decisions/ontheffing': { date: TODAY, ground: 'MED', whole: true },
  'post /trajectories/{id}/decisions/handhaving': { date: TODAY, reason: 'PIP_NIET_MEEGEWERKT' },
  'post /trajectories/{id}/decisions/verwijtbaarheid': { date: TODAY, mapVerwijtbaar: true },
  'post /trajectories/{id}/decisions/afsluiting': { date: TODAY, reason: 'VERHUISD' },
  'post /trajectories/{id}/decisions/consulent': { date: TODAY, consulentId: 'consulent@altena' },
  'post /trajectories/{id}/decisions/uren': { kind: 'LES', hours: 1, van: TODAY, tot: TODAY },
  'post /trajectories/{id}/decisions/verzuim': { date: TODAY, kind: 'LES', hours: 1 },
  'post /trajectories/{id}/decisions/handhaving-besluit': { date: TODAY, besluit: 'WAARSCHUWING' },
  'post /trajectories/{id}/decisions/module-resultaat': { date: TODAY, module: 'KNM_MODULE' },
  'post /trajectories/{id}/decisions/leerroute-gestart': { start: TODAY },
  'post /trajectories/{id}/decisions/module-beoordeling': { date: TODAY, module: 'PVT' },
  'post /trajectories/{id}/decisions/participatie': {
    date: TODAY,
    soort: 'BETAALD_WERK',
    status: 'GESTART',
    urenPerWeek: 24,
  },
  'post /trajectories/{id}/decisions/bijstand': { soort: 'GEEN', datum: TODAY },
  'post /trajectories/{id}/decisions/ontzorgen-evaluatie': { date: TODAY, uitkomst: 'ZELFREDZAAM' },
  'post /beheer/startverzoeken/{id}/besluit': { besluit: 'AFWIJZEN', reason: 'matrix-test' },
  'post /tasks/{id}/reassign': { assigneeId: 'consulent@altena' },
  'post /tasks/{id}/complete': { type: 'TRAJECT_CONTROLEREN', date: TODAY, outcome: 'AFGEHANDELD' },
  'post /beheer/trajectories/{id}/cancel': REASON,
  'post /beheer/trajectories/{id}/terminate': REASON,
  'post /beheer/inbox/{id}/resend': REASON,
  'post /beheer/outbox/{id}/retry': REASON,
  'post /partner/trajectories/{id}/events': { type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 1 },
  'post /admin/api-keys': { subject: 'matrix@altena', role: 'consulent', gemeente: 'altena' },
  'post /admin/partners': { id: 'matrix-partner', kind: 'COA', name: 'Matrix' },
  'put /admin/partners/{id}': { name: 'Matrix (gewijzigd)' },
  'put /me/notification-preference': { mode: 'DAGOVERZICHT' },
};

type Scope =
  | 'trajectory' // :id is a trajectory of gemeente A
  | 'task'
  | 'inbox'
  | 'outbox'
  | 'regional' // key/partner administration: regional beheerder only
  | 'list' // lists/figures of the caller's gemeente
  | 'swi' // :gemeente/:kwartaal is gemeente A's CBS delivery
  | 'start'
  | 'self'; // the caller's own settings

function scopeOf(route: RouteDefinition): Scope {
  const p = route.path;
  if (p.startsWith('/admin/')) return 'regional';
  if (p.startsWith('/me/')) return 'self';
  if (p.startsWith('/beheer/startverzoeken')) return 'regional';
  if (p.startsWith('/tasks/:id')) return 'task';
  if (p.startsWith('/beheer/inbox/:id')) return 'inbox';
  if (p.startsWith('/beheer/outbox/:id')) return 'outbox';
  if (p.includes('/trajectories/:id')) return 'trajectory';
  if (p.startsWith('/beheer/swi/:kwartaal/:gemeente')) return 'swi';
  if (p.startsWith('/beheer/monitor/') && p.endsWith('/:tabel')) return 'list';
  if (p === '/trajectories' && route.method === 'post') return 'start';
  if (route.method === 'get' && !p.includes(':')) return 'list';
  throw new Error(`matrix: no tenant scope known for ${route.method} ${p}; add it to scopeOf()`);
}

const doc = buildOpenApiDocument(API_ROUTES) as unknown as { paths?: Record<string, object> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Every authenticated operation of the document, with its route definition. */
const rows = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  METHODS.filter((m) => (item as Record<string, { security?: unknown[] }>)[m]?.security?.length).map((method) => {
    const route = API_ROUTES.find((r) => r.method === method && toOpenApiPath(r.path) === path);
    return { key: `${method} ${path}`, method, path, route };
  }),
);

let h: ApiHarness;
const ids = { trajectory: '', task: '', inbox: '', outbox: '', apiKey: '', drimmelenTrajectory: '' };
/**
 * A task of gemeente A per permitted caller, of the caller's audience (only that role picks up
 * and completes it: src/domain/task-audience.ts); `ids.task` (a beheerder's) for the denials.
 */
const taskOf: Record<string, string> = {};

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (gemeente: string, seed: number) => {
    const res = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', gemeente))
      .send({ bsn: testBsn(seed), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-10-01' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.trajectoryId as string;
  };
  ids.trajectory = await start('altena', 900);
  ids.drimmelenTrajectory = await start('drimmelen', 902);
  for (const kind of ['COA', 'TAALAANBIEDER']) {
    expect(
      (
        await request(h.app)
          .put(`/beheer/trajectories/${ids.trajectory}/partners/${h.partnerId(kind)}`)
          .set(h.auth('beheerder', 'altena'))
      ).status,
    ).toBe(204);
  }
  const event = await request(h.app)
    .post(`/partner/trajectories/${ids.trajectory}/events`)
    .set(h.partnerAuth('COA'))
    .set('Idempotency-Key', 'matrix-coa-1')
    .send({ type: 'COA_OVERDRACHT', occurredOn: TODAY, backgroundAvailable: true });
  expect(event.status).toBe(202);
  ids.inbox = event.body.eventId;
  // Its DELIVERED mark follows the 202; written before any fingerprint is taken.
  await flushPartnerSignals(h.client);
  await flushDeliveredMarks(h.db.prisma);
  // Gemeente A's CBS delivery of a past quarter (what the quarterly schedule prepares).
  await prepareSwiDelivery(h.db.prisma, { gemeente: 'altena', quarter: '2026-Q3' });
  ids.outbox = (
    await h.db.prisma.outboxMessage.create({
      data: {
        key: `matrix-outbox-${Date.now()}`,
        trajectoryId: ids.trajectory,
        recipient: 'dev-taalaanbieder',
        type: 'AANMELDING',
        status: 'FAILED',
        attempts: 3,
        lastError: 'HTTP 500',
      },
    })
  ).id;
  for (const [who, audience, type] of [
    ['consulent altena', 'CONSULENT', 'ONTHEFFING_VERWERKEN'],
    ['teamleider altena', 'TEAMLEIDER', 'PIP_DEADLINE_ESCALATIE'],
    ['beheerder altena', 'BEHEERDER', 'TRAJECT_CONTROLEREN'],
    ['beheerder regio', 'BEHEERDER', 'TRAJECT_CONTROLEREN'],
  ] as const) {
    taskOf[who] = (
      await h.db.prisma.task.create({
        data: {
          key: `matrix-task-${who}-${Date.now()}`,
          trajectoryId: ids.trajectory,
          gemeente: 'altena',
          type,
          audience,
          title: `Taak (matrix, ${who})`,
        },
      })
    ).id;
  }
  ids.task = taskOf['beheerder altena']!;
  ids.apiKey = (
    await createApiKey(h.db.prisma, {
      subject: 'wegwerp@altena',
      role: 'consulent',
      gemeente: 'altena',
      partnerId: null,
    })
  ).id;
  // Let the workflows finish their first steps (tasks, projection) before fingerprinting.
  for (const id of [ids.trajectory, ids.drimmelenTrajectory]) {
    const handle = h.client.workflow.getHandle(
      (await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id } })).workflowId,
    );
    await until(async () => {
      const view = await handle.query<{ stateVersion: number }>('trajectoryView');
      const row = await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id } });
      return row.stateVersion === view.stateVersion;
    });
  }
});
afterAll(async () => {
  await h?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The URL of a route with its parameters filled in. */
function urlOf(route: RouteDefinition): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (name === 'tabel') return route.path.includes('/geld/') ? 'voorzieningen' : 'instroom';
    if (name === 'kwartaal') return '2026-Q3';
    if (name === 'gemeente') return 'altena';
    if (name === 'beschikkingId') return '00000000-0000-0000-0000-000000000000';
    if (name === 'partnerId') return h.partnerId(route.method === 'delete' ? 'ONTZORGEN' : 'COA');
    if (name !== 'id') throw new Error(`matrix: unknown path parameter :${name} in ${route.path}`);
    if (route.path.startsWith('/tasks/')) return ids.task;
    if (route.path.startsWith('/beheer/inbox/')) return ids.inbox;
    if (route.path.startsWith('/beheer/outbox/')) return ids.outbox;
    if (route.path.startsWith('/admin/api-keys/')) return ids.apiKey;
    if (route.path.includes('/trajectories/:id')) return ids.trajectory;
    if (route.path.startsWith('/beheer/startverzoeken/')) return 'sv-matrix-onbekend';
    if (route.path === '/admin/partners/:id') return h.partnerId('COA');
    throw new Error(`matrix: no id for ${route.path}`);
  });
}

type Auth = { Authorization: string } | null;

/** GET routes with a required query parameter get a valid sample. */
const SAMPLE_QUERY: Record<string, string> = { 'get /trajectories': 'q=voorbeeld' };

/**
 * Reads of objects the matrix does not create (a beschikking, a start request): a permitted
 * caller gets past role and tenancy to "bestaat niet" (404), which is all the matrix checks there.
 */
const NOT_SEEDED = new Set(['/trajectories/:id/beschikkingen/:beschikkingId', '/beheer/startverzoeken/:id']);

function call(route: RouteDefinition, auth: Auth, options: { url?: string; body?: object; query?: string } = {}) {
  const query = options.query ?? SAMPLE_QUERY[`${route.method} ${route.path}`];
  const url = (options.url ?? urlOf(route)) + (query ? `?${query}` : '');
  let req = request(h.app)[route.method](url);
  if (auth) req = req.set(auth);
  if (route.path.startsWith('/partner/'))
    req = req.set('Idempotency-Key', `matrix-${Math.random().toString(36).slice(2)}`);
  const body =
    options.body ?? (route.spec.request?.body ? VALID_BODY[`${route.method} ${toOpenApiPath(route.path)}`] : undefined);
  return body ? req.send(body) : req;
}

function expectProblem(res: request.Response, status: number, what: string) {
  expect(res.status, `${what}: ${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.status).toBe(status);
}

/** Who plays each role in the "wrong role" checks (all of gemeente A, or assigned to A). */
const roleKey = (role: Role): Auth => (role === 'partner' ? h.partnerAuth('TAALAANBIEDER') : h.auth(role, 'altena'));

/** Everything a denied call could have changed. */
async function fingerprint(): Promise<string> {
  const p = h.db.prisma;
  const [audit, inbox, assignments, tasks, notes, outbox, keys, partners, persons, trajectories] = await Promise.all([
    p.auditLog.count(),
    p.inboxEvent.findMany({ select: { id: true, status: true, attempts: true }, orderBy: { id: 'asc' } }),
    p.partnerAssignment.count(),
    p.task.findMany({ select: { id: true, status: true, assigneeId: true }, orderBy: { id: 'asc' } }),
    p.intakeNote.count(),
    p.outboxMessage.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    p.apiKey.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    p.partner.count(),
    p.person.count(),
    p.trajectory.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ audit, inbox, assignments, tasks, notes, outbox, keys, partners, persons, trajectories });
}

describe('the matrix covers every route', () => {
  it('OpenAPI operations with security = the route registry', () => {
    expect(rows.length).toBe(API_ROUTES.length);
    for (const row of rows) expect(row.route, row.key).toBeDefined();
    for (const route of API_ROUTES) {
      expect(rows.map((r) => r.key)).toContain(`${route.method} ${toOpenApiPath(route.path)}`);
      if (route.spec.request?.body)
        expect(VALID_BODY, `sample body for ${route.method} ${route.path}`).toHaveProperty([
          `${route.method} ${toOpenApiPath(route.path)}`,
        ]);
      expect(() => scopeOf(route)).not.toThrow();
    }
  });

  it('the served document is the one the matrix walks', async () => {
    const served = await request(h.app).get('/openapi.json');
    expect(Object.keys(served.body.paths).sort()).toEqual(Object.keys(doc.paths ?? {}).sort());
  });
});

describe.each(rows.map((row) => [row.key, row.route!] as const))('%s', (_key, route) => {
  const allowed = route.spec.roles;
  const scope = scopeOf(route);
  const mutating = route.method !== 'get';

  it('denies: no key 401, wrong role 403, other tenant 404 — and changes nothing', async () => {
    const before = await fingerprint();

    expectProblem(await call(route, null), 401, 'no key');
    expectProblem(
      await call(route, { Authorization: 'Bearer ibo_dev-consulent-altena.wrongwrongwrongwrong' }),
      401,
      'wrong key',
    );
    for (const role of ROLES.filter((r) => !allowed.includes(r)))
      expectProblem(await call(route, roleKey(role)), 403, `role ${role}`);

    if (scope === 'trajectory' || scope === 'task' || scope === 'inbox' || scope === 'outbox') {
      for (const role of allowed) {
        if (role === 'partner') {
          // MAATSCHAPPELIJKE_BEGELEIDING may send UREN, but is not assigned to A.
          expectProblem(await call(route, h.partnerAuth('MAATSCHAPPELIJKE_BEGELEIDING')), 404, 'partner not assigned');
          expectProblem(
            await call(route, h.partnerAuth('TAALAANBIEDER'), {
              url: urlOf(route).replace(ids.trajectory, ids.drimmelenTrajectory),
            }),
            404,
            'partner on another trajectory',
          );
        } else {
          for (const gemeente of ['drimmelen', 'oosterhout'])
            expectProblem(await call(route, h.auth(role, gemeente)), 404, `${role} of ${gemeente}`);
        }
      }
    }
    if (scope === 'swi')
      for (const gemeente of ['drimmelen', 'oosterhout'])
        expectProblem(await call(route, h.auth('beheerder', gemeente)), 404, `beheerder of ${gemeente}`);
    if (scope === 'regional' && route.path !== '/admin/partners')
      expectProblem(await call(route, h.auth('beheerder', 'altena')), 403, 'gemeente beheerder');
    if (scope === 'start') {
      expectProblem(await call(route, h.auth('consulent', 'drimmelen')), 403, 'start in another gemeente');
      expectProblem(await call(route, h.auth('beheerder', 'drimmelen')), 403, 'start in another gemeente (beheerder)');
    }
    if (
      scope === 'list' &&
      (route.spec.request?.query as { shape?: Record<string, unknown> } | undefined)?.shape?.gemeente
    ) {
      for (const role of allowed)
        expectProblem(
          await call(route, h.auth(role as 'consulent' | 'teamleider' | 'beheerder', 'drimmelen'), {
            query: 'gemeente=altena',
          }),
          // Monitor figures answer 404 (as if the gemeente did not exist), the lists 403.
          route.spec.tags.includes('monitor') ? 404 : 403,
          `${role} asks for altena`,
        );
    }

    expect(await fingerprint(), 'a denied call changed something').toBe(before);
  });

  it(
    mutating
      ? 'allows the permitted roles (invalid body → 422, or a harmless call)'
      : 'allows the permitted roles, each seeing only its own gemeente',
    async () => {
      const callers: Array<[string, Auth]> = allowed.flatMap((role): Array<[string, Auth]> => {
        if (role === 'partner') return [['partner TAALAANBIEDER', h.partnerAuth('TAALAANBIEDER')]];
        if (scope === 'regional')
          return role === 'beheerder' ? [['beheerder regio', h.auth('beheerder', 'regio')]] : [];
        return [
          [`${role} altena`, h.auth(role, 'altena')],
          ...(role === 'beheerder'
            ? ([['beheerder regio', h.auth('beheerder', 'regio')]] as Array<[string, Auth]>)
            : []),
        ];
      });
      if (route.path === '/admin/partners' && route.method === 'get')
        callers.push(['beheerder altena', h.auth('beheerder', 'altena')]);
      expect(callers.length).toBeGreaterThan(0);

      for (const [who, auth] of callers) {
        const url = scope === 'task' ? urlOf(route).replace(ids.task, taskOf[who]!) : undefined;
        if (!mutating) {
          const res = await call(route, auth, url ? { url } : {});
          expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(NOT_SEEDED.has(route.path) ? 404 : 200);
          continue;
        }
        if (route.spec.request?.body) {
          const before = await fingerprint();
          const res = await call(route, auth, { body: { __invalid: true }, ...(url ? { url } : {}) });
          expectProblem(res, 422, who);
          expect(res.body.errors.length).toBeGreaterThan(0);
          expect(await fingerprint()).toBe(before);
          continue;
        }
        // Body-less mutating routes: a harmless call (idempotent, or undone right after). A CBS
        // delivery already reported by the previous caller is refused by rule (409), not by role.
        const res = await call(route, auth, url ? { url } : {});
        const ok = scope === 'swi' ? [200, 409] : [200, 204];
        expect(ok, `${who}: ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
      }

      // Gemeente-bound lists never show gemeente A's rows to another gemeente.
      if (scope === 'list' && route.method === 'get') {
        const role = allowed.includes('consulent') ? 'consulent' : 'beheerder';
        const res = await call(route, h.auth(role, 'drimmelen'));
        expect(res.status).toBe(200);
        const text = JSON.stringify(res.body);
        expect(text).not.toContain(ids.trajectory);
        if (route.path === '/beheer/monitor') expect(Object.keys(res.body.perGemeente)).toEqual(['drimmelen']);
        if (route.path === '/beheer/inbox')
          expect(JSON.stringify((await call(route, h.auth('beheerder', 'altena'))).body)).toContain(ids.inbox);
        if (route.path === '/beheer/outbox')
          expect(JSON.stringify((await call(route, h.auth('beheerder', 'altena'))).body)).toContain(ids.outbox);
      }
    },
  );
});
