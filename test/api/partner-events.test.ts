import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../support/failures';
import { createInboxActivities, INBOX_ROW_NOT_DELIVERED } from '../../src/api/inbox/activities';
import { flushDeliveredMarks } from '../../src/api/partner/delivered-marks';
import { flushPartnerSignals, queuePartnerSignal } from '../../src/api/partner/signal-queue';
import { trajectoryViewQuery } from '../../src/workflows/trajectory/messages';
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
    const res = await request(h.app)
      .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId(kind)}`)
      .set(h.auth('beheerder', 'altena'));
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

const later = (ms: number) => () => new Date(Date.now() + ms);

/** The inbox drain's activities, as the API process runs them (Temporal reachable through `temporal`). */
// A dead client fails at once anyway; a live one gets a deadline a loaded CI machine can meet (a
// 300 ms signal deadline made the "Temporal back" step flaky: the signal landed after the row was
// already recorded as not delivered).
const drainWith = (temporal: Client, now?: () => Date, signalTimeoutMs = 10_000) =>
  createInboxActivities({
    prisma: h.db.prisma,
    temporal,
    logger: silentLogger,
    signalTimeoutMs,
    ...(now ? { now } : {}),
  });

const deadClient = () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 300 }) });

/** Signals carrying `eventId` in every run of the workflow (it may have continued as new since). */
async function signalCount(eventId: string): Promise<number> {
  const runIds = new Set<string>([(await h.client.workflow.getHandle(workflowId).describe()).runId]);
  for await (const run of h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runIds.add(run.runId);
  let count = 0;
  for (const runId of runIds) {
    const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
    count += (history.events ?? []).filter(
      (e) =>
        e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
        (e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []).some((p) =>
          Buffer.from(p.data ?? [])
            .toString('utf8')
            .includes(eventId),
        ),
    ).length;
  }
  return count;
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
    // The DELIVERED mark follows the 202 (batched with other requests' marks).
    await flushPartnerSignals(h.client);
    await flushDeliveredMarks(h.db.prisma);
    const row = await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: first.body.eventId } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
    // A signal that arrives while a workflow task runs is written to history when that task ends.
    await expect.poll(() => signalCount(first.body.eventId), { timeout: 10_000 }).toBe(1);
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
    // 202 means stored; the first request may still be signalling when the duplicates answer.
    await expect.poll(() => signalCount(answers[0]!.body.eventId), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => (await h.db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: 'uren-3' } })).status)
      .toBe('DELIVERED');
    expect(await signalCount(answers[0]!.body.eventId)).toBe(1);
  });

  it('many events at once: each stored, signalled and marked DELIVERED once (the mark follows the 202)', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `uren-batch-${i}`);
    const answers = await Promise.all(keys.map((key) => post(key, { ...uren, hours: 0.25 })));
    expect(answers.map((a) => a.status)).toEqual(Array(keys.length).fill(202));
    await flushPartnerSignals(h.client);
    await flushDeliveredMarks(h.db.prisma);
    const rows = await h.db.prisma.inboxEvent.findMany({ where: { idempotencyKey: { in: keys } } });
    expect(rows).toHaveLength(keys.length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
      expect(row.deliveredAt!.getTime()).toBeGreaterThanOrEqual(row.receivedAt.getTime());
    }
    for (const answer of answers)
      await expect.poll(() => signalCount(answer.body.eventId), { timeout: 10_000 }).toBe(1);
  });

  it('events stored while the signal of their trajectory is on its way go together in one signal, in order', async () => {
    // Three rows stored at once; the queue is handed them in one go (no await in between): the
    // first is signalled on its own, the two that queued up meanwhile together.
    const rows = await Promise.all(
      [1, 2, 3].map((n) =>
        h.db.prisma.inboxEvent.create({
          data: {
            partnerId: h.partnerId('TAALAANBIEDER'),
            idempotencyKey: `queue-${n}`,
            bodyHash: `queue-${n}`,
            trajectoryId,
            type: 'UREN',
            payload: { ...uren, hours: n },
            nextAttemptAt: new Date(Date.now() + 60_000),
          },
        }),
      ),
    );
    const handle = h.client.workflow.getHandle(workflowId);
    const hoursBefore = (await handle.query(trajectoryViewQuery)).modules.hours.LES ?? 0;
    const deps = { prisma: h.db.prisma, temporal: h.client, logger: silentLogger, timeoutMs: 10_000 };
    for (const row of rows) queuePartnerSignal(deps, trajectoryId, row);
    await flushPartnerSignals(h.client);
    await flushDeliveredMarks(h.db.prisma);

    const ourSignals = async () =>
      ((await handle.fetchHistory()).events ?? [])
        .filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map((e) => ({
          name: e.workflowExecutionSignaledEventAttributes?.signalName,
          data: (e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? [])
            .map((p) => Buffer.from(p.data ?? []).toString('utf8'))
            .join(''),
        }))
        .filter((signal) => rows.some((row) => signal.data.includes(row.id)));
    // A signal that arrives while a workflow task runs is written to history when that task ends.
    await expect.poll(async () => (await ourSignals()).length, { timeout: 10_000 }).toBe(2);
    const signals = await ourSignals();
    expect(signals.map((signal) => signal.name)).toEqual(['partnerEvent', 'partnerEvents']);
    expect(signals[0]!.data).toContain(rows[0]!.id);
    const batch = signals[1]!.data;
    expect(batch.indexOf(rows[1]!.id)).toBeGreaterThan(-1);
    expect(batch.indexOf(rows[2]!.id)).toBeGreaterThan(batch.indexOf(rows[1]!.id));
    await expect
      .poll(async () => (await handle.query(trajectoryViewQuery)).modules.hours.LES, { timeout: 10_000 })
      .toBe(hoursBefore + 1 + 2 + 3);
    const stored = await h.db.prisma.inboxEvent.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
    expect(stored.map((row) => row.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('404 for an unknown or not-assigned trajectory, 403 for an event type of another partner kind', async () => {
    expect((await post('k-404a', uren, 'TAALAANBIEDER', 'trj_doesnotexist')).status).toBe(404);
    expect((await post('k-404b', uren, 'TAALAANBIEDER', otherTrajectoryId)).status).toBe(404);
    expect((await post('k-404c', uren, 'ONTZORGEN')).status).toBe(404);
    const forbidden = await post('k-403', {
      type: 'COA_OVERDRACHT',
      occurredOn: '2026-03-01',
      backgroundAvailable: true,
    });
    expect(forbidden.status).toBe(403);
    expect(
      (await post('k-coa', { type: 'COA_OVERDRACHT', occurredOn: '2026-03-01', backgroundAvailable: true }, 'COA'))
        .status,
    ).toBe(202);
  });

  it('a 404 stores nothing; after the assignment is withdrawn the same key is a 404 too (tenancy before replay)', async () => {
    const inbox = () => h.db.prisma.inboxEvent.count();
    const before = await inbox();
    expect((await post('k-404-none', uren, 'TAALAANBIEDER', otherTrajectoryId)).status).toBe(404);
    expect((await post('k-404-none', uren, 'ONTZORGEN')).status).toBe(404);
    // A forbidden type on a trajectory the partner is not assigned to: 404 first, as before.
    expect(
      (
        await post(
          'k-404-forbidden',
          { type: 'MB_RAPPORTAGE', occurredOn: '2026-03-01', status: 'LOPEND' },
          'ONTZORGEN',
        )
      ).status,
    ).toBe(404);
    expect(await inbox()).toBe(before);

    // A trajectory of its own, so withdrawing the assignment does not disturb the other tests.
    const own = (
      await request(h.app)
        .post('/trajectories')
        .set(h.auth('consulent', 'altena'))
        .send({ bsn: testBsn(102), targetGroup: 'asielstatushouder', dates: { inschrijving: '2026-02-01' } })
    ).body.trajectoryId as string;
    const assignment = `/beheer/trajectories/${own}/partners/${h.partnerId('TAALAANBIEDER')}`;
    expect((await request(h.app).put(assignment).set(h.auth('beheerder', 'altena'))).status).toBe(204);
    const first = await post('k-withdrawn', uren, 'TAALAANBIEDER', own);
    expect(first.status).toBe(202);
    expect((await post('k-withdrawn', uren, 'TAALAANBIEDER', own)).headers['idempotent-replayed']).toBe('true');
    expect((await request(h.app).delete(assignment).set(h.auth('beheerder', 'altena'))).status).toBe(204);
    expect((await post('k-withdrawn', uren, 'TAALAANBIEDER', own)).status).toBe(404);
    expect((await post('k-withdrawn-new', uren, 'TAALAANBIEDER', own)).status).toBe(404);
    expect(await h.db.prisma.inboxEvent.count({ where: { trajectoryId: own } })).toBe(1);
  });

  it('partner kinds report what they do: PVT by the maatschappelijk begeleider, MAP by WERK; no KNM exam from a provider', async () => {
    for (const kind of ['MAATSCHAPPELIJKE_BEGELEIDING', 'WERK']) {
      const res = await request(h.app)
        .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId(kind)}`)
        .set(h.auth('beheerder', 'altena'));
      expect(res.status).toBe(204);
    }
    const pvt = { type: 'MODULE_AFGEROND', occurredOn: '2026-03-01', module: 'PVT_ONDERTEKEND' };
    expect((await post('k-mb-pvt', pvt, 'MAATSCHAPPELIJKE_BEGELEIDING')).status).toBe(202);
    const map = { type: 'UREN', occurredOn: '2026-03-01', kind: 'MAP', hours: 2 };
    expect((await post('k-werk-map', map, 'WERK')).status).toBe(202);
    const before = await h.db.prisma.inboxEvent.count();
    // A jobcoach reports no lessons; a maatschappelijk begeleider no MAP eindgesprek.
    const lessons = await post('k-werk-les', uren, 'WERK');
    expect(lessons.status).toBe(403);
    expect(lessons.headers['content-type']).toContain('application/problem+json');
    expect(lessons.body.reason).toBe('SOORT_PARTNER');
    expect(lessons.body.detail).toContain('werkmakelaar of jobcoach');
    const mapByMb = { type: 'MODULE_AFGEROND', occurredOn: '2026-03-01', module: 'MAP_EINDGESPREK' };
    expect((await post('k-mb-map', mapByMb, 'MAATSCHAPPELIJKE_BEGELEIDING')).status).toBe(403);
    // Exam results come from DUO only (SS199).
    const exam = await post('k-knm-exam', { type: 'MODULE_AFGEROND', occurredOn: '2026-03-01', module: 'KNM_EXAMEN' });
    expect(exam.status).toBe(422);
    expect(exam.body.errors[0].field).toBe('body.module');
    expect(exam.body.errors[0].message).toContain('alleen van DUO');
    expect(await h.db.prisma.inboxEvent.count()).toBe(before);
    const knmLessons = await post('k-knm-les', {
      type: 'MODULE_AFGEROND',
      occurredOn: '2026-03-01',
      module: 'KNM_MODULE',
    });
    expect(knmLessons.status).toBe(202);
    const view = async () =>
      (await request(h.app).get(`/trajectories/${trajectoryId}`).set(h.auth('consulent', 'altena'))).body.view;
    await expect
      .poll(async () =>
        (await view()).timeline.some((e: { eventId?: string }) => e.eventId === knmLessons.body.eventId),
      )
      .toBe(true);
    expect((await view()).modules.knmPassed).toBe(false);
  });

  it('422 naming every wrong field, unknown event type, missing Idempotency-Key', async () => {
    const bad = await post('k-422', { type: 'UREN', occurredOn: '2026-13-01', kind: 'NOPE', hours: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.hours',
      'body.kind',
      'body.occurredOn',
    ]);
    const unknown = await post('k-unknown', { type: 'IETS_ANDERS', occurredOn: '2026-03-01' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('body.type');
    const noKey = await post(null, uren);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('headers.idempotency-key');
  });

  it('an accepted event survives Temporal being down and is delivered by the inbox drain later', async () => {
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 300 }) });
    const app = h.appWith({ temporal: dead, timeouts: { rpcMs: 500 } });
    const res = await post('down-1', { ...uren, hours: 2 }, 'TAALAANBIEDER', trajectoryId, app);
    expect(res.status).toBe(202);
    // The signal is tried after the 202 (src/api/partner/signal-queue.ts).
    await flushPartnerSignals(dead);
    const stored = await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: res.body.eventId } });
    expect(stored.status).toBe('RECEIVED');
    expect(stored.attempts).toBe(1);
    expect(await signalCount(res.body.eventId)).toBe(0);

    // Not within the grace of its own inline delivery…
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect((await drainWith(h.client).listDueInboxRows({ limit: 100 })).map((row) => row.id)).not.toContain(stored.id);
    // …then the drain delivers it.
    const drain = drainWith(h.client, later(60_000));
    expect(await drain.listDueInboxRows({ limit: 100 })).toContainEqual({ id: stored.id, kind: 'PARTNER' });
    expect(await drain.deliverPartnerInboxRow({ id: stored.id })).toBe('DELIVERED');
    expect((await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: res.body.eventId } })).status).toBe(
      'DELIVERED',
    );
    expect(await signalCount(res.body.eventId)).toBe(1);
  });
});

