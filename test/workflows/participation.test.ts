/**
 * Participation and work on the time-skipping server: the workflow's handlers, main loop and
 * activities with a partner's status report, the consulent's decision, time passing between
 * them, and (refused) decisions leaving no trace. The rules: test/domain/participatie.test.ts
 * and test/workflows/trajectory/participatie.test.ts.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { closeTrajectoryUpdate, recordParticipatieStatusUpdate } from '../../src/workflows/trajectory/messages';
import {
  acceptedUpdateCount,
  addDays,
  baseInput,
  setUpWorkflowHarness,
  envToday,
  refusalOf,
  sendEvent,
  settled,
  sleepUntil,
  startTrajectory,
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

describe('participation on the workflow', () => {
  it('a WERK report starts the agreed activity; weeks later the consulent records its end; a refused change leaves no trace', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today, { participatie: [{ soort: 'STAGE', start: addDays(today, 14) }] });
      await sleepUntil(env, addDays(today, 15));
      const startedOn = await envToday(env);
      await sendEvent(handle, {
        type: 'PARTICIPATIE_STATUS',
        occurredOn: startedOn,
        soort: 'STAGE',
        status: 'GESTART',
      });
      await settled(handle, calls);
      expect((await view(handle)).participatie).toEqual([
        { soort: 'STAGE', status: 'GESTART', sinds: startedOn, afgesproken: addDays(today, 14) },
      ]);

      await sleepUntil(env, addDays(today, 75));
      const endedOn = await envToday(env);
      const accepted = await acceptedUpdateCount(handle);
      expect(
        await refusalOf(
          handle.executeUpdate(recordParticipatieStatusUpdate, {
            args: [{ date: endedOn, soort: 'STAGE', status: 'GESTART' }],
          }),
        ),
      ).toBe('PARTICIPATIE_OVERGANG_ONGELDIG');
      expect(await acceptedUpdateCount(handle)).toBe(accepted);
      await handle.executeUpdate(recordParticipatieStatusUpdate, {
        args: [{ date: endedOn, soort: 'STAGE', status: 'AFGEROND' }],
      });
      await settled(handle, calls);
      expect(calls.projections.at(-1)?.view.participatie).toEqual([
        { soort: 'STAGE', status: 'AFGEROND', sinds: endedOn, afgesproken: addDays(today, 14) },
      ]);

      // A job found later; at the end the outcome is derived from it and written by the monitor activity.
      await sendEvent(handle, {
        type: 'PARTICIPATIE_STATUS',
        occurredOn: endedOn,
        soort: 'BETAALD_WERK',
        status: 'GESTART',
        urenPerWeek: 28,
      });
      await sleepUntil(env, addDays(today, 120));
      const closedOn = await envToday(env);
      await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: closedOn, reason: 'PLICHT_VERVALLEN' }] });
      await handle.result();
      await settled(handle, calls);
      expect(calls.monitor.filter((record) => record.type === 'UITSTROOM')).toEqual([
        expect.objectContaining({
          data: { gemeente: 'oosterhout', datum: closedOn, uitkomst: 'WERK', urenPerWeek: 28 },
        }),
      ]);
    });
  });
});
