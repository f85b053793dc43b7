/**
 * Every 4xx path of the issue, each as RFC 9457 problem+json naming the failing field or rule,
 * and — where the request could have had an effect — proof that it changed nothing (no row,
 * no signal, no history event, no audit row).
 */
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_BASE } from '../../src/api/http/errors';
import { addDays } from '../../src/domain/dates';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const TODAY = new Date().toISOString().slice(0, 10);
let h: ApiHarness;
let trajectoryId: string;
let workflowId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const res = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn: testBsn(500), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-10-01' } });
  ({ trajectoryId, workflowId } = res.body);
  expect(
    (
      await request(h.app)
        .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
        .set(h.auth('beheerder', 'altena'))
    ).status,
  ).toBe(204);
  await settle();
});

/** Waits until the workflow has projected its latest state (its loop is idle), so history lengths are stable. */
async function settle(): Promise<void> {
  const handle = h.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 200; i++) {
    const view = await handle.query<{ stateVersion: number }>('trajectoryView');
    const row = await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
    const description = await handle.describe();
    if (
      row.stateVersion === view.stateVersion &&
      !description.raw.pendingWorkflowTask &&
      !description.raw.pendingActivities?.length
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('workflow did not settle');
}
afterAll(async () => {
  await h?.close();
});

/** Asserts the RFC 9457 shape; returns the body. */
function problem(res: request.Response, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    status,
    code,
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    correlationId: res.headers['x-request-id'],
  });
  expect(res.body.title.length).toBeGreaterThan(0);
  expect(res.body.detail.length).toBeGreaterThan(0);
  return res.body as {
    errors?: Array<{ field: string; message: string }>;
    reason?: string;
    detail: string;
    instance?: string;
  };
}

/** Everything a refused request could have touched. */
async function snapshot() {
  const p = h.db.prisma;
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  return {
    persons: await p.person.count(),
    trajectories: await p.trajectory.count(),
    inbox: await p.inboxEvent.count(),
    audit: await p.auditLog.count(),
    notes: await p.intakeNote.count(),
    history: history.events?.length ?? 0,
  };
}

const consulent = () => h.auth('consulent', 'altena');
const partner = () => h.partnerAuth('TAALAANBIEDER');
const uren = { type: 'UREN', occurredOn: TODAY, kind: 'LES', hours: 2 };

