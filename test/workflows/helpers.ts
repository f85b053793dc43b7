/**
 * Helpers for the workflow tests (the wiring, on the time-skipping test server): activity
 * fakes typed against the real factory (they record their calls), one bundle per file, a worker
 * per test, and time travel by calendar date. The helpers that drive a trajectory are shared
 * with the in-memory rule tests (support/trajectory.ts).
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../src/activities';
import { bundleWorkflows as bundleWorkerWorkflows } from '../../src/worker';
import { deliveriesOf, startDeliveryFromActivity } from '../../src/activities/turn';
import { startOfDayInAmsterdam } from '../../src/domain/today';
import type { IsoDate } from '../../src/domain/types';
import { outboxDeliveryWorkflowId } from '../../src/workflows/outbox-delivery/messages';
import {
  TRAJECTORY_WORKFLOW_TYPE,
  closeTrajectoryUpdate,
  trajectoryWorkflowId,
  type TrajectoryInput,
  type TrajectoryView,
} from '../../src/workflows/trajectory/messages';
import { createTimeSkippingEnv } from '../support/temporal';
import { emptyCalls, isoDateOf, recordWrite, view, type RecordedCalls } from './support/trajectory';

export * from './support/trajectory';

/** The time-skipping test server with our search attributes (test/support/temporal.ts). */
export const createWorkflowTestEnv = createTimeSkippingEnv;

/**
 * One time-skipping server and one workflow bundle for a test file: made before its tests,
 * torn down after them; `onReady` gets them (the file keeps them in its own variables).
 */
export function setUpWorkflowHarness(onReady: (harness: Harness) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createWorkflowTestEnv();
    onReady({ env, bundle: await bundleWorkflows() });
  });
  afterAll(async () => {
    await env?.teardown();
  });
}

export { WORKFLOWS_PATH } from '../../src/worker';

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkerWorkflows(quietLogger);
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

export function fakeActivities(): { calls: RecordedCalls; activities: Activities } {
  const calls = emptyCalls();
  const activities: Activities = {
    // The trajectory's one activity: its writes recorded one by one, deliveries started as the
    // real turn starts them (src/activities/turn.ts).
    async applyTrajectoryTurn(input) {
      if (input.view) calls.projections.push({ workflowId: input.workflowId, view: input.view });
      for (const write of input.writes) recordWrite(calls, write);
      const deliveries = deliveriesOf(input);
      await Promise.all(deliveries.map((key) => startDeliveryFromActivity(key)));
      return { ...(input.view ? { projection: 'UPDATED' as const } : {}), deliveries };
    },
    async deliverOutboxMessage(input) {
      calls.delivered.push(input.key);
      return { status: 'DELIVERED', attempts: 1 };
    },
    // The SWI workflow's activities (not used by the trajectory workflow).
    async prepareSwiDelivery() {
      throw new Error('not used in trajectory tests');
    },
    async escalateSwiDelivery() {
      throw new Error('not used in trajectory tests');
    },
    // The daily digest's activity (not used by the trajectory workflow).
    async sendConsulentDigests() {
      throw new Error('not used in trajectory tests');
    },
  };
  return { calls, activities };
}

export interface Harness {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/** Runs `body` with a fresh worker on its own task queue and fresh fakes. */
export async function withWorker<T>(
  harness: Harness,
  body: (ctx: { taskQueue: string; calls: RecordedCalls; worker: Worker }) => Promise<T>,
): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  const { calls, activities } = fakeActivities();
  const worker = await Worker.create({
    connection: harness.env.nativeConnection,
    taskQueue,
    workflowBundle: harness.bundle,
    activities,
    stickyQueueScheduleToStartTimeout: '1s',
  });
  return worker.runUntil(async () => {
    try {
      return await body({ taskQueue, calls, worker });
    } finally {
      // A still-running workflow of a finished test would hold the time-skipping clock
      // (its timers fire into a task queue nobody polls): terminate what this test started.
      await terminateStarted(harness);
      await finishDeliveries(
        harness,
        calls.outbound.map((message) => message.key),
      );
    }
  });
}

const started: string[] = [];

