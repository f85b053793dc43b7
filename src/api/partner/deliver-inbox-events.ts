/**
 * Signals stored inbox events to their trajectory's workflow and records the outcome on each
 * row: for the request that stored them (through the signal queue), the inbox drain and a
 * beheerder's re-send.
 */
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../db/client';
import { INBOX_STATUS } from '../../db/inbox-status';
import { ENDED_TRAJECTORY_STATUSES } from '../../db/person-lookup';
import type { InboxEvent } from '../../generated/prisma/client';
import {
  partnerEventSignal,
  partnerEventsSignal,
  trajectoryWorkflowId,
  type PartnerEvent,
} from '../../workflows/trajectory/messages';
import { isGrpcCode, withTimeout } from '../http/temporal-errors';
import { markDelivered } from './delivered-marks';

/** A partner event is always stored for a known trajectory (only DUO notifications may lack one). */
export function partnerTrajectoryId(row: InboxEvent): string {
  if (row.trajectoryId === null) throw new Error(`inbox event ${row.id} has no trajectory`);
  return row.trajectoryId;
}

export interface DeliveryDeps {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  timeoutMs: number;
}

/**
 * Signals one inbox event to its workflow and records the outcome. Never throws: a failure
 * leaves the row RECEIVED (the inbox drain tries again), or — when the workflow does not exist
 * (closed) — FAILED, for a beheerder to look at. With `batchMark` (the request that stored the
 * row) the DELIVERED mark is written shortly after, batched with other requests' marks
 * (src/api/partner/delivered-marks.ts), instead of before this returns.
 */
export async function deliverInboxEvent(
  deps: DeliveryDeps,
  row: InboxEvent,
  options: { batchMark?: boolean } = {},
): Promise<'DELIVERED' | 'RECEIVED' | 'FAILED' | 'PARKED'> {
  return deliverInboxEvents(deps, [row], options);
}

/**
 * Signals inbox events of ONE trajectory to its workflow in one signal (one event: the
 * `partnerEventSignal`; several, in order: `partnerEventsSignal`) and records the outcome for
 * each, as `deliverInboxEvent` does. Never throws.
 */
export async function deliverInboxEvents(
  deps: DeliveryDeps,
  rows: InboxEvent[],
  options: { batchMark?: boolean } = {},
): Promise<'DELIVERED' | 'RECEIVED' | 'FAILED' | 'PARKED'> {
  const first = rows[0];
  if (!first) return INBOX_STATUS.DELIVERED;
  const trajectoryId = partnerTrajectoryId(first);
  const events = rows.map((row) => ({ ...(row.payload as object), eventId: row.id }) as PartnerEvent);
  try {
    await withTimeout(deps.timeoutMs, () =>
      deps.temporal.withDeadline(Date.now() + deps.timeoutMs, () => {
        const handle = deps.temporal.workflow.getHandle(trajectoryWorkflowId(trajectoryId));
        return events.length === 1
          ? handle.signal(partnerEventSignal, events[0]!)
          : handle.signal(partnerEventsSignal, events);
      }),
    );
  } catch (error) {
    const notFound = isGrpcCode(error, 5) || (error as Error)?.name === 'WorkflowNotFoundError';
    const ended =
      notFound &&
      (await deps.prisma.trajectory
        .count({ where: { id: trajectoryId, status: { in: [...ENDED_TRAJECTORY_STATUSES] } } })
        .catch(() => 0)) > 0;
    const status = ended ? INBOX_STATUS.PARKED : notFound ? INBOX_STATUS.FAILED : INBOX_STATUS.RECEIVED;
    await deps.prisma.inboxEvent
      .updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: {
          status,
          attempts: { increment: 1 },
          lastError: ended
            ? 'Geparkeerd: het traject is afgesloten, beëindigd of geannuleerd.'
            : String((error as Error)?.message ?? error).slice(0, 1000),
        },
      })
      .catch((dbError: unknown) =>
        deps.logger.error(
          { err: dbError, eventIds: rows.map((row) => row.id) },
          'inbox: could not record a failed delivery',
        ),
      );
    deps.logger.warn(
      { eventIds: rows.map((row) => row.id), status, err: (error as Error)?.message },
      'inbox: signal not delivered',
    );
    return status;
  }
  if (options.batchMark) {
    const at = new Date();
    for (const row of rows) markDelivered(deps.prisma, deps.logger, row.id, at);
    return INBOX_STATUS.DELIVERED;
  }
  // One plain UPDATE (no row read back). UTC, as Prisma stores it.
  await deps.prisma.$executeRaw`
    UPDATE "InboxEvent"
    SET "status" = ${INBOX_STATUS.DELIVERED}, "attempts" = "attempts" + 1,
        "deliveredAt" = ${new Date().toISOString()}::timestamp(3), "lastError" = NULL
    WHERE "id" = ANY(${rows.map((row) => row.id)}::text[])`;
  return INBOX_STATUS.DELIVERED;
}
