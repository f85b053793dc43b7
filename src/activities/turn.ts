/**
 * One turn of a trajectory workflow written in one go: the effects the rules asked for (tasks,
 * monitor events, outbox rows, the machtiging of messages on their way) and the projection of
 * the state, in ONE database transaction, run by the workflow as ONE local activity. Before,
 * every effect was its own activity (a round trip through the Temporal server each) and every
 * outbound message a child workflow; the tasks and the projection could disagree between two
 * of those steps. Now they commit together or not at all.
 *
 * After the commit the turn settles each outbound message whose outcome needs no network (it
 * waits for the machtiging, a partner or the DUO connection; a notice not mailed) and starts the
 * delivery workflow of every other one (one per key, `outbox-<key>`, on the worker's task queue):
 * a partner outage holds only that delivery, never the trajectory. Before, every message got a
 * workflow: three workflow starts for one trajectory start. Every write is idempotent (by key, by
 * stateVersion), so a retried turn — also one whose transaction committed before the worker
 * stopped — changes nothing twice, and a delivery already started (or done) is not started again.
 */
import type { Prisma, PrismaClient } from '../db/client';
import { todayInAmsterdam } from '../domain/today';
import type { OutboundEnvelope, TrajectoryView } from '../workflows/trajectory/messages';
import { createMonitorActivities, type MonitorEventInput } from './monitor';
import type { SettleOffline } from './outbox-delivery';
import { createOutboxActivities, type OutboxConsentInput } from './outbox';
import { pendingNotice, queueNoticeOfTask } from './notices';
import { createProjectionActivities, type ProjectionOutcome } from './projection';
import {
  createTaskActivities,
  type CloseTaskInput,
  type CreateTaskInput,
  type ReassignConsulentTasksInput,
} from './tasks';

/** One write of a turn (the workflow maps each effect to one: src/workflows/trajectory/activity-calls.ts). */
export type TurnWrite =
  | { activity: 'createTask'; input: CreateTaskInput }
  | { activity: 'closeTask'; input: CloseTaskInput }
  | { activity: 'recordMonitorEvent'; input: MonitorEventInput }
  | { activity: 'enqueueOutboundMessage'; input: OutboundEnvelope }
  | { activity: 'recordOutboxConsent'; input: OutboxConsentInput }
  | { activity: 'reassignConsulentTasks'; input: ReassignConsulentTasksInput };

export interface TrajectoryTurnInput {
  workflowId: string;
  /** The effects of the turn, in the order the rules asked for them. */
  writes: TurnWrite[];
  /** The state to project, when it changed since the last projection. */
  view?: TrajectoryView;
}

export interface TrajectoryTurnOutcome {
  projection?: ProjectionOutcome;
  /** Outbox keys whose delivery this turn handed on (settled here, started, or found started before). */
  deliveries: string[];
}

import { startDeliveryFromActivity, type StartDelivery } from './turn-delivery';

export { startDeliveryFromActivity, type StartDelivery };

/**
 * The writes of one turn on `db` (a transaction), projection first: tasks reference its row
 * (and a new task's notice reads the trajectory's consulent from it). The outbox keys of the
 * consulent notices the new tasks queued are added to `notices`.
 */
export async function writeTurn(
  db: Prisma.TransactionClient,
  input: TrajectoryTurnInput,
  notices: string[] = [],
): Promise<ProjectionOutcome | undefined> {
  const projection = input.view
    ? await createProjectionActivities({ prisma: db }).projectTrajectory({
        workflowId: input.workflowId,
        view: input.view,
      })
    : undefined;
  const tasks = createTaskActivities({ prisma: db });
  const monitor = createMonitorActivities({ prisma: db });
  const outbox = createOutboxActivities({ prisma: db });
  for (const write of input.writes) {
    switch (write.activity) {
      case 'createTask': {
        const { outcome, task } = await tasks.upsertTask(write.input);
        if (outcome === 'CREATED' && task) {
          const notice = await queueNoticeOfTask(db, write.input.key, task, todayInAmsterdam(new Date()));
          if (notice) notices.push(notice);
        } else {
          // A retried turn whose transaction committed before: its notice still needs its delivery.
          const queued = await pendingNotice(db, write.input.key);
          if (queued) notices.push(queued);
        }
        break;
      }
      case 'closeTask':
        await tasks.closeTask(write.input);
        break;
      case 'recordMonitorEvent':
        await monitor.recordMonitorEvent(write.input);
        break;
      case 'enqueueOutboundMessage':
        await outbox.enqueueOutboundMessage(write.input);
        break;
      case 'recordOutboxConsent':
        await outbox.recordOutboxConsent(write.input);
        break;
      case 'reassignConsulentTasks':
        await tasks.reassignConsulentTasks(write.input);
        break;
    }
  }
  if (input.view && closesTrajectory(input)) await closeRemainingTasks(db, input.view.trajectoryId);
  return projection;
}

