/**
 * A finding of the worker-kill fault run: while the worker is down, deadlines pass and
 * decisions queue up. When it comes back, one workflow task holds both — the timer that fired
 * and the queued decision (or, for a trajectory started while it was down, the start itself and
 * the decision). The deadlines that passed must be handled first, as an undisturbed run handles
 * them: the PIP-deadline escalation (task and monitor event PIP_TERMIJN_VERSTREKEN) is recorded
 * although the PIP came after it. Before the fix the decision's handler ran first and the
 * escalation was lost (the PIP removed the deadline before the loop fired its timer).
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { vaststellenPipUpdate, partnerEventSignal } from '../../src/workflows/trajectory/messages';
import { TRAJECTORY_WORKFLOW_TYPE, trajectoryWorkflowId } from '../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  setUpWorkflowHarness,
  envToday,
  fakeActivities,
  settled,
  sleepUntil,
  startTrajectory,
  tasksOfType,
  throughIntake,
  type Harness,
  type RecordedCalls,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

setUpWorkflowHarness((ready) => {
  harness = ready;
  env = ready.env;
});

const { UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED } =
  temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

function worker(taskQueue: string, activities: ReturnType<typeof fakeActivities>['activities']): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: harness.bundle,
    activities,
    // No sticky queue: the next workflow task goes to the task queue, where the next worker polls.
    maxCachedWorkflows: 0,
  });
}

/** Waits (with a deadline) until the server has admitted the update: it waits for the next workflow task. */
async function admitted(handle: WorkflowHandle, updateId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await env.client.workflowService.pollWorkflowExecutionUpdate({
        namespace: env.client.options.namespace,
        updateRef: { workflowExecution: { workflowId: handle.workflowId }, updateId },
        waitPolicy: { lifecycleStage: UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The events of the first workflow task completed after `from` (index), and what it handled. */
async function handledTogether(handle: WorkflowHandle): Promise<{ timerFired: boolean; updateAccepted: boolean }[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  // Group by workflow task: what happened between one completed task and the next.
  const groups: { timerFired: boolean; updateAccepted: boolean }[] = [];
  let current = { timerFired: false, updateAccepted: false };
  for (const event of events) {
    if (event.timerFiredEventAttributes) current.timerFired = true;
    if (event.workflowExecutionUpdateAcceptedEventAttributes) current.updateAccepted = true;
    if (event.workflowTaskCompletedEventAttributes) {
      // An update accepted by this task is recorded after its completion: look one event on.
      groups.push(current);
      current = { timerFired: false, updateAccepted: false };
    }
  }
  groups.push(current);
  // The acceptance follows the task completion it belongs to: shift it back to that task.
  return groups.map((group, i) => ({
    timerFired: group.timerFired,
    updateAccepted: groups[i + 1]?.updateAccepted ?? false,
  }));
}

/** One escalation task and one monitor event (by key: a local activity run again writes the same rows). */
function expectEscalationRecorded(calls: RecordedCalls): void {
  const keys = (items: Array<{ key: string }>) => [...new Set(items.map((item) => item.key))];
  expect(keys(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE'))).toHaveLength(1);
  expect(keys(calls.monitor.filter((event) => event.type === 'PIP_TERMIJN_VERSTREKEN'))).toHaveLength(1);
}

describe('deadlines that passed while the worker was down fire before a queued decision', () => {
  it('a PIP queued while the worker was down, past the PIP deadline: the escalation is recorded first', async () => {
    const taskQueue = `test-${randomUUID()}`;
    const { calls, activities } = fakeActivities();
    const today = await envToday(env);
    // Inschrijving 60 days ago: the PIP deadline (10 weeks) is in 10 days, the escalation the day after.
    const input = baseInput({ dates: { inschrijving: addDays(today, -60) } });
    let handle!: WorkflowHandle;
    let pipDeadline!: string;
    await (
      await worker(taskQueue, activities)
    ).runUntil(async () => {
      handle = await startTrajectory(harness, taskQueue, input);
      await throughIntake(handle, today);
      // Nothing in flight when the worker stops (the test server's clock waits for open tasks).
      pipDeadline = (await settled(handle, calls)).pipDeadline!;
    });

    // The worker is down: the deadline passes (the escalation's timer fires on the server, the
    // clock then stands still: a workflow task waits) and the PIP queues.
    const later = addDays(pipDeadline, 1);
    await sleepUntil(env, later, 1_000);
    const updateId = `pip-${randomUUID()}`;
    const pip = handle.executeUpdate(vaststellenPipUpdate, {
      updateId,
      args: [{ dagtekening: later, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    await admitted(handle, updateId);

    await (
      await worker(taskQueue, activities)
    ).runUntil(async () => {
      await pip;
      await settled(handle, calls);
    });
    // The case this test is about: the fired timer and the decision in one workflow task.
    expect(await handledTogether(handle)).toContainEqual({ timerFired: true, updateAccepted: true });
    expectEscalationRecorded(calls);
    await handle.terminate('test finished');
  });

  it('a trajectory started while the worker was down, its PIP deadline already past, and a partner event queued', async () => {
    const taskQueue = `test-${randomUUID()}`;
    const { calls, activities } = fakeActivities();
    const today = await envToday(env);
    // Inschrijving 100 days ago: the PIP deadline passed 30 days ago. SS139 (today) restarts the
    // PIP clock; it came after the deadline, so the missed deadline is still recorded.
    const input = baseInput({ dates: { inschrijving: addDays(today, -100) } });
    const handle = await env.client.workflow.signalWithStart(TRAJECTORY_WORKFLOW_TYPE, {
      workflowId: trajectoryWorkflowId(input.trajectoryId),
      taskQueue,
      args: [input],
      signal: partnerEventSignal,
      signalArgs: [{ eventId: `ss139-${randomUUID()}`, type: 'SS139', occurredOn: today }],
    });
    await (
      await worker(taskQueue, activities)
    ).runUntil(async () => {
      await settled(handle, calls);
    });
    expectEscalationRecorded(calls);
    await handle.terminate('test finished');
  });
});
