import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInbox } from '../../src/api/partner/inbox-dispatcher';
import { createApiHarness, silentLogger, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let trajectoryId: string;
let workflowId: string;
let otherTrajectoryId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (seed: number, gemeente: string) =>
    (
      await request(h.app)
        .post('/trajectories')
        .set(h.auth('consulent', gemeente))
        .send({ bsn: testBsn(seed), targetGroup: 'asielstatushouder', dates: { inschrijving: '2026-02-01' } })
    ).body as { trajectoryId: string; workflowId: string };
  ({ trajectoryId, workflowId } = await start(100, 'altena'));
  otherTrajectoryId = (await start(101, 'drimmelen')).trajectoryId;
  for (const kind of ['TAALAANBIEDER', 'COA']) {
    const res = await request(h.app).put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId(kind)}`).set(h.auth('beheerder', 'altena'));
    expect(res.status).toBe(204);
  }
});
afterAll(async () => {
  await h?.close();
});

const uren = { type: 'UREN', occurredOn: '2026-03-01', kind: 'LES', hours: 4 };
const post = (key: string | null, body: unknown, kind = 'TAALAANBIEDER', id = trajectoryId, app = h.app) => {
  const req = request(app).post(`/partner/trajectories/${id}/events`).set(h.partnerAuth(kind));
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
};

async function signalCount(eventId: string): Promise<number> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
      (e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []).some((p) => Buffer.from(p.data ?? []).toString('utf8').includes(eventId)),
  ).length;
}

describe('partner events: inbox first, then signal', () => {
  it('accepts an event (202), stores it, signals it once; the same key again gets the same answer', async () => {
    const first = await post('uren-1', uren);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const again = await post('uren-1', uren);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const row = await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: first.body.eventId } });
    expect(row.status).toBe('DELIVERED');
    expect(await signalCount(first.body.eventId)).toBe(1);
  });

  it('refuses the same key with a different body (409) and changes nothing', async () => {
    await post('uren-2', uren);
    const res = await post('uren-2', { ...uren, hours: 8 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await h.db.prisma.inboxEvent.count({ where: { idempotencyKey: 'uren-2' } })).toBe(1);
  });

  it('concurrent duplicates make one inbox row and one signal', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('uren-3', uren)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
    expect(await h.db.prisma.inboxEvent.count({ where: { idempotencyKey: 'uren-3' } })).toBe(1);
    expect(await signalCount(answers[0]!.body.eventId)).toBe(1);
  });

  it('404 for an unknown or not-assigned trajectory, 403 for an event type of another partner kind', async () => {
    expect((await post('k-404a', uren, 'TAALAANBIEDER', 'trj_doesnotexist')).status).toBe(404);
    expect((await post('k-404b', uren, 'TAALAANBIEDER', otherTrajectoryId)).status).toBe(404);
    expect((await post('k-404c', uren, 'ONTZORGEN')).status).toBe(404);
    const forbidden = await post('k-403', { type: 'COA_OVERDRACHT', occurredOn: '2026-03-01', backgroundAvailable: true });
    expect(forbidden.status).toBe(403);
    expect((await post('k-coa', { type: 'COA_OVERDRACHT', occurredOn: '2026-03-01', backgroundAvailable: true }, 'COA')).status).toBe(202);
  });

  it('422 naming every wrong field, unknown event type, missing Idempotency-Key', async () => {
    const bad = await post('k-422', { type: 'UREN', occurredOn: '2026-13-01', kind: 'NOPE', hours: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.hours', 'body.kind', 'body.occurredOn']);
    const unknown = await post('k-unknown', { type: 'IETS_ANDERS', occurredOn: '2026-03-01' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('body.type');
    const noKey = await post(null, uren);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('headers.idempotency-key');
  });

  it('an accepted event survives Temporal being down and is delivered by the dispatcher later', async () => {
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 300 }) });
    const app = h.appWith({ temporal: dead, timeouts: { rpcMs: 500 } });
    const res = await post('down-1', { ...uren, hours: 2 }, 'TAALAANBIEDER', trajectoryId, app);
    expect(res.status).toBe(202);
    const stored = await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: res.body.eventId } });
    expect(stored.status).toBe('RECEIVED');
    expect(stored.attempts).toBe(1);
    expect(await signalCount(res.body.eventId)).toBe(0);

    const delivered = await dispatchInbox({ prisma: h.db.prisma, temporal: h.client, logger: silentLogger, graceMs: 0 });
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect((await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: res.body.eventId } })).status).toBe('DELIVERED');
    expect(await signalCount(res.body.eventId)).toBe(1);
  });
});
