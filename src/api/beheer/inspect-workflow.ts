/**
 * Everything a beheerder needs about one trajectory's workflow, in one answer: Temporal status,
 * pending activities (attempts, last failure), the pending workflow task, pending timers (from
 * history: TimerStarted without TimerFired/TimerCanceled), a page of history, search
 * attributes, and the business state (query, or projection).
 */
import type { WorkflowExecutionDescription } from '@temporalio/client';
// @temporalio/proto is CommonJS: a named import fails under plain Node ESM (tsx), a default one works.
import proto, { type temporal as TemporalProto } from '@temporalio/proto';

const { temporal } = proto;
import type { Trajectory } from '../../generated/prisma/client';
import type { ResolvedApiDeps } from '../http/deps';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { projectionSummary, queryTrajectoryView } from '../trajectories/get-dossier';

const EventType = temporal.api.enums.v1.EventType;
type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

export function timestampToIso(ts: Timestamp): string | null {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return null;
  const seconds = Number(ts.seconds);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function durationMs(duration: Timestamp): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) * 1000 + Math.floor((duration.nanos ?? 0) / 1e6);
}

function eventTypeName(type: number | null | undefined): string {
  const name = type !== null && type !== undefined ? EventType[type] : undefined;
  return (name ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
}

export interface InspectOptions {
  historyPage: number;
  historyPageSize: number;
}

export function stuckReasons(description: WorkflowExecutionDescription): string[] {
  const reasons: string[] = [];
  for (const activity of description.raw.pendingActivities ?? []) {
    if ((activity.attempt ?? 1) > 1 || activity.lastFailure) {
      reasons.push(
        `Activiteit ${activity.activityType?.name ?? '?'} faalt (poging ${activity.attempt ?? 1}): ${activity.lastFailure?.message ?? 'onbekend'}`,
      );
    }
  }
  const workflowTask = description.raw.pendingWorkflowTask;
  if (workflowTask && (workflowTask.attempt ?? 1) > 1)
    reasons.push(`Workflow-taak faalt (poging ${workflowTask.attempt})`);
  return reasons;
}

export async function inspectWorkflow(deps: ResolvedApiDeps, trajectory: Trajectory, options: InspectOptions) {
  const handle = deps.temporal.workflow.getHandle(trajectory.workflowId);
  let description: WorkflowExecutionDescription;
  let events: TemporalProto.api.history.v1.IHistoryEvent[];
  try {
    [description, events] = await withTimeout(deps.timeouts.rpcMs * 2, async () => {
      const d = await handle.describe();
      const history = await handle.fetchHistory();
      return [d, history.events ?? []] as const;
    });
  } catch (error) {
    throw temporalErrorToAppError(error);
  }

  const timers = new Map<
    string,
    { timerId: string; startedAt: string | null; fireAt: string | null; startedEventId: number }
  >();
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
      const attributes = event.timerStartedEventAttributes;
      const startedAt = timestampToIso(event.eventTime as Timestamp);
      const fireAt = startedAt
        ? new Date(Date.parse(startedAt) + durationMs(attributes?.startToFireTimeout as Timestamp)).toISOString()
        : null;
      timers.set(attributes?.timerId ?? String(event.eventId), {
        timerId: attributes?.timerId ?? '',
        startedAt,
        fireAt,
        startedEventId: Number(event.eventId),
      });
    } else if (event.eventType === EventType.EVENT_TYPE_TIMER_FIRED) {
      timers.delete(event.timerFiredEventAttributes?.timerId ?? '');
    } else if (event.eventType === EventType.EVENT_TYPE_TIMER_CANCELED) {
      timers.delete(event.timerCanceledEventAttributes?.timerId ?? '');
    }
  }

  const start = (options.historyPage - 1) * options.historyPageSize;
  const page = events.slice(start, start + options.historyPageSize).map((event) => ({
    eventId: Number(event.eventId),
    eventType: eventTypeName(event.eventType),
    eventTime: timestampToIso(event.eventTime as Timestamp),
  }));

  const searchAttributes: Record<string, unknown> = {};
  for (const { key, value } of description.typedSearchAttributes.getAll()) {
    searchAttributes[key.name] = value instanceof Date ? value.toISOString() : value;
  }

  const view = await queryTrajectoryView(deps, trajectory.workflowId);
  return {
    trajectoryId: trajectory.id,
    workflow: {
      workflowId: description.workflowId,
      runId: description.runId,
      type: description.type,
      status: description.status.name,
      taskQueue: description.taskQueue,
      startTime: description.startTime.toISOString(),
      closeTime: description.closeTime?.toISOString() ?? null,
      historyLength: description.historyLength,
    },
    stuck: stuckReasons(description),
    pendingActivities: (description.raw.pendingActivities ?? []).map((activity) => ({
      activityId: activity.activityId ?? '',
      activityType: activity.activityType?.name ?? '',
      state: String(activity.state ?? ''),
      attempt: activity.attempt ?? 1,
      maximumAttempts: activity.maximumAttempts ?? 0,
      lastFailure: activity.lastFailure?.message ?? null,
      lastAttemptCompleteTime: timestampToIso(activity.lastAttemptCompleteTime as Timestamp),
      nextAttemptScheduleTime: timestampToIso(activity.nextAttemptScheduleTime as Timestamp),
    })),
    pendingWorkflowTask: description.raw.pendingWorkflowTask
      ? {
          attempt: description.raw.pendingWorkflowTask.attempt ?? 1,
          state: String(description.raw.pendingWorkflowTask.state ?? ''),
        }
      : null,
    pendingTimers: [...timers.values()],
    history: { page: options.historyPage, pageSize: options.historyPageSize, total: events.length, events: page },
    searchAttributes,
    state: {
      source: view ? ('workflow' as const) : ('projection' as const),
      view: view ?? trajectory.state ?? null,
      projection: projectionSummary(trajectory),
    },
  };
}