/** The turn in which the trajectory closed (its TRAJECT_AFGESLOTEN monitor record). */
function closesTrajectory(input: TrajectoryTurnInput): boolean {
  return input.writes.some(
    (write) => write.activity === 'recordMonitorEvent' && write.input.type === 'TRAJECT_AFGESLOTEN',
  );
}

/**
 * The workflow closes its own tasks when the trajectory closes; tasks the deliveries made
 * (a failed or refused message, "wijs een aanbieder toe") are not in its state, and would stay
 * open on a closed trajectory — e.g. after a death (SS111) every open task must go. Only in the
 * closing turn: a task a delivery makes later (the ontzorgen provider did not get its
 * ONTZORGEN_EINDE) still needs a person.
 */
async function closeRemainingTasks(db: Prisma.TransactionClient, trajectoryId: string): Promise<void> {
  await db.task.updateMany({
    where: { trajectoryId, status: 'OPEN' },
    data: { status: 'CLOSED', closedAt: new Date(), result: { reden: 'traject afgesloten' } },
  });
}

/** The outbox keys of a turn whose delivery must be started. */
export function deliveriesOf(input: TrajectoryTurnInput): string[] {
  return input.writes.flatMap((write) => (write.activity === 'enqueueOutboundMessage' ? [write.input.key] : []));
}

/**
 * Prisma's defaults (2 s to get a connection, 5 s to finish) made a burst of turns fail on a
 * busy worker ("Unable to start a transaction in the given time": a burst of trajectory starts
 * waits for the pool) and fall back to the slow regular activity. Waiting for a connection and
 * the transaction together take at most as long as the local activity may run
 * (TRAJECTORY_TURN_LOCAL: 30 s).
 */
const TURN_TRANSACTION = { maxWait: 15_000, timeout: 15_000 } as const;

export function createTurnActivities(deps: {
  prisma: PrismaClient;
  startDelivery?: StartDelivery;
  /** Settles what needs no network right here (outbox-delivery.ts); without it every message gets its workflow. */
  settleOffline?: SettleOffline;
}) {
  const { prisma, settleOffline } = deps;
  const startDelivery = deps.startDelivery ?? startDeliveryFromActivity;
  /** A message whose outcome needs no network is settled here; the others go to their delivery workflow. */
  const handOn = async (key: string) => {
    if (settleOffline && (await settleOffline(key)) === 'SETTLED') return;
    await startDelivery(key);
  };
  return {
    async applyTrajectoryTurn(input: TrajectoryTurnInput): Promise<TrajectoryTurnOutcome> {
      // Nothing but the projection (the common case: a partner event): one statement, no
      // transaction needed.
      const notices: string[] = [];
      const projection =
        input.writes.length === 0
          ? input.view
            ? await createProjectionActivities({ prisma }).projectTrajectory({
                workflowId: input.workflowId,
                view: input.view,
              })
            : undefined
          : await prisma.$transaction((tx) => {
              notices.length = 0; // a retried transaction collects again
              return writeTurn(tx, input, notices);
            }, TURN_TRANSACTION);
      const deliveries = [...deliveriesOf(input), ...notices];
      await Promise.all(deliveries.map(handOn));
      return { ...(projection ? { projection } : {}), deliveries };
    },
  };
}
