import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/dates';
import {
  planOpstartklasUpdate,
  recordConsentUpdate,
  recordVoortgangsgesprekUpdate,
} from '../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  bundleWorkflows,
  createWorkflowTestEnv,
  envToday,
  eventually,
  settled,
  sleepUntil,
  startTrajectory,
  tasksOfType,
  throughIntake,
  throughPip,
  view,
  withWorker,
  type Harness,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createWorkflowTestEnv();
  harness = { env, bundle: await bundleWorkflows() };
});

afterAll(async () => {
  await env?.teardown();
});

const FULL_CONSENT = ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const;

describe('offer per target group', () => {
  it('gezinsmigrant gets no ontzorgen, maatschappelijke begeleiding or leerroute, but brede intake, PIP, MAP and PVT', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({
          targetGroup: 'gezinsmigrant',
          onBijstand: true,
          existing: { consent: { date: today, scope: [...FULL_CONSENT] } },
        }),
      );
      expect((await view(handle)).phase).toBe('BREDE_INTAKE');
      await throughPip(handle, today);
      await eventually(() =>
        expect(calls.outbound.map((message) => message.type).sort()).toEqual([
          'CONTACTPERSOON',
          'PIP_VASTGESTELD',
          'START_MAP',
          'START_PVT',
        ]),
      );
      const state = await view(handle);
      expect(state.offer).toMatchObject({
        ontzorgen: false,
        maatschappelijkeBegeleiding: false,
        leerrouteOffer: false,
        map: true,
        pvt: true,
      });
      expect(state.modules.ontzorgen).toBeUndefined();
      expect(state.modules.maatschappelijkeBegeleiding).toBeUndefined();
    });
  });

  it('ontzorgen only for asielstatushouders on bijstand: monthly check-ins, evaluation and end after 6 months', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const withoutBijstand = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ onBijstand: false, existing: { consent } }),
      );
      await throughPip(withoutBijstand, today);
      expect((await view(withoutBijstand)).modules.ontzorgen).toBeUndefined();

      const handle = await startTrajectory(harness, taskQueue, baseInput({ onBijstand: true, existing: { consent } }));
      await throughPip(handle, today);
      expect((await view(handle)).modules.ontzorgen).toMatchObject({
        start: today,
        end: addMonths(today, 6),
        status: 'LOPEND',
      });
      await eventually(() => expect(calls.outbound.filter((m) => m.type === 'ONTZORGEN_START')).toHaveLength(1));

      await sleepUntil(env, addMonths(today, 6), -60_000);
      await eventually(() => expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(5));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(5);
      expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(0);
      await sleepUntil(env, addMonths(today, 6));
      await eventually(async () => {
        expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(1);
        expect(calls.outbound.filter((m) => m.type === 'ONTZORGEN_EINDE')).toHaveLength(1);
        expect((await view(handle)).modules.ontzorgen?.status).toBe('BEEINDIGD');
      });
    });
  });

  it('consent gate: no partner message before the machtiging covers that partner; DUO needs none', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today);
      await eventually(() => expect(tasksOfType(calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1));
      expect([...new Set(calls.outbound.map((message) => message.recipientKind))]).toEqual(['DUO']);
      expect((await view(handle)).pendingPartnerMessages.length).toBeGreaterThan(0);

      await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
      await eventually(() => expect(calls.outbound.some((m) => m.recipientKind === 'TAALAANBIEDER')).toBe(true));
      // Released messages are enqueued AND handed to delivery (the outbox delivery child workflow).
      const released = calls.outbound.filter((m) => m.recipientKind === 'TAALAANBIEDER').map((m) => m.key);
      expect(released.length).toBeGreaterThan(0);
      await eventually(() => expect(calls.delivered).toEqual(expect.arrayContaining(released)));
      expect(
        calls.outbound.some(
          (m) => m.recipientKind === 'ONTZORGEN' || m.recipientKind === 'MAATSCHAPPELIJKE_BEGELEIDING',
        ),
      ).toBe(false);

      await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: [...FULL_CONSENT] }] });
      await eventually(() => {
        expect(calls.outbound.some((m) => m.recipientKind === 'ONTZORGEN')).toBe(true);
        expect(calls.outbound.some((m) => m.recipientKind === 'MAATSCHAPPELIJKE_BEGELEIDING')).toBe(true);
        expect(calls.closedTasks.some((task) => task.key.endsWith('/task/machtiging'))).toBe(true);
      });
      const partnerKeys = calls.outbound.filter((m) => m.recipientKind !== 'DUO').map((m) => m.key);
      await eventually(() => expect(calls.delivered).toEqual(expect.arrayContaining(partnerKeys)));
      // Every message is delivered once (one delivery workflow per key).
      expect(new Set(calls.delivered).size).toBe(calls.delivered.length);
      expect((await view(handle)).pendingPartnerMessages).toEqual([]);
    });
  });

  it('voortgangsgesprekken follow the policy cadence; an undone talk escalates 14 days after its due date', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ targetGroup: 'gezinsmigrant' }));
      await throughPip(handle, today);
      const firstDue = addMonths(today, 3);
      expect((await view(handle)).deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(firstDue);
      await sleepUntil(env, addDays(firstDue, -14));
      await eventually(() => expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(1));
      await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
        args: [{ date: addDays(firstDue, -14), outcome: 'OP_SCHEMA' }],
      });
      const secondDue = addMonths(addDays(firstDue, -14), 3);
      expect((await view(handle)).deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(secondDue);
      await sleepUntil(env, addDays(secondDue, 14));
      await eventually(() => expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(1));
      expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')[0]?.audience).toBe('TEAMLEIDER');
    });
  });

  it('voortgangsgesprek cadence goes on after a missed talk: two consecutive missed talks each get a task and an escalation', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ targetGroup: 'gezinsmigrant' }));
      await throughPip(handle, today);
      const firstDue = addMonths(today, 3);
      await sleepUntil(env, addDays(firstDue, 14));
      await eventually(() => expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(1));
      // The next talk is planned one interval after the missed due date.
      const secondDue = addMonths(firstDue, 3);
      const afterFirst = await settled(handle, calls);
      expect(afterFirst.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(secondDue);

      await sleepUntil(env, addDays(secondDue, 14));
      await eventually(() => expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(2));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'VOORTGANGSGESPREK').map((task) => task.dueDate)).toEqual([firstDue, secondDue]);
      expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE').map((task) => task.key)).toEqual([
        expect.stringContaining(`voortgang-escalatie:${firstDue}`),
        expect.stringContaining(`voortgang-escalatie:${secondDue}`),
      ]);
      expect(calls.monitor.filter((event) => event.type === 'VOORTGANGSGESPREK_TE_LAAT')).toHaveLength(2);

      // The talk is finally held: its tasks and both escalations close, the cadence restarts from it.
      const held = addDays(secondDue, 14);
      const after = await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
        args: [{ date: held, outcome: 'ACHTERSTAND' }],
      });
      expect(after.openTasks.filter((task) => task.type.startsWith('VOORTGANGSGESPREK'))).toEqual([]);
      expect(after.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(addMonths(held, 3));
    });
  });

  it('the end of the opstartklas starts the leerroute', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughIntake(handle, today);
      const end = addMonths(today, 2);
      await handle.executeUpdate(planOpstartklasUpdate, { args: [{ start: today, end }] });
      const { vaststellenPipUpdate } = await import('../../src/workflows/trajectory/messages');
      await handle.executeUpdate(vaststellenPipUpdate, {
        args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: true }],
      });
      expect((await view(handle)).phase).toBe('OPSTARTKLAS');
      await sleepUntil(env, end);
      await eventually(async () => {
        expect((await view(handle)).phase).toBe('LEERROUTE');
        expect(tasksOfType(calls, 'OPSTARTKLAS_AFGELOPEN')).toHaveLength(1);
      });
      expect((await view(handle)).modules.leerrouteStart).toBe(end);
    });
  });
});
