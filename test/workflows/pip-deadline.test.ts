import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerEventSignal } from '../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  bundleWorkflows,
  createWorkflowTestEnv,
  envToday,
  throughIntake,
  eventually,
  sendEvent,
  settled,
  sleepUntil,
  startTrajectory,
  tasksOfType,
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

describe('PIP deadline', () => {
  it('fires the warning 2 weeks before and the escalation on the day after the 10-week deadline', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      const deadline = addDays(today, 70);
      expect((await view(handle)).pipDeadline).toBe(deadline);
      expect((await view(handle)).pipClock).toEqual({ date: today, source: 'INSCHRIJVING' });

      await sleepUntil(env, addDays(deadline, -14), -60_000);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(0);
      await sleepUntil(env, addDays(deadline, -14));
      await eventually(() => expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1));

      await sleepUntil(env, addDays(deadline, 1), -60_000);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
      await sleepUntil(env, addDays(deadline, 1));
      await eventually(() => {
        expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
        expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')[0]?.audience).toBe('TEAMLEIDER');
        expect(calls.monitor.map((event) => event.type)).toEqual(['PIP_TERMIJN_VERSTREKEN']);
      });
      // Exactly once: nothing more arrives once the workflow has processed the day.
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
      expect(calls.monitor.map((event) => event.type)).toEqual(['PIP_TERMIJN_VERSTREKEN']);
    });
  });

  it('SS109 pauses the PIP warning and escalation while the plicht is suspended; after SS130 the overdue PIP escalates', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      await throughIntake(handle, today);
      const deadline = addDays(today, 70);
      const suspended = addDays(today, 7);
      await sleepUntil(env, suspended);
      await sendEvent(handle, { type: 'SS109', occurredOn: suspended });
      await eventually(() => expect(tasksOfType(calls, 'PLICHT_GESCHORST')).toHaveLength(1));

      // Past the warning and the deadline while suspended: no PIP warning, no escalation.
      const resumed = addDays(deadline, 10);
      await sleepUntil(env, resumed);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(0);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
      expect(calls.monitor.map((event) => event.type)).not.toContain('PIP_TERMIJN_VERSTREKEN');

      // The plicht resumes and there is still no PIP (DUO did not restart the clock): it is overdue.
      await sendEvent(handle, { type: 'SS130', occurredOn: resumed });
      await eventually(() => {
        expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
        expect(calls.monitor.map((event) => event.type)).toContain('PIP_TERMIJN_VERSTREKEN');
      });
    });
  });

  it('SS139 restarts the clock: a later SS139 re-arms warning and deadline', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { ss139: today } }));
      await sleepUntil(env, addDays(today, 56));
      await eventually(() => expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);

      // The person leaves COA: DUO sends SS139 again, the 10 weeks start over.
      const restart = addDays(today, 60);
      await sleepUntil(env, restart);
      await handle.signal(partnerEventSignal, { eventId: 'ss139-2', type: 'SS139', occurredOn: restart });
      await eventually(async () => expect((await view(handle)).pipDeadline).toBe(addDays(restart, 70)));
      expect((await view(handle)).pipClock?.source).toBe('SS139');

      // The old deadline passes without escalation.
      await sleepUntil(env, addDays(today, 72));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
      // The new warning fires 2 weeks before the new deadline.
      await sleepUntil(env, addDays(restart, 56));
      await eventually(() => expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(2));
      await sleepUntil(env, addDays(restart, 71));
      await eventually(() => expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(2);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
    });
  });
});
