import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { addMonths, addYears } from '../../src/domain/dates';
import {
  closeTrajectoryUpdate,
  recordConsentUpdate,
  recordVoortgangsgesprekUpdate,
} from '../../src/workflows/trajectory/messages';
import { CONTINUE_AS_NEW_QUIET_MS } from '../../src/workflows/trajectory/workflow';
import {
  addDays,
  baseInput,
  setUpWorkflowHarness,
  envToday,
  eventually,
  sendEvent,
  sleepUntil,
  startTrajectory,
  tasksOfType,
  throughPip,
  view,
  withWorker,
  type Harness,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

setUpWorkflowHarness((ready) => {
  harness = ready;
  env = ready.env;
});

describe('durability', () => {
  it('counts a duplicate partner event once', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today, { leerroute: 'Z', level: 'A1' });
      const event = { eventId: 'provider-42', type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 10 } as const;
      await sendEvent(handle, event);
      await sendEvent(handle, event);
      await sendEvent(handle, { ...event, eventId: 'provider-43' });
      await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(20));
    });
  });

  it('runs a full three-year trajectory to its end in seconds', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      await sendEvent(handle, { type: 'SS139', occurredOn: today });
      await handle.executeUpdate(recordConsentUpdate, {
        args: [{ date: today, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] }],
      });
      await throughPip(handle, today, { leerroute: 'Z', level: 'A1', alfabetisering: true });
      // Three years of quarterly talks and provider hours.
      let day = today;
      for (let quarter = 1; quarter <= 11; quarter++) {
        day = addMonths(today, quarter * 3);
        await sleepUntil(env, day);
        await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: day, outcome: 'OP_SCHEMA' }] });
        await sendEvent(handle, { type: 'UREN', occurredOn: day, kind: 'TAAL_KNM', hours: 75 });
        await sendEvent(handle, { type: 'UREN', occurredOn: day, kind: 'PARTICIPATIE', hours: 70 });
      }
      await sendEvent(handle, { type: 'UREN', occurredOn: day, kind: 'PVT', hours: 12 });
      await sendEvent(handle, { type: 'UREN', occurredOn: day, kind: 'MAP', hours: 40 });
      await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: day, module: 'PVT_ONDERTEKEND' });
      await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: day, module: 'MAP_EINDGESPREK' });
      await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: day, module: 'Z_EINDGESPREK' });
      await eventually(() => expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(1));
      await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: day, reason: 'PLICHT_VOLDAAN' }] });
      expect(await handle.result()).toMatchObject({ closeReason: 'PLICHT_VOLDAAN', closedOn: day });
      expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(1);
      expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING').length).toBeGreaterThanOrEqual(1);
      expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(0);
      expect(day < addYears(addDays(today, 1), 3)).toBe(true);
      const types = calls.outbound.map((message) => message.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'PIP_VASTGESTELD',
          'AANMELDING_LEERROUTE',
          'ONTZORGEN_START',
          'ONTZORGEN_EINDE',
          'Z_ROUTE_AFGEROND',
        ]),
      );
      const last = calls.projections.at(-1)!.view;
      expect(last).toMatchObject({ status: 'AFGESLOTEN', phase: 'AFGEROND', openTasks: [] });
    });
  });

  it('continue-as-new keeps state and seen event ids', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ dates: { ss139: today }, continueAsNewAfterHistoryLength: 60 }),
      );
      const firstRunId = (await handle.describe()).runId;
      await throughPip(handle, today, { leerroute: 'Z', level: 'A1' });
      const { firstPip } = await view(handle);
      expect(firstPip).toEqual({
        dagtekening: today,
        deadline: addDays(today, 70),
        clockSource: 'SS139',
        clockStart: today,
      });
      for (let i = 0; i < 15; i++) {
        await sendEvent(handle, {
          eventId: `hours-${i}`,
          type: 'UREN',
          occurredOn: today,
          kind: 'TAAL_KNM',
          hours: 10,
        });
        // One event per workflow task (a burst would be applied in one turn): the history grows.
        await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(10 * (i + 1)));
      }
      // Over the limit it continues as new after a quiet period (test/workflows/continue-as-new.test.ts).
      await env.sleep(CONTINUE_AS_NEW_QUIET_MS + 60_000);
      await eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRunId));
      await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(150));
      // An event seen by the previous run is still recognised as a duplicate.
      await sendEvent(handle, { eventId: 'hours-0', type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 10 });
      await sendEvent(handle, { eventId: 'hours-new', type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 1 });
      await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(151));
      const state = await view(handle);
      expect(state.pip?.leerroute).toBe('Z');
      expect(state.phase).toBe('LEERROUTE');
      // The first PIP's facts (the monitor's PIP figure) are carried into the new run.
      expect(state.firstPip).toEqual(firstPip);
    });
  });
});
