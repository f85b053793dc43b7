/**
 * DUO's Notificatie API (src/api/duo/router.ts) end to end against the DUO simulator:
 * the simulator POSTs a notification as DUO does, we validate it against DUO's spec, store
 * it, answer 201 + API-Version, pull the details from the simulator (whose validators check
 * our requests) and signal the workflow's partner event (here: recorded by a fake).
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDuoNotificatieRouter } from '../../src/api/duo/router';
import { createInboxActivities } from '../../src/api/inbox/activities';
import { createDuoClient } from '../../src/integrations/duo/client';
import { processDuoNotification, type StartTrajectoryForDuo } from '../../src/integrations/duo/notifications';
import type { PartnerEvent } from '../../src/workflows/trajectory/messages';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../scripts/duo/simulator';
import { createTestDatabase, type TestDatabase } from '../support/db';

const hashBsn = (bsn: string) => createHmac('sha256', 'test-pseudonym-key').update(`bsn:${bsn}`).digest('hex');
const UNKNOWN_BSN = '111222333';
const KNOWN_BSN = '123456782';
const KNOWN_TRAJECTORY = 'traj-known-1';

let db: TestDatabase;
let sim: DuoSimulator;
let server: Server;
let processing: Promise<unknown>[] = [];
let deps: Parameters<typeof processDuoNotification>[0];
const signals: { trajectoryId: string; event: PartnerEvent }[] = [];
const starts: StartTrajectoryForDuo[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const app = express();
  const ourUrl = await new Promise<string>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  sim = await startDuoSimulator({ notifyUrl: `${ourUrl}/duo/v1/notificaties` });
  const duo = createDuoClient({ baseUrl: sim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN });

  deps = {
    prisma: db.prisma,
    duo,
    hashBsn,
    signal: async (trajectoryId: string, event: PartnerEvent) => {
      signals.push({ trajectoryId, event });
    },
    startTrajectory: async (input: StartTrajectoryForDuo) => {
      starts.push(input);
      const trajectoryId = `traj-${hashBsn(input.bsn).slice(0, 8)}`;
      await db.prisma.trajectory.create({
        data: {
          id: trajectoryId,
          workflowId: `trajectory-${trajectoryId}`,
          gemeente: input.gemeente,
          targetGroup: input.targetGroup,
          phase: 'KOPPELING',
        },
      });
      await db.prisma.person.create({
        data: { trajectoryId, gemeente: input.gemeente, bsn: input.bsn, bsnHash: hashBsn(input.bsn) },
      });
      return { trajectoryId };
    },
  };
  app.use(
    '/duo/v1',
    createDuoNotificatieRouter({
      prisma: db.prisma,
      duoOin: SIM_DUO_OIN,
      gemeenteByOin: { [SIM_GEMEENTE_OIN]: 'altena' },
      hashBsn,
      // Sender authentication (mutual TLS, proxy header) has its own test (duo-sender-auth.test.ts);
      // here the simulator stands for an authenticated DUO.
      authenticateSender: () => ({ authenticated: true, oin: SIM_DUO_OIN }),
      onStored: async (stored) => {
        const run = processDuoNotification(deps, stored);
        processing.push(run);
        await run;
      },
    }),
  );

  await db.prisma.trajectory.create({
    data: {
      id: KNOWN_TRAJECTORY,
      workflowId: `trajectory-${KNOWN_TRAJECTORY}`,
      gemeente: 'altena',
      targetGroup: 'asielstatushouder',
      phase: 'PIP',
    },
  });
  await db.prisma.person.create({
    data: { trajectoryId: KNOWN_TRAJECTORY, gemeente: 'altena', bsn: KNOWN_BSN, bsnHash: hashBsn(KNOWN_BSN) },
  });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.drop();
});

afterEach(async () => {
  await Promise.allSettled(processing);
  processing = [];
  expect(sim.violations()).toEqual([]);
});

let stored = 0;
/** An inbox row as the Notificatie API stores it for `gemeente` (the OIN DUO addressed). */
async function storeNotification(gemeente: string, bsn: string, gebeurtenisId: string) {
  const payload = { gebeurtenisId, registratieDatumTijd: '2026-04-01T09:00:00Z', gemeente, bsn, bsnHash: hashBsn(bsn) };
  const row = await db.prisma.inboxEvent.create({
    data: {
      partnerId: 'duo',
      idempotencyKey: `stored-${++stored}`,
      bodyHash: `hash-${stored}`,
      trajectoryId: null,
      type: gebeurtenisId,
      payload,
      status: 'RECEIVED',
    },
  });
  return { id: row.id, berichtId: row.idempotencyKey, payload };
}