describe('inbox drain (Temporal Schedule): one row, one activity', () => {
  it('a row whose signal fails is a retryable failure and stays RECEIVED; once Temporal is back each row is signalled once', async () => {
    const app = h.appWith({ temporal: deadClient(), timeouts: { rpcMs: 300 } });
    const ids: string[] = [];
    for (const key of ['drain-a', 'drain-b', 'drain-c']) {
      const res = await post(key, { ...uren, hours: 1 }, 'TAALAANBIEDER', trajectoryId, app);
      expect(res.status).toBe(202);
      ids.push(res.body.eventId);
    }
    const rows = () =>
      h.db.prisma.inboxEvent.findMany({ where: { id: { in: ids } }, orderBy: { idempotencyKey: 'asc' } });

    // Temporal still down: every due row is listed, and each delivery fails retryably (Temporal's
    // retry preset INBOX_ROW decides when it is tried again).
    const down = drainWith(deadClient(), later(60_000), 300);
    const due = (await down.listDueInboxRows({ limit: 100 })).map((row) => row.id);
    expect(due).toEqual(expect.arrayContaining(ids));
    for (const id of ids) {
      const failure = await failureOf(down.deliverPartnerInboxRow({ id }));
      expect(failure).toMatchObject({ type: INBOX_ROW_NOT_DELIVERED, nonRetryable: false });
    }
    for (const row of await rows()) expect(row).toMatchObject({ status: 'RECEIVED', attempts: 2 });

    // Temporal back: delivered, each signalled once; a delivered row is skipped by a late retry.
    const up = drainWith(h.client, later(60_000));
    for (const id of ids) expect(await up.deliverPartnerInboxRow({ id })).toBe('DELIVERED');
    for (const id of ids) expect(await up.deliverPartnerInboxRow({ id })).toBe('SKIPPED');
    for (const row of await rows()) expect(row).toMatchObject({ status: 'DELIVERED', attempts: 3, lastError: null });
    // Polled with a deadline: the history read may trail the accepted signal on a loaded machine.
    for (const id of ids) await expect.poll(() => signalCount(id), { timeout: 10_000 }).toBe(1);
    expect((await up.listDueInboxRows({ limit: 100 })).map((row) => row.id)).not.toEqual(expect.arrayContaining(ids));
  });

  it('refuses an event for a trajectory that closed normally (409 TRAJECT_AFGESLOTEN), storing nothing', async () => {
    const closed = (
      await request(h.app)
        .post('/trajectories')
        .set(h.auth('consulent', 'altena'))
        .send({ bsn: testBsn(103), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-02-01' } })
    ).body as { trajectoryId: string };
    const assigned = await request(h.app)
      .put(`/beheer/trajectories/${closed.trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
      .set(h.auth('beheerder', 'altena'));
    expect(assigned.status).toBe(204);
    // As the projection records a trajectory whose workflow closed (afsluiting: plicht voldaan…).
    await h.db.prisma.trajectory.update({ where: { id: closed.trajectoryId }, data: { status: 'CLOSED' } });
    const late = await post('na-afsluiting', uren, 'TAALAANBIEDER', closed.trajectoryId);
    expect(late.status).toBe(409);
    expect(late.body.reason).toBe('TRAJECT_AFGESLOTEN');
    expect(await h.db.prisma.inboxEvent.count({ where: { idempotencyKey: 'na-afsluiting' } })).toBe(0);
  });

  it('leaves DUO notifications (same table, partner duo) to the DUO integration', async () => {
    const duo = await h.db.prisma.inboxEvent.create({
      data: {
        partnerId: 'duo',
        idempotencyKey: 'duo-bericht-1',
        bodyHash: 'x',
        trajectoryId: '',
        type: 'SS101',
        payload: { gebeurtenisId: 'SS101', bsn: '999999990' },
        nextAttemptAt: new Date(0),
      },
    });
    // Without the DUO integration configured the drain does not list it; a partner delivery skips it.
    const drain = drainWith(h.client, later(3_600_000));
    expect((await drain.listDueInboxRows({ limit: 100 })).map((row) => row.id)).not.toContain(duo.id);
    expect(await drain.deliverPartnerInboxRow({ id: duo.id })).toBe('SKIPPED');
    expect(await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: duo.id } })).toMatchObject({
      status: 'RECEIVED',
      attempts: 0,
    });
    const resend = await request(h.app)
      .post(`/beheer/inbox/${duo.id}/resend`)
      .set(h.auth('beheerder', 'regio'))
      .send({ reason: 'test' });
    expect(resend.status).toBe(404); // no trajectory yet: not a partner event anyone can resend
    await h.db.prisma.inboxEvent.update({ where: { id: duo.id }, data: { trajectoryId } });
    const again = await request(h.app)
      .post(`/beheer/inbox/${duo.id}/resend`)
      .set(h.auth('beheerder', 'regio'))
      .send({ reason: 'test' });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('DUO_NOTIFICATIE');
    await h.db.prisma.inboxEvent.delete({ where: { id: duo.id } });
  });
});
