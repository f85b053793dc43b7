/**
 * Regression tests for the outside probe's findings (issue 14 §4), one block per finding. Each
 * fails when its fix is undone.
 */
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/api/auth/api-keys';
import { addDays, addYears } from '../../src/domain/dates';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const TODAY = todayInAmsterdam(new Date());
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const consulent = () => h.auth('consulent', 'altena');
const beheerder = () => h.auth('beheerder', 'altena');
const regio = () => h.auth('beheerder', 'regio');
let bsnSeed = 7000;

async function start(extra: object = {}) {
  const res = await request(h.app)
    .post('/trajectories')
    .set(consulent())
    .send({ bsn: testBsn(bsnSeed++), targetGroup: 'gezinsmigrant', dates: { inschrijving: TODAY }, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { trajectoryId: string; workflowId: string };
}

async function assign(trajectoryId: string, kind = 'TAALAANBIEDER') {
  const res = await request(h.app)
    .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId(kind)}`)
    .set(beheerder());
  expect(res.status).toBe(204);
}

async function workflowStatus(workflowId: string) {
  return (await h.client.workflow.getHandle(workflowId).describe()).status.name;
}

describe('High — audit bypass: control characters never reach PostgreSQL, audited actions are audited', () => {
  it('a NUL in the reason of terminate, cancel or outbox retry is a 422; the workflow runs on; no audit row', async () => {
    const t = await start();
    const auditsBefore = await h.db.prisma.auditLog.count();
    for (const action of ['terminate', 'cancel']) {
      const res = await request(h.app)
        .post(`/beheer/trajectories/${t.trajectoryId}/${action}`)
        .set(beheerder())
        .send({ reason: 'Dubbel\u0000aangemaakt' });
      expect(res.status, action).toBe(422);
      expect(res.body.errors[0].field).toBe('body.reason');
    }
    const retry = await request(h.app)
      .post('/beheer/outbox/00000000-0000-0000-0000-000000000000/retry')
      .set(beheerder())
      .send({ reason: 'opnieuw\u0000' });
    expect(retry.status).toBe(422);
    expect(await workflowStatus(t.workflowId)).toBe('RUNNING');
    expect(await h.db.prisma.auditLog.count()).toBe(auditsBefore);
  });

  it('control characters and bidi overrides are refused everywhere: bodies, object keys, params and query strings', async () => {
    const cases: Array<[string, request.Test]> = [
      [
        'naam with NUL',
        request(h.app)
          .post('/trajectories')
          .set(consulent())
          .send({ bsn: testBsn(1), targetGroup: 'gezinsmigrant', naam: 'A\u0000B' }),
      ],
      [
        'naam with RTL override',
        request(h.app)
          .post('/trajectories')
          .set(consulent())
          .send({ bsn: testBsn(2), targetGroup: 'gezinsmigrant', naam: 'Ali \u202Egnp.exe' }),
      ],
      [
        'naam with ESC',
        request(h.app)
          .post('/trajectories')
          .set(consulent())
          .send({ bsn: testBsn(3), targetGroup: 'gezinsmigrant', naam: 'A\u001B[31mB' }),
      ],
      [
        'NUL in an object key',
        request(h.app)
          .post('/trajectories')
          .set(consulent())
          .send({ bsn: testBsn(4), targetGroup: 'gezinsmigrant', ['x\u0000']: 1 }),
      ],
      ['?status=%00 on the inbox', request(h.app).get('/beheer/inbox?status=%00').set(beheerder())],
      ['?status=%00 on the outbox', request(h.app).get('/beheer/outbox?status=%00').set(beheerder())],
      ['?status=%00 on trajectories', request(h.app).get('/beheer/trajectories?status=%00').set(beheerder())],
      ['?gemeente=%00 on tasks', request(h.app).get('/tasks?gemeente=%00').set(regio())],
      ['an unknown query parameter with NUL', request(h.app).get('/tasks?x=%00').set(consulent())],
      ['a path id with NUL', request(h.app).get('/trajectories/trj_%00').set(consulent())],
    ];
    const personsBefore = await h.db.prisma.person.count();
    for (const [name, call] of cases) {
      const res = await call;
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.headers['content-type'], name).toContain('application/problem+json');
    }
    expect(await h.db.prisma.person.count()).toBe(personsBefore);
  });

  it('markup in a name is kept as text and only ever served as JSON (nosniff); escaping is the HTML views’ job', async () => {
    const started = await request(h.app)
      .post('/trajectories')
      .set(consulent())
      .send({ bsn: testBsn(5), targetGroup: 'gezinsmigrant', naam: '<img src=x onerror=alert(1)>' });
    expect(started.status).toBe(201);
    const dossier = await request(h.app).get(`/trajectories/${started.body.trajectoryId}`).set(consulent());
    expect(dossier.headers['content-type']).toMatch(/^application\/json/);
    expect(dossier.headers['x-content-type-options']).toBe('nosniff');
    expect(dossier.body.person.naam).toBe('<img src=x onerror=alert(1)>');
  });

  it('the audit row is written before the action: when Temporal fails, the row says so (outcome MISLUKT)', async () => {
    const t = await start();
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 300 }) });
    const app = h.appWith({ temporal: dead, timeouts: { rpcMs: 500 } });
    const res = await request(app)
      .post(`/beheer/trajectories/${t.trajectoryId}/terminate`)
      .set(beheerder())
      .send({ reason: 'Temporal is weg' });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const rows = await h.db.prisma.auditLog.findMany({
      where: { trajectoryId: t.trajectoryId, action: 'WORKFLOW_BEEINDIGD' },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: 'beheerder@altena', reason: 'Temporal is weg' });
    expect(rows[0]!.details).toMatchObject({ outcome: 'MISLUKT' });
    expect(await workflowStatus(t.workflowId)).toBe('RUNNING');
  });
});

describe('Medium-High — development keys only for a development service on loopback', () => {
  it('refuses the development keys in production, in test mode and on a network-facing address (401)', async () => {
    for (const overrides of [{ NODE_ENV: 'production' as const }, { NODE_ENV: 'test' as const }, { HOST: '0.0.0.0' }]) {
      const app = h.appWith({ config: { ...h.config, ...overrides } });
      const res = await request(app).get('/tasks').set(consulent());
      expect(res.status, JSON.stringify(overrides)).toBe(401);
    }
    // A key made through the API keeps working there.
    const made = await createApiKey(h.db.prisma, {
      subject: 'echte@altena',
      role: 'consulent',
      gemeente: 'altena',
      partnerId: null,
    });
    const production = h.appWith({ config: { ...h.config, NODE_ENV: 'production' } });
    expect((await request(production).get('/tasks').set('Authorization', `Bearer ${made.token}`)).status).toBe(200);
  });
});

describe('Medium — implausible dates are refused (schema and domain), a workflow never fails on accepted input', () => {
  it('inschrijving 9999-12-31, PIP dagtekening 0001-01-01, geboortedatum 0000-01-01: 422 naming the field, nothing stored', async () => {
    const persons = await h.db.prisma.person.count();
    const inschrijving = await request(h.app)
      .post('/trajectories')
      .set(consulent())
      .send({ bsn: testBsn(20), targetGroup: 'gezinsmigrant', dates: { inschrijving: '9999-12-31' } });
    expect(inschrijving.status).toBe(422);
    expect(inschrijving.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.dates.inschrijving']);
    const geboorte = await request(h.app)
      .post('/trajectories')
      .set(consulent())
      .send({ bsn: testBsn(21), targetGroup: 'gezinsmigrant', geboortedatum: '0000-01-01' });
    expect(geboorte.status).toBe(422);
    expect(geboorte.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.geboortedatum']);
    expect(await h.db.prisma.person.count()).toBe(persons);

    const t = await start();
    const pip = await request(h.app)
      .post(`/trajectories/${t.trajectoryId}/decisions/pip`)
      .set(consulent())
      .send({ dagtekening: '0001-01-01', leerroute: 'B1', level: 'B1', alfabetisering: false });
    expect(pip.status).toBe(422);
    expect(pip.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.dagtekening']);
  });

  it('the window edges: today + 5 years is accepted, one day later is not; a start at the edge runs without a failing workflow task', async () => {
    const edge = addYears(TODAY, 5);
    const beyond = await request(h.app)
      .post('/trajectories')
      .set(consulent())
      .send({ bsn: testBsn(22), targetGroup: 'gezinsmigrant', dates: { inschrijving: addDays(edge, 1) } });
    expect(beyond.status).toBe(422);
    const t = await start({ dates: { inschrijving: edge, plichtStart: edge } });
    const handle = h.client.workflow.getHandle(t.workflowId);
    await expect
      .poll(async () => (await handle.query<{ stateVersion: number }>('trajectoryView')).stateVersion)
      .toBeGreaterThan(0);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.raw.pendingWorkflowTask?.attempt ?? 1).toBe(1);
  });

  it('a partner occurredOn of 1900 or 2099 and 0.0001 hours are refused; 0.75 hours today is accepted', async () => {
    const t = await start();
    await assign(t.trajectoryId);
    const post = (key: string, body: object) =>
      request(h.app)
        .post(`/partner/trajectories/${t.trajectoryId}/events`)
        .set(h.partnerAuth('TAALAANBIEDER'))
        .set('Idempotency-Key', key)
        .send(body);
    const bad = [
      ['old', { type: 'UREN', occurredOn: '1900-01-01', kind: 'LES', hours: 2 }, 'body.occurredOn'],
      ['future', { type: 'UREN', occurredOn: '2099-01-01', kind: 'LES', hours: 2 }, 'body.occurredOn'],
      ['tomorrow', { type: 'UREN', occurredOn: addDays(TODAY, 1), kind: 'LES', hours: 2 }, 'body.occurredOn'],
      ['tiny', { type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 0.0001 }, 'body.hours'],
      ['odd', { type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 1.1 }, 'body.hours'],
    ] as const;
    for (const [key, body, field] of bad) {
      const res = await post(`probe-${key}`, body);
      expect(res.status, key).toBe(422);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))], key).toEqual([field]);
    }
    expect(await h.db.prisma.inboxEvent.count({ where: { trajectoryId: t.trajectoryId } })).toBe(0);
    expect((await post('ok', { type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 0.75 })).status).toBe(202);
  });
});

describe('Consistency — terminate and cancel are reflected in projection and tasks; later events are refused', () => {
  it('after terminate: dossier from the projection (AFGESLOTEN), open tasks closed with the reason, a new partner event 409, resend 409', async () => {
    const t = await start();
    await assign(t.trajectoryId);
    await expect
      .poll(() => h.db.prisma.task.count({ where: { trajectoryId: t.trajectoryId, status: 'OPEN' } }))
      .toBeGreaterThan(0);
    const earlier = await request(h.app)
      .post(`/partner/trajectories/${t.trajectoryId}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', 'before-terminate')
      .send({ type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 1 });
    expect(earlier.status).toBe(202);

    const res = await request(h.app)
      .post(`/beheer/trajectories/${t.trajectoryId}/terminate`)
      .set(beheerder())
      .send({ reason: 'Onterecht gestart' });
    expect(res.status).toBe(200);

    const dossier = await request(h.app).get(`/trajectories/${t.trajectoryId}`).set(consulent());
    expect(dossier.body.source).toBe('projection');
    expect(dossier.body.projection).toMatchObject({ status: 'BEEINDIGD', closeReason: 'BEEINDIGD_DOOR_BEHEERDER' });
    expect(dossier.body.openTasks).toEqual([]);
    if (dossier.body.view) expect(dossier.body.view.status).toBe('AFGESLOTEN');
    const tasks = await h.db.prisma.task.findMany({ where: { trajectoryId: t.trajectoryId } });
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(task.status).toBe('CLOSED');
      expect(task.result).toMatchObject({ gesloten: 'BEEINDIGD_DOOR_BEHEERDER', reden: 'Onterecht gestart' });
    }

    const later = await request(h.app)
      .post(`/partner/trajectories/${t.trajectoryId}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', 'after-terminate')
      .send({ type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 1 });
    expect(later.status).toBe(409);
    expect(later.body.reason).toBe('TRAJECT_AFGESLOTEN');
    expect(await h.db.prisma.inboxEvent.count({ where: { idempotencyKey: 'after-terminate' } })).toBe(0);
    // The same key as before is still the same answer (idempotency holds).
    const replay = await request(h.app)
      .post(`/partner/trajectories/${t.trajectoryId}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', 'before-terminate')
      .send({ type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 1 });
    expect(replay.status).toBe(202);

    const resend = await request(h.app)
      .post(`/beheer/inbox/${earlier.body.eventId}/resend`)
      .set(beheerder())
      .send({ reason: 'Probeer opnieuw' });
    expect(resend.status).toBe(409);
    expect(resend.body.reason).toBe('TRAJECT_AFGESLOTEN');
  });
});