async function settle(): Promise<void> {
  // onStored runs after the 201; wait until it was called and finished.
  for (let i = 0; i < 50 && processing.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await Promise.allSettled(processing);
}

describe('DUO Notificatie API', () => {
  it('SS101 for an unknown person: 201 + API-Version, pull, start a trajectory, signal the event without BSN', async () => {
    sim.seedPerson(UNKNOWN_BSN);
    const answer = await sim.notify({
      bsn: UNKNOWN_BSN,
      gebeurtenisId: 'SS101',
      registratieDatumTijd: '2026-02-01T10:00:00Z',
    });
    expect(answer.status).toBe(201);
    expect(answer.apiVersion).toBe('1.8.0');
    await settle();

    expect(starts).toEqual([
      { gemeente: 'altena', bsn: UNKNOWN_BSN, targetGroup: 'asielstatushouder', plichtStart: '2026-01-15' },
    ]);
    const inbox = await db.prisma.inboxEvent.findUniqueOrThrow({
      where: { partnerId_idempotencyKey: { partnerId: 'duo', idempotencyKey: answer.berichtId } },
    });
    expect(inbox.status).toBe('DELIVERED');
    expect(JSON.stringify(inbox.payload)).not.toContain(UNKNOWN_BSN);
    const signal = signals.at(-1)!;
    expect(signal.event).toEqual({
      eventId: inbox.id,
      occurredOn: '2026-02-01',
      type: 'SS101',
      plichtStart: '2026-01-15',
    });
    expect(signal.trajectoryId).toBe(inbox.trajectoryId);
    expect(JSON.stringify(signal)).not.toContain(UNKNOWN_BSN);
    expect(sim.received.some((r) => r.operationId === 'getInburgeringsplichtByBsn')).toBe(true);
  });

  it('is idempotent by berichtId: a repeated notification is acknowledged and not processed again', async () => {
    sim.seedPerson(KNOWN_BSN, { termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' } });
    const first = await sim.notify({
      bsn: KNOWN_BSN,
      gebeurtenisId: 'SS102',
      registratieDatumTijd: '2026-03-03T08:00:00Z',
    });
    await settle();
    processing = [];
    const before = signals.length;
    const again = await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS102', berichtId: first.berichtId });
    expect(again.status).toBe(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(signals.length).toBe(before);
    expect(await db.prisma.inboxEvent.count({ where: { idempotencyKey: first.berichtId } })).toBe(1);
    expect(signals.at(-1)).toMatchObject({
      trajectoryId: KNOWN_TRAJECTORY,
      event: { type: 'SS102', start: '2026-03-02', end: '2029-03-02', occurredOn: '2026-03-03' },
    });
  });

  it('pulls the leerbaarheidstoets for SS131 and exam results for SS199', async () => {
    sim.seedPerson(KNOWN_BSN, {
      lbt: [
        { resultaat: 'B1-route haalbaar', behaaldeScore: '72,50', benodigdeScore: '60,00', datumAfname: '2026-02-10' },
      ],
      examens: [
        { examendatum: '2026-09-01', resultaat: 'Geslaagd', onderdeel: 'LE', niveau: 'B1' },
        { examendatum: '2026-09-01', resultaat: 'Gezakt', onderdeel: 'SP', niveau: 'B1' },
        { examendatum: '2026-05-01', resultaat: 'Gezakt', onderdeel: 'LE', niveau: 'B1' },
      ],
    });
    await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS131' });
    await settle();
    expect(signals.at(-1)?.event).toMatchObject({ type: 'SS131', result: 'B1_HAALBAAR' });
    processing = [];
    await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS199' });
    await settle();
    expect(signals.slice(-2).map((s) => s.event)).toMatchObject([
      { type: 'SS199', part: 'LE', level: 'B1', passed: true, occurredOn: '2026-09-01' },
      { type: 'SS199', part: 'SP', level: 'B1', passed: false },
    ]);
  });

  it('ignores (and strips the BSN of) an event for a trajectory whose workflow has ended', async () => {
    sim.seedPerson(KNOWN_BSN, { termijn: { startdatum: '2026-03-02', einddatum: '2029-12-02' } });
    const signal = deps.signal;
    deps.signal = async () => {
      throw new WorkflowNotFoundError('workflow not found', `trajectory-${KNOWN_TRAJECTORY}`, undefined);
    };
    try {
      const answer = await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS103' });
      expect(answer.status).toBe(201);
      await settle();
      const inbox = await db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: answer.berichtId } });
      expect(inbox.status).toBe('IGNORED');
      expect(inbox.lastError).toMatch(/afgesloten/);
      expect(JSON.stringify(inbox.payload)).not.toContain(KNOWN_BSN);
    } finally {
      deps.signal = signal;
    }
  });

  it('ignores events for unknown persons that do not start a trajectory', async () => {
    sim.seedPerson('222333444');
    const answer = await sim.notify({ bsn: '222333444', gebeurtenisId: 'SS106' });
    expect(answer.status).toBe(201);
    await settle();
    const inbox = await db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: answer.berichtId } });
    expect(inbox.status).toBe('IGNORED');
    expect(starts.map((s) => s.bsn)).not.toContain('222333444');
  });

  it("answers 400 (with API-Version) to a request that does not follow DUO's spec", async () => {
    const url = `${sim.url.replace(/:\d+$/, '')}:${(server.address() as AddressInfo).port}/duo/v1/notificaties`;
    const headers = {
      'content-type': 'application/json',
      bron: SIM_DUO_OIN,
      doel: SIM_GEMEENTE_OIN,
      berichtId: '7d0a9a55-5a8e-4b53-9d0c-1c2b3a4d5e6f',
    };
    const cases: [Record<string, string>, unknown][] = [
      [headers, { registratieDatumTijd: '2026-02-01T10:00:00Z' }],
      [headers, { registratieDatumTijd: '2026-02-01T10:00:00Z', gebeurtenisId: 'ss101' }],
      [headers, { registratieDatumTijd: '2026-02-01T10:00:00Z', gebeurtenisId: 'SS101', bsn: '12345678' }],
      [headers, { registratieDatumTijd: 'gisteren', gebeurtenisId: 'SS101' }],
      [
        { ...headers, berichtId: 'geen-uuid' },
        { registratieDatumTijd: '2026-02-01T10:00:00Z', gebeurtenisId: 'SS101' },
      ],
      [
        { ...headers, bron: '123' },
        { registratieDatumTijd: '2026-02-01T10:00:00Z', gebeurtenisId: 'SS101' },
      ],
    ];
    for (const [caseHeaders, body] of cases) {
      const response = await fetch(url, { method: 'POST', headers: caseHeaders, body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('API-Version')).toBe('1.8.0');
    }
  });

  it('keeps the row when DUO cannot be reached, and a later retry delivers it', async () => {
    sim.seedPerson(KNOWN_BSN, { termijn: { startdatum: '2026-03-02', einddatum: '2029-06-02' } });
    sim.failNext('getInburgeringstermijnByBsn', 503);
    const answer = await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS103' });
    expect(answer.status).toBe(201);
    await settle();
    const failed = await db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: answer.berichtId } });
    expect(failed).toMatchObject({ status: 'RECEIVED', attempts: 1 });
    expect(failed.lastError).toContain('HTTP 503');

    // The inbox drain lists it and processes it again.
    const drain = createInboxActivities({
      prisma: db.prisma,
      // DUO notifications are signalled through `deps.signal`; no partner row is delivered here.
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      logger: pino({ level: 'silent' }),
      signalTimeoutMs: 1_000,
      duo: deps,
    });
    expect(await drain.listDueInboxRows({ limit: 100 })).toContainEqual({ id: failed.id, kind: 'DUO' });
    expect(await drain.processDuoInboxRow({ id: failed.id })).toBe('DELIVERED');
    expect(await db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: 'DELIVERED',
      attempts: 2,
    });
    expect(signals.at(-1)).toMatchObject({
      trajectoryId: KNOWN_TRAJECTORY,
      event: { type: 'SS103', newEnd: '2029-06-02' },
    });
  });

  it('a move between served gemeenten: SS120 to the NEW gemeente signals the existing trajectory instead of starting a second one', async () => {
    const MOVER_BSN = '333444555';
    const MOVER = 'traj-mover-1';
    sim.seedPerson(MOVER_BSN);
    await db.prisma.trajectory.create({
      data: {
        id: MOVER,
        workflowId: `trajectory-${MOVER}`,
        gemeente: 'altena',
        targetGroup: 'asielstatushouder',
        phase: 'PIP',
      },
    });
    await db.prisma.person.create({
      data: { trajectoryId: MOVER, gemeente: 'altena', bsn: MOVER_BSN, bsnHash: hashBsn(MOVER_BSN) },
    });
    const startsBefore = starts.length;

    // DUO notifies the gemeente the person moved to (here: drimmelen's OIN).
    const outcome = await processDuoNotification(deps, await storeNotification('drimmelen', MOVER_BSN, 'SS120'));
    expect(outcome).toMatchObject({ status: 'DELIVERED', trajectoryId: MOVER, started: false });
    expect(starts.length).toBe(startsBefore);
    expect(signals.at(-1)).toMatchObject({ trajectoryId: MOVER, event: { type: 'SS120', gemeente: 'drimmelen' } });
    // The Person row moves only once the workflow accepted the transfer (its projection does that).
    expect(await db.prisma.person.findUniqueOrThrow({ where: { trajectoryId: MOVER } })).toMatchObject({
      gemeente: 'altena',
    });
    // Later events to the new gemeente reach the same trajectory, also after the Person row moved.
    await db.prisma.person.update({ where: { trajectoryId: MOVER }, data: { gemeente: 'drimmelen' } });
    expect(await processDuoNotification(deps, await storeNotification('drimmelen', MOVER_BSN, 'SS109'))).toMatchObject({
      status: 'DELIVERED',
      trajectoryId: MOVER,
    });

    // A trajectory that ended elsewhere does not count: the person starts anew in the new gemeente.
    await db.prisma.trajectory.update({ where: { id: MOVER }, data: { status: 'CLOSED' } });
    const restarted = await processDuoNotification(
      deps,
      await storeNotification('geertruidenberg', MOVER_BSN, 'SS121'),
    );
    expect(restarted).toMatchObject({ status: 'DELIVERED', started: true });
    expect(starts.at(-1)).toMatchObject({ gemeente: 'geertruidenberg', bsn: MOVER_BSN });
  });

  it('answers 403 when bron is not DUO or doel is not one of our gemeenten', async () => {
    expect((await sim.notify({ bsn: KNOWN_BSN, gebeurtenisId: 'SS102', doel: '00000009999999999999' })).status).toBe(
      403,
    );
  });
});
