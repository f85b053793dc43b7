/**
 * Runs the inbox drain from the API process: a worker for the inbox activities on their own
 * task queue (no workflows: the drain workflow runs on the trajectory worker), and the Temporal
 * Schedule that starts the drain every minute with overlap SKIP. Creating the schedule is
 * idempotent: an existing one is updated to this definition.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workerTracingOptions, type Tracing } from '../../observability/tracing';
import {
  inboxDrainScheduleId,
  INBOX_DRAIN_WORKFLOW_TYPE,
  inboxTaskQueue,
  type InboxDrainActivities,
  type InboxDrainInput,
} from '../../workflows/inbox-drain/messages';

export const INBOX_DRAIN_INTERVAL = '1 minute';

export async function createInboxWorker(options: {
  address: string;
  namespace: string;
  /** The workflows' task queue; the inbox activities use `inboxTaskQueue(taskQueue)`. */
  taskQueue: string;
  activities: InboxDrainActivities;
  dataConverter?: DataConverter;
  tracing?: Tracing | null;
}): Promise<Worker> {
  const connection = await NativeConnection.connect({ address: options.address });
  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: inboxTaskQueue(options.taskQueue),
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...workerTracingOptions(options.tracing ?? null, { workflows: false }),
  });
}

/** The schedule that starts the drain on the workflows' task queue (created, or brought up to date). */
export async function ensureInboxDrainSchedule(client: Client, taskQueue: string): Promise<void> {
  const input: InboxDrainInput = { inboxTaskQueue: inboxTaskQueue(taskQueue) };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: INBOX_DRAIN_WORKFLOW_TYPE,
    workflowId: inboxDrainScheduleId(taskQueue),
    taskQueue,
    args: [input],
  };
  const spec = { intervals: [{ every: INBOX_DRAIN_INTERVAL }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' };
  try {
    await client.schedule.create({ scheduleId: inboxDrainScheduleId(taskQueue), spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(inboxDrainScheduleId(taskQueue))
      .update((previous) => ({ ...previous, spec, action, policies }));
  }
}
