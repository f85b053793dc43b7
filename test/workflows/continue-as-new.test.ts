/**
 * Continue-as-new while partner events keep coming (issue 14, determinism investigation).
 *
 * A signal that reaches the server while the worker completes a workflow task with
 * continue-as-new makes the server refuse that completion (WorkflowTaskFailed, cause
 * UNHANDLED_COMMAND); the worker then evicts the run and replays its whole history. Before the
 * fix the main loop tried to continue as new after every turn once the history was over the
 * limit, so a client that sends the next event as soon as it sees the previous one applied
 * (the API, the inbox drain, a script) got one refused task and one full replay per event — the
 * recorded continue-as-new history had seven in a row. That storm of evictions, with the next
 * workflow task and local activity on their way, is where the two nondeterminism errors of the
 * previous session were seen under heavy load ("Missing associated machine for
 * LocalActivity(14)" — LA 10 to 15 were exactly the turns between refused tasks — and a timer-id
 * mismatch). Now the trajectory continues as new only after a quiet period without events
 * (CONTINUE_AS_NEW_QUIET_MS), in a workflow task of its own.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { CONTINUE_AS_NEW_QUIET_MS } from '../../src/workflows/trajectory/workflow';
import {
  baseInput,
  setUpWorkflowHarness,
  envToday,
  eventually,
  sendEvent,
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

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** The workflow tasks the server refused or timed out (a refused continue-as-new among them). */
function failedTasks(history: History): string[] {
  return (history.events ?? []).flatMap((event) => {
    if (event.workflowTaskFailedEventAttributes)
      return [`failed:${String(event.workflowTaskFailedEventAttributes.cause)}`];
    if (event.workflowTaskTimedOutEventAttributes) return ['timed out'];
    return [];
  });
}

describe('continue-as-new while partner events keep coming', () => {
  it('waits for a quiet period: no refused workflow task, both runs replay, the state is carried', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ dates: { ss139: today }, continueAsNewAfterHistoryLength: 50 }),
      );
      const firstRunId = (await handle.describe()).runId;
      await throughPip(handle, today, { leerroute: 'Z', level: 'A1' });
      const events = 20;
      for (let i = 0; i < events; i++) {
        await sendEvent(handle, { eventId: `uren-${i}`, type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 1 });
        // The next event as soon as this one is applied: one event per workflow task, far past the limit.
        await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(i + 1));
      }
      const firstRun = env.client.workflow.getHandle(handle.workflowId, firstRunId);
      expect((await firstRun.fetchHistory()).events?.length ?? 0).toBeGreaterThan(50);

      // Quiet: the trajectory continues as new.
      await env.sleep(CONTINUE_AS_NEW_QUIET_MS + 60_000);
      await eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRunId));
      await eventually(async () => expect((await view(handle)).modules.hours.TAAL_KNM).toBe(events));

      const firstHistory = await firstRun.fetchHistory();
      expect(firstHistory.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      expect(failedTasks(firstHistory)).toEqual([]);
      // Both runs replay without nondeterminism against the current code.
      const secondRun = env.client.workflow.getHandle(handle.workflowId, (await handle.describe()).runId);
      await Worker.runReplayHistory({ workflowBundle: harness.bundle }, firstHistory, `${handle.workflowId}-run1`);
      await Worker.runReplayHistory(
        { workflowBundle: harness.bundle },
        await secondRun.fetchHistory(),
        `${handle.workflowId}-run2`,
      );
    });
  });
});