async function terminateStarted(harness: Harness): Promise<void> {
  for (const workflowId of started.splice(0)) {
    const handle = harness.env.client.workflow.getHandle(workflowId);
    // End it the normal way while the worker still runs: a workflow terminated in the middle of
    // an activity keeps the test server's clock locked for the next test.
    const today = isoDateOf(await harness.env.currentTimeMs());
    await handle
      .executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VERVALLEN' }] })
      .catch(() => undefined);
    await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await handle.terminate('test finished').catch(() => undefined);
  }
}

/** Delivery children outlive their parent (ABANDON): let them finish while the worker runs. */
async function finishDeliveries(harness: Harness, keys: string[]): Promise<void> {
  for (const key of keys) {
    const handle = harness.env.client.workflow.getHandle(outboxDeliveryWorkflowId(key));
    await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await handle.terminate('test finished').catch(() => undefined);
  }
}

export async function envToday(env: TestWorkflowEnvironment): Promise<IsoDate> {
  return isoDateOf(await env.currentTimeMs());
}

/** Moves the test server's clock to `date` 00:00 in Amsterdam plus `extraMs` (never backwards). */
export async function sleepUntil(env: TestWorkflowEnvironment, date: IsoDate, extraMs = 60_000): Promise<void> {
  const target = startOfDayInAmsterdam(date).getTime() + extraMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/** Polls until `check` stops throwing (activities run after the workflow task that asked for them). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/**
 * True when nothing is in flight for the workflow: every workflow task that was scheduled has
 * ended (so no timer, signal or activity result waits to be processed), every scheduled
 * activity has ended (so the fakes have recorded their calls) and every child start resolved.
 */
function isIdle(events: HistoryEvent[]): boolean {
  let workflowTasks = 0;
  let activities = 0;
  let childStarts = 0;
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) workflowTasks++;
    if (
      event.workflowTaskCompletedEventAttributes ||
      event.workflowTaskFailedEventAttributes ||
      event.workflowTaskTimedOutEventAttributes
    )
      workflowTasks--;
    if (event.activityTaskScheduledEventAttributes) activities++;
    if (
      event.activityTaskCompletedEventAttributes ||
      event.activityTaskFailedEventAttributes ||
      event.activityTaskTimedOutEventAttributes ||
      event.activityTaskCanceledEventAttributes
    )
      activities--;
    if (event.startChildWorkflowExecutionInitiatedEventAttributes) childStarts++;
    if (event.childWorkflowExecutionStartedEventAttributes || event.startChildWorkflowExecutionFailedEventAttributes)
      childStarts--;
  }
  return workflowTasks === 0 && activities === 0 && childStarts === 0;
}

/**
 * Waits until the workflow has processed everything that is due at the test server's current
 * time: no workflow task or activity in flight (history), and the state version the query
 * answers has been projected (the main loop projects after it ran its effects, so every fake
 * activity call of that state is recorded). Call it after `sleepUntil` and before asserting
 * that something did NOT happen: right after `env.sleep` the timers have fired on the server,
 * but the workflow may not have run yet, so a missing call proves nothing.
 */
export async function settled(
  handle: WorkflowHandle,
  calls: RecordedCalls,
  timeoutMs = 15_000,
): Promise<TrajectoryView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = (await handle.fetchHistory()).events ?? [];
    if (isIdle(before)) {
      const current = await view(handle);
      const projected = calls.projections.some(
        (projection) =>
          projection.view.trajectoryId === current.trajectoryId &&
          projection.view.stateVersion === current.stateVersion,
      );
      const after = (await handle.fetchHistory()).events ?? [];
      if (projected && after.length === before.length) return current;
    }
    if (Date.now() > deadline) throw new Error(`workflow ${handle.workflowId} did not settle`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startTrajectory(
  harness: Harness,
  taskQueue: string,
  input: TrajectoryInput,
): Promise<WorkflowHandle> {
  started.push(trajectoryWorkflowId(input.trajectoryId));
  return harness.env.client.workflow.start(TRAJECTORY_WORKFLOW_TYPE, {
    workflowId: trajectoryWorkflowId(input.trajectoryId),
    taskQueue,
    args: [input],
  });
}

/** Update ids accepted in the workflow's history (a refused update leaves none). */
export async function acceptedUpdateCount(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length;
}