describe('request format', () => {
  it('malformed JSON → 400 MALFORMED_JSON, nothing stored', async () => {
    const before = await snapshot();
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(consulent())
        .set('Content-Type', 'application/json')
        .send('{"bsn": "1'),
      400,
      'MALFORMED_JSON',
    );
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(consulent())
        .set('Content-Type', 'application/json')
        .send('"just a string"'),
      400,
      'MALFORMED_JSON',
    );
    problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'malformed-1')
        .set('Content-Type', 'application/json')
        .send('{"type":'),
      400,
      'MALFORMED_JSON',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('wrong content type → 415 (also a non-UTF-8 charset), nothing stored', async () => {
    const before = await snapshot();
    const body = problem(
      await request(h.app).post('/trajectories').set(consulent()).set('Content-Type', 'text/plain').send('bsn=1'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(body.detail).toContain('application/json');
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(consulent())
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('bsn=1'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(consulent())
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{}'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/sleuteldata`)
        .set(consulent())
        .set('Content-Type', 'text/xml')
        .send('<x/>'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('oversized body → 413, nothing stored', async () => {
    const before = await snapshot();
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(consulent())
        .send({ bsn: testBsn(501), targetGroup: 'gezinsmigrant', naam: 'x'.repeat(150_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'big-1')
        .send({ ...uren, padding: 'x'.repeat(150_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('no body where one is required → 422 saying so', async () => {
    const body = problem(
      await request(h.app).post(`/trajectories/${trajectoryId}/decisions/sleuteldata`).set(consulent()),
      422,
      'VALIDATION_FAILED',
    );
    expect(body.detail).toContain('geen JSON-body');
    expect(body.errors?.[0]?.field).toBe('body');
  });

  it('unknown route → 404 naming it; a known path with another method (PATCH, TRACE) → 405 with Allow; a malformed path → 400, not 500', async () => {
    const unknown = problem(await request(h.app).get('/bestaat-niet'), 404, 'NOT_FOUND');
    expect(unknown.detail).toContain('GET /bestaat-niet');
    expect(unknown.instance).toBe('/bestaat-niet');
    problem(
      await request(h.app).post('/trajectories/x/decisions/bestaat-niet').set(consulent()).send({}),
      404,
      'NOT_FOUND',
    );
    const patch = await request(h.app).patch('/tasks').set(consulent()).send({});
    expect(problem(patch, 405, 'METHOD_NOT_ALLOWED').detail).toContain('PATCH');
    expect(patch.headers.allow).toBe('GET');
    for (const path of ['/trajectories', '/healthz', `/trajectories/${trajectoryId}`, '/beheer/inbox']) {
      const trace = await request(h.app).trace(path);
      expect(trace.status, path).toBe(405);
      expect(trace.headers.allow, path).toMatch(/GET|POST/);
    }
    problem(await request(h.app).get('/tasks/%E0%A4%A').set(consulent()), 400, 'BAD_REQUEST');
    problem(await request(h.app).get('/trajectories/%ZZ').set(consulent()), 400, 'BAD_REQUEST');
  });
});

describe('partner events', () => {
  it('unknown event type → 422 naming body.type; no inbox row, no signal', async () => {
    const before = await snapshot();
    const body = problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'unknown-type')
        .send({ type: 'IETS_ANDERS', occurredOn: TODAY }),
      422,
      'VALIDATION_FAILED',
    );
    expect(body.errors?.map((e) => e.field)).toEqual(['body.type']);
    expect(await snapshot()).toEqual(before);
  });

  it('malformed event → 422 naming every wrong field; missing Idempotency-Key → 400 naming the header', async () => {
    const before = await snapshot();
    const body = problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'bad-fields')
        .send({ type: 'UREN', occurredOn: '2026-02-30', kind: 'GEEN', hours: 0, extra: true }),
      422,
      'VALIDATION_FAILED',
    );
    expect(body.errors?.map((e) => e.field).sort()).toEqual([
      'body.extra', // an unknown field is named itself
      'body.hours',
      'body.kind',
      'body.occurredOn',
    ]);
    const noKey = problem(
      await request(h.app).post(`/partner/trajectories/${trajectoryId}/events`).set(partner()).send(uren),
      400,
      'BAD_REQUEST',
    );
    expect(noKey.errors?.map((e) => e.field)).toEqual(['headers.idempotency-key']);
    expect(await snapshot()).toEqual(before);
  });

  it('an event type this partner kind may not send → 403; not assigned → 404; nothing stored', async () => {
    const before = await snapshot();
    const body = problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'wrong-kind')
        .send({ type: 'SS106', occurredOn: TODAY }),
      403,
      'FORBIDDEN',
    );
    expect(body.detail).toContain('SS106');
    problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(h.partnerAuth('COA'))
        .set('Idempotency-Key', 'not-assigned')
        .send({ type: 'COA_OVERDRACHT', occurredOn: TODAY, backgroundAvailable: true }),
      404,
      'NOT_FOUND',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('duplicate event: same key + same body → same 202 answer, once; same key + other body → 409, nothing changes', async () => {
    const send = (body: object) =>
      request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(partner())
        .set('Idempotency-Key', 'dup-1')
        .send(body);
    const first = await send(uren);
    expect(first.status).toBe(202);
    await settle();
    const after = await snapshot();
    const again = await send({ hours: 2, kind: 'LES', occurredOn: TODAY, type: 'UREN' }); // other key order, same event
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const conflict = problem(await send({ ...uren, hours: 3 }), 409, 'IDEMPOTENCY_CONFLICT');
    expect((conflict as { eventId?: string }).eventId).toBe(first.body.eventId);
    expect(await snapshot()).toEqual(after);
    const view = await h.client.workflow
      .getHandle(workflowId)
      .query<{ modules: { hours: Record<string, number> } }>('trajectoryView');
    expect(view.modules.hours.LES).toBe(2);
  });
});

describe('who may do what', () => {
  it('wrong role → 403 naming the role; nothing happens', async () => {
    const before = await snapshot();
    const decision = problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/sleuteldata`)
        .set(h.auth('beheerder', 'altena'))
        .send({ vestiging: TODAY }),
      403,
      'FORBIDDEN',
    );
    expect(decision.detail).toContain('beheerder');
    problem(
      await request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(consulent())
        .set('Idempotency-Key', 'role-1')
        .send(uren),
      403,
      'FORBIDDEN',
    );
    problem(
      await request(h.app)
        .post(`/beheer/trajectories/${trajectoryId}/terminate`)
        .set(consulent())
        .send({ reason: 'mag niet' }),
      403,
      'FORBIDDEN',
    );
    expect(await snapshot()).toEqual(before);
    expect((await h.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('wrong gemeente → 404 as if it did not exist (decision, dossier, terminate); a start in another gemeente → 403; nothing happens', async () => {
    const before = await snapshot();
    const outsider = h.auth('consulent', 'drimmelen');
    const missing = problem(await request(h.app).get('/trajectories/trj_bestaatniet').set(outsider), 404, 'NOT_FOUND');
    const foreign = problem(await request(h.app).get(`/trajectories/${trajectoryId}`).set(outsider), 404, 'NOT_FOUND');
    expect(foreign.detail.replace(trajectoryId, 'X')).toBe(missing.detail.replace('trj_bestaatniet', 'X'));
    problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/sleuteldata`)
        .set(outsider)
        .send({ vestiging: TODAY }),
      404,
      'NOT_FOUND',
    );
    problem(
      await request(h.app)
        .post(`/beheer/trajectories/${trajectoryId}/terminate`)
        .set(h.auth('beheerder', 'drimmelen'))
        .send({ reason: 'niet van mij' }),
      404,
      'NOT_FOUND',
    );
    problem(
      await request(h.app)
        .post('/trajectories')
        .set(outsider)
        .send({ bsn: testBsn(502), targetGroup: 'gezinsmigrant', gemeente: 'altena' }),
      403,
      'FORBIDDEN',
    );
    problem(await request(h.app).get('/tasks?gemeente=altena').set(outsider), 403, 'FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

describe('rules', () => {
  it('illegal transition → 409 with the rule code and reason; the refusal leaves no trace (no audit, no history event)', async () => {
    const before = await snapshot();
    const pip = problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/pip-bijstelling`)
        .set(consulent())
        .send({ dagtekening: TODAY, leerroute: 'B1', level: 'B1', alfabetisering: false }),
      409,
      'CONFLICT',
    );
    expect(pip.reason).toBe('PIP_NOG_NIET_VASTGESTELD');
    const future = problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/warme-overdracht`)
        .set(consulent())
        .send({ date: addDays(TODAY, 30), form: 'VIDEO', backgroundHandedOver: true }),
      409,
      'CONFLICT',
    );
    expect(['DATUM_IN_TOEKOMST', 'VERKEERDE_FASE']).toContain(future.reason);
    // Beyond the plausible window (today + 5 years) it does not reach the workflow at all.
    const implausible = problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/warme-overdracht`)
        .set(consulent())
        .send({ date: '2099-01-01', form: 'VIDEO', backgroundHandedOver: true }),
      422,
      'VALIDATION_FAILED',
    );
    expect(implausible.errors?.map((e) => e.field)).toEqual(['body.date']);
    expect(await snapshot()).toEqual(before);
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    const updates = (history.events ?? []).filter(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(updates).toHaveLength(0);
  });

  it('422 names every wrong field of a decision (zod first, the workflow never sees it)', async () => {
    const before = await snapshot();
    const body = problem(
      await request(h.app)
        .post(`/trajectories/${trajectoryId}/decisions/pip`)
        .set(consulent())
        .send({ dagtekening: '01-03-2026', leerroute: 'C1', level: 'B1', alfabetisering: 'ja', extra: 1 }),
      422,
      'VALIDATION_FAILED',
    );
    expect(body.errors?.map((e) => e.field).sort()).toEqual([
      'body.alfabetisering',
      'body.dagtekening',
      'body.extra',
      'body.leerroute',
    ]);
    expect(await snapshot()).toEqual(before);
  });
});
