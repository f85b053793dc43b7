/**
 * Beheerder: actions with an audit trail (cancel, terminate, re-send a partner event, retry an
 * outbound message), stuck detection, and the inspect endpoint's pending timers and history.
 */
import { startOfDayInAmsterdam, todayInAmsterdam } from '../../src/domain/today';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushDeliveredMarks } from '../../src/api/partner/delivered-marks';
import { flushPartnerSignals } from '../../src/api/partner/signal-queue';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const EventType = temporal.api.enums.v1.EventType;
let h: ApiHarness;
let seed = 300;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

async function start(gemeente = 'altena', app = h.app): Promise<{ trajectoryId: string; workflowId: string }> {
  const res = await request(app)
    .post('/trajectories')
    .set(h.auth('consulent', gemeente))
    .send({ bsn: testBsn(seed++), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-10-01' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const beheerder = () => h.auth('beheerder', 'altena');

async function statusOf(workflowId: string): Promise<string> {
  return (await h.client.workflow.getHandle(workflowId).describe()).status.name;
}

async function audits(trajectoryId: string, action: string) {
  return h.db.prisma.auditLog.findMany({ where: { trajectoryId, action }, orderBy: { at: 'asc' } });
}

describe('actions with an audit trail', () => {
  it('cancel: the workflow ends CANCELLED; the audit row says who, when and why', async () => {
    const t = await start();
    const before = Date.now();
    const res = await request(h.app)
      .post(`/beheer/trajectories/${t.trajectoryId}/cancel`)
      .set(beheerder())
      .send({ reason: 'Dubbel aangemaakt' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ trajectoryId: t.trajectoryId, action: 'cancel', reason: 'Dubbel aangemaakt' });
    await expect.poll(() => statusOf(t.workflowId), { timeout: 15_000 }).toBe('CANCELLED');
    // The projection records the end too (like terminate), and the dossier says so.
    expect((await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: t.trajectoryId } })).status).toBe(
      'CANCELLED',
    );
    const [audit] = await audits(t.trajectoryId, 'WORKFLOW_GEANNULEERD');
    expect(audit).toMatchObject({ actorId: 'beheerder@altena', reason: 'Dubbel aangemaakt' });
    expect(audit!.details).toMatchObject({ workflowStatus: 'CANCELLED' });
    // A cancelled trajectory is no longer among the active ones.
    const active = await request(h.app).get('/beheer/trajectories?status=ACTIVE&pageSize=100').set(beheerder());
    expect(active.status).toBe(200);
    expect(active.body.items.map((item: { trajectoryId: string }) => item.trajectoryId)).not.toContain(t.trajectoryId);
    // Cancelling again: the workflow is no longer running (409), nothing recorded twice.
    const again = await request(h.app)
      .post(`/beheer/trajectories/${t.trajectoryId}/cancel`)
      .set(beheerder())
      .send({ reason: 'Nog een keer' });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('TRAJECT_AFGESLOTEN');
    expect(await audits(t.trajectoryId, 'WORKFLOW_GEANNULEERD')).toHaveLength(1);
    expect(audit!.at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(audit!.details).toMatchObject({ role: 'beheerder' });
  });

  it('terminate with reason: TERMINATED (reason in history), projection TERMINATED, audited; again → 409 and no second row', async () => {
    const t = await start();
    const res = await request(h.app)
      .post(`/beheer/trajectories/${t.trajectoryId}/terminate`)
      .set(h.auth('beheerder', 'regio'))
      .send({ reason: 'Workflow hangt na migratie' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await statusOf(t.workflowId)).toBe('TERMINATED');
    const history = await h.client.workflow.getHandle(t.workflowId).fetchHistory();
    const last = history.events!.at(-1)!;
    expect(last.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    expect(last.workflowExecutionTerminatedEventAttributes?.reason).toContain('Workflow hangt na migratie');
    expect(last.workflowExecutionTerminatedEventAttributes?.reason).toContain('beheerder@regio');
    expect((await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: t.trajectoryId } })).status).toBe(
      'TERMINATED',
    );
    expect(await audits(t.trajectoryId, 'WORKFLOW_BEEINDIGD')).toMatchObject([
      { actorId: 'beheerder@regio', reason: 'Workflow hangt na migratie' },
    ]);

    const again = await request(h.app)
      .post(`/beheer/trajectories/${t.trajectoryId}/terminate`)
      .set(beheerder())
      .send({ reason: 'Nog een keer' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.reason).toBe('TRAJECT_AFGESLOTEN');
    expect(await audits(t.trajectoryId, 'WORKFLOW_BEEINDIGD')).toHaveLength(1);
  });

  it('a reason is required (422 naming body.reason) and nothing happens', async () => {
    const t = await start();
    for (const body of [{}, { reason: 'x' }]) {
      const res = await request(h.app)
        .post(`/beheer/trajectories/${t.trajectoryId}/terminate`)
        .set(beheerder())
        .send(body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.reason']);
    }
    expect(await statusOf(t.workflowId)).toBe('RUNNING');
    expect(await audits(t.trajectoryId, 'WORKFLOW_BEEINDIGD')).toHaveLength(0);
  });

  it('re-send a partner event: signalled again, counted once by the workflow (eventId dedupe), audited', async () => {
    const t = await start();
    expect(
      (
        await request(h.app)
          .put(`/beheer/trajectories/${t.trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
          .set(beheerder())
      ).status,
    ).toBe(204);
    const sent = await request(h.app)
      .post(`/partner/trajectories/${t.trajectoryId}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', 'resend-1')
      .send({ type: 'UREN', occurredOn: '2026-11-01', kind: 'LES', hours: 4 });
    expect(sent.status).toBe(202);
    const eventId = sent.body.eventId as string;
    const signalsOf = async () => {
      const history = await h.client.workflow.getHandle(t.workflowId).fetchHistory();
      return (history.events ?? []).filter(
        (e) =>
          e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
          (e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []).some((p) =>
            Buffer.from(p.data ?? [])
              .toString('utf8')
              .includes(eventId),
          ),
      ).length;
    };
    // On a loaded machine the inline signal may have timed out (then the row is RECEIVED, signalled 0 times).
    // The signal and its DELIVERED mark follow the 202: done once the queue and the marks are flushed.
    await flushPartnerSignals(h.client);
    await flushDeliveredMarks(h.db.prisma);
    const before = await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: eventId } });
    // A signal that arrives during a workflow task is written to history when that task completes.
    const signalsBefore = before.status === 'DELIVERED' ? 1 : 0;
    await expect.poll(signalsOf, { timeout: 10_000 }).toBe(signalsBefore);

    const res = await request(h.app)
      .post(`/beheer/inbox/${eventId}/resend`)
      .set(beheerder())
      .send({ reason: 'Partner meldt dat uren ontbreken' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: eventId, status: 'DELIVERED', attempts: before.attempts + 1 });
    await expect.poll(signalsOf, { timeout: 10_000 }).toBe(signalsBefore + 1);
    if (signalsBefore === 0) {
      // Make sure the dedupe is exercised: one more re-send.
      expect(
        (await request(h.app).post(`/beheer/inbox/${eventId}/resend`).set(beheerder()).send({ reason: 'Nogmaals' }))
          .status,
      ).toBe(200);
      await expect.poll(signalsOf, { timeout: 10_000 }).toBe(2);
    }
    const view = await h.client.workflow
      .getHandle(t.workflowId)
      .query<{ modules: { hours: Record<string, number> }; timeline: Array<{ eventId?: string }> }>('trajectoryView');
    expect(view.modules.hours.LES).toBe(4);
    expect(view.timeline.filter((entry) => entry.eventId === eventId)).toHaveLength(1);
    expect((await audits(t.trajectoryId, 'PARTNERGEBEURTENIS_OPNIEUW_VERSTUURD'))[0]).toMatchObject({
      actorId: 'beheerder@altena',
      reason: 'Partner meldt dat uren ontbreken',
      details: expect.objectContaining({ eventId, delivery: 'DELIVERED', outcome: 'UITGEVOERD' }),
    });

    // Another gemeente's beheerder: 404, nothing re-sent.
    const attempts = (await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: eventId } })).attempts;
    const foreign = await request(h.app)
      .post(`/beheer/inbox/${eventId}/resend`)
      .set(h.auth('beheerder', 'drimmelen'))
      .send({ reason: 'Niet van mij' });
    expect(foreign.status).toBe(404);
    expect((await h.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: eventId } })).attempts).toBe(attempts);
  });

  it('retry a stuck outbound message: a new delivery workflow really delivers it to the partner, audited; a delivered one → 409', async () => {
    const t = await start();
    // A partner endpoint that works again, assigned to the trajectory, and a machtiging covering it.
    const received: Array<{ key: string | undefined; body: { key?: string; type?: string } }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const partnerId = `taal-retry-${seed}`;
      await h.db.prisma.partner.create({
        data: {
          id: partnerId,
          kind: 'TAALAANBIEDER',
          name: 'Taalschool Retry',
          endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/berichten`,
        },
      });
      expect(
        (await request(h.app).put(`/beheer/trajectories/${t.trajectoryId}/partners/${partnerId}`).set(beheerder()))
          .status,
      ).toBe(204);
      const consent = await request(h.app)
        .post(`/trajectories/${t.trajectoryId}/decisions/machtiging`)
        .set(h.auth('consulent', 'altena'))
        .send({ date: '2026-10-01', scope: ['TAALAANBIEDER'] });
      expect(consent.status, JSON.stringify(consent.body)).toBe(200);
      await expect
        .poll(
          async () =>
            (
              (await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: t.trajectoryId } })).state as {
                consent?: { scope: string[] };
              } | null
            )?.consent?.scope,
          { timeout: 15_000 },
        )
        .toEqual(['TAALAANBIEDER']);

      const stuck = await h.db.prisma.outboxMessage.create({
        data: {
          key: `${t.workflowId}/outbox/retry-${Date.now()}`,
          trajectoryId: t.trajectoryId,
          recipient: 'TAALAANBIEDER',
          type: 'AANMELDING_LEERROUTE',
          payload: { leerroute: 'B1' },
          // As the workflow enqueues a partner message: with the machtiging it decided on.
          consent: { scope: ['TAALAANBIEDER'], date: '2026-10-01', stateVersion: 1 },
          status: 'FAILED',
          attempts: 5,
          lastError: 'geen antwoord van de aanbieder',
        },
      });
      const res = await request(h.app)
        .post(`/beheer/outbox/${stuck.id}/retry`)
        .set(beheerder())
        .send({ reason: 'Endpoint van de aanbieder is hersteld' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: stuck.id, lastError: null });
      expect(['PENDING', 'DELIVERED']).toContain(res.body.status);

      // Delivered by the new delivery workflow (not the first delivery's id), to the partner, once.
      await expect
        .poll(async () => (await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: stuck.id } })).status, {
          timeout: 30_000,
        })
        .toBe('DELIVERED');
      const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: stuck.id } });
      expect(row).toMatchObject({ attempts: 6, lastError: null });
      expect(row.deliveredAt).not.toBeNull();
      expect(received).toMatchObject([{ key: stuck.key, body: { key: stuck.key, type: 'AANMELDING_LEERROUTE' } }]);
      const [audit] = await audits(t.trajectoryId, 'UITGAAND_BERICHT_OPNIEUW');
      expect(audit).toMatchObject({
        actorId: 'beheerder@altena',
        reason: 'Endpoint van de aanbieder is hersteld',
        details: expect.objectContaining({ messageId: stuck.id, previousStatus: 'FAILED' }),
      });
      const deliveryWorkflowId = (audit!.details as { deliveryWorkflowId: string }).deliveryWorkflowId;
      expect(deliveryWorkflowId.startsWith(`outbox-${stuck.key}-retry-`)).toBe(true);
      const delivery = h.client.workflow.getHandle(deliveryWorkflowId);
      expect(await delivery.result()).toEqual({ key: stuck.key, status: 'DELIVERED' });
      expect((await delivery.describe()).taskQueue).toBe(h.config.TEMPORAL_TASK_QUEUE);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const delivered = await h.db.prisma.outboxMessage.create({
      data: {
        key: `delivered-${Date.now()}`,
        trajectoryId: t.trajectoryId,
        recipient: 'x',
        type: 'AANMELDING',
        status: 'DELIVERED',
        deliveredAt: new Date(),
      },
    });
    const refused = await request(h.app)
      .post(`/beheer/outbox/${delivered.id}/retry`)
      .set(beheerder())
      .send({ reason: 'Toch opnieuw' });
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('AL_AFGELEVERD');
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: delivered.id } })).status).toBe(
      'DELIVERED',
    );
    expect(await audits(t.trajectoryId, 'UITGAAND_BERICHT_OPNIEUW')).toHaveLength(1);
  });
});

describe('stuck detection', () => {
  it('a workflow whose activity keeps failing shows up with stuck=true (and in the inspection); healthy ones do not', async () => {
    const healthy = await start();
    const failing = await h.workerWith({
      applyTrajectoryTurn: async () => {
        throw new Error('projectie kapot (test)');
      },
    });
    const broken = await start('altena', failing.app);

    let list: request.Response | undefined;
    await expect
      .poll(
        async () => {
          list = await request(h.app).get('/beheer/trajectories?stuck=true').set(beheerder());
          return (list.body.items as Array<{ trajectoryId: string }>).map((t) => t.trajectoryId);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(broken.trajectoryId);
    const item = list!.body.items.find((t: { trajectoryId: string }) => t.trajectoryId === broken.trajectoryId);
    expect(item.stuck.join(' ')).toContain('applyTrajectoryTurn');
    expect(item.stuck.join(' ')).toContain('projectie kapot (test)');
    expect(list!.body.items.map((t: { trajectoryId: string }) => t.trajectoryId)).not.toContain(healthy.trajectoryId);
    expect(list!.body.total).toBe(list!.body.items.length);
    // Another gemeente's beheerder does not see it.
    const other = await request(h.app).get('/beheer/trajectories?stuck=true').set(h.auth('beheerder', 'drimmelen'));
    expect(JSON.stringify(other.body.items)).not.toContain(broken.trajectoryId);

    const inspect = await request(h.app).get(`/beheer/trajectories/${broken.trajectoryId}/workflow`).set(beheerder());
    expect(inspect.status, JSON.stringify(inspect.body)).toBe(200);
    expect(inspect.body.stuck.length).toBeGreaterThan(0);
    const activity = inspect.body.pendingActivities.find(
      (a: { activityType: string }) => a.activityType === 'applyTrajectoryTurn',
    );
    expect(activity.attempt).toBeGreaterThanOrEqual(2);
    expect(activity.lastFailure).toContain('projectie kapot (test)');
    expect(inspect.body.state.source).toBe('workflow');

    // Clean up through the API: terminate it.
    expect(
      (
        await request(h.app)
          .post(`/beheer/trajectories/${broken.trajectoryId}/terminate`)
          .set(beheerder())
          .send({ reason: 'Test opgeruimd' })
      ).status,
    ).toBe(200);
    await failing.stop();
  });
});

describe('inspect: pending timers and history', () => {
  it('lists the timers started and not fired or canceled (with fire time); a state change that keeps the next deadline keeps the timer', async () => {
    const t = await start();
    const handle = h.client.workflow.getHandle(t.workflowId);
    const pendingFromHistory = async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const open = new Set<string>();
      let started = 0;
      let canceled = 0;
      for (const e of events) {
        if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
          started++;
          open.add(e.timerStartedEventAttributes!.timerId!);
        }
        if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) open.delete(e.timerFiredEventAttributes!.timerId!);
        if (e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED) {
          canceled++;
          open.delete(e.timerCanceledEventAttributes!.timerId!);
        }
      }
      return { open: [...open].sort(), started, canceled };
    };
    await expect.poll(async () => (await pendingFromHistory()).open.length, { timeout: 15_000 }).toBe(1);

    const first = await request(h.app).get(`/beheer/trajectories/${t.trajectoryId}/workflow`).set(beheerder());
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.pendingTimers.map((timer: { timerId: string }) => timer.timerId)).toEqual(
      (await pendingFromHistory()).open,
    );
    const timer = first.body.pendingTimers[0];
    const fireAt = Date.parse(timer.fireAt);
    expect(fireAt).toBeGreaterThan(Date.now());
    // The workflow sleeps until 00:00 Amsterdam time of the next due day.
    const midnight = startOfDayInAmsterdam(todayInAmsterdam(new Date(fireAt + 5_000))).getTime();
    expect(Math.abs(fireAt - midnight)).toBeLessThan(5_000);
    expect(first.body.stuck).toEqual([]);
    expect(first.body.workflow).toMatchObject({
      status: 'RUNNING',
      workflowId: t.workflowId,
      type: 'trajectoryWorkflow',
    });

    // A decision wakes the workflow. Its next deadline stays, so the running timer is kept (one
    // durable timer while the next deadline stays: no cancel and restart per wake-up), and the
    // inspection still lists exactly the timers history has open.
    const historyBefore = (await handle.describe()).historyLength;
    const decided = await request(h.app)
      .post(`/trajectories/${t.trajectoryId}/decisions/sleuteldata`)
      .set(h.auth('consulent', 'altena'))
      .send({ vestiging: '2026-10-02' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await expect
      .poll(async () => (await handle.describe()).historyLength, { timeout: 15_000 })
      .toBeGreaterThan(historyBefore);
    const fromHistory = await pendingFromHistory();
    expect(fromHistory).toMatchObject({ open: [timer.timerId], started: 1, canceled: 0 });
    const second = await request(h.app).get(`/beheer/trajectories/${t.trajectoryId}/workflow`).set(beheerder());
    expect(second.body.pendingTimers.map((x: { timerId: string }) => x.timerId)).toEqual(fromHistory.open);
  });

  it('pages the history', async () => {
    const t = await start();
    await expect
      .poll(async () => (await h.client.workflow.getHandle(t.workflowId).describe()).historyLength, { timeout: 15_000 })
      .toBeGreaterThan(6);
    const page2 = await request(h.app)
      .get(`/beheer/trajectories/${t.trajectoryId}/workflow?historyPage=2&historyPageSize=3`)
      .set(beheerder());
    expect(page2.status).toBe(200);
    expect(page2.body.history).toMatchObject({ page: 2, pageSize: 3 });
    expect(page2.body.history.events.map((e: { eventId: number }) => e.eventId)).toEqual([4, 5, 6]);
    expect(page2.body.history.total).toBeGreaterThan(6);
    const bad = await request(h.app)
      .get(`/beheer/trajectories/${t.trajectoryId}/workflow?historyPageSize=0`)
      .set(beheerder());
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('query.historyPageSize');
  });
});