describe('Low — headers, failed authentication, the last regional key', () => {
  it('personal-data answers carry Cache-Control: no-store (dossier, intake notes, task list)', async () => {
    const t = await start();
    for (const path of [`/trajectories/${t.trajectoryId}`, `/trajectories/${t.trajectoryId}/intake-notes`, '/tasks']) {
      const res = await request(h.app).get(path).set(consulent());
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('401 says how to authenticate (WWW-Authenticate), with invalid_token when a key was given', async () => {
    const none = await request(h.app).get('/tasks');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="inburgering"');
    const wrong = await request(h.app).get('/tasks').set('Authorization', 'Bearer ibo_abcdef.0123456789abcdefXYZ');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('failed authentication is rate-limited per address: 700 bad keys are not 700 × 401', async () => {
    const app = h.appWith({ authFailureLimit: { windowMs: 60_000, limit: 10 } });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push(
        (await request(app).get('/tasks').set('Authorization', `Bearer ibo_guess${i}.0123456789abcdefghij`)).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
  });

  it('the last valid regional beheerder key cannot be revoked (409); with a second one it can', async () => {
    const regional = await h.db.prisma.apiKey.findMany({
      where: { role: 'beheerder', gemeente: null, revokedAt: null },
    });
    expect(regional).toHaveLength(1);
    const last = await request(h.app).delete(`/admin/api-keys/${regional[0]!.id}`).set(regio());
    expect(last.status).toBe(409);
    expect(last.body.reason).toBe('LAATSTE_REGIONALE_SLEUTEL');
    const second = await request(h.app)
      .post('/admin/api-keys')
      .set(regio())
      .send({ subject: 'tweede@regio', role: 'beheerder', gemeente: null });
    expect(second.status).toBe(201);
    const revoked = await request(h.app).delete(`/admin/api-keys/${second.body.id}`).set(regio());
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
  });
});
