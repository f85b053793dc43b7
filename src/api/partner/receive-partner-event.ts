/**
 * Accepts a partner event: inbox first, then signal.
 *
 * 1. The event is stored as an InboxEvent (unique partnerId + Idempotency-Key, with a hash of
 *    trajectory + body), in the same statement that checks the partner is assigned to the
 *    trajectory (404 otherwise, also for a repeated key). A repeated key with the same body gets
 *    the same answer and no second effect; with a different body a 409. Concurrent duplicates
 *    meet at the unique index: one row, one signal.
 * 2. The 202 goes out, and the event is signalled to the workflow right after, in its
 *    trajectory's queue (signal-queue.ts: in order, the events stored meanwhile in one signal;
 *    the inbox id is the event id, so the workflow also ignores a repeat); the row's DELIVERED
 *    mark follows, batched with other requests' marks (delivered-marks.ts). If Temporal is
 *    unreachable or the process stops first, the row stays RECEIVED and the inbox drain (a
 *    Temporal Schedule, src/workflows/inbox-drain) delivers it later: an accepted event is
 *    never lost.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { Prisma, type PrismaClient } from '../../db/client';
import { INBOX_STATUS } from '../../db/inbox-status';
import { ENDED_TRAJECTORY_STATUSES } from '../../db/person-lookup';
import type { InboxEvent } from '../../generated/prisma/client';
import { AppError } from '../http/errors';
import { assertPartnerAssignment, notFoundTrajectory } from '../http/tenancy';
import { partnerTrajectoryId } from './deliver-inbox-events';
import { queuePartnerSignal } from './signal-queue';
import type { PartnerEventBody } from './schemas';

export { INBOX_STATUS };
export { deliverInboxEvent, deliverInboxEvents, type DeliveryDeps } from './deliver-inbox-events';

/**
 * A new row is signalled by the request that stored it; the inbox drain leaves it alone this
 * long (its `nextAttemptAt`), so the two do not race for the first delivery.
 */
export const INLINE_DELIVERY_GRACE_MS = 10_000;

export interface AcceptedEvent {
  eventId: string;
  trajectoryId: string;
  type: string;
  receivedAt: string;
  replayed: boolean;
}

/** Canonical JSON (sorted keys), so key order does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function eventBodyHash(trajectoryId: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ trajectoryId, body })).digest('hex');
}

export interface ReceivePartnerEventOptions {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  signalTimeoutMs: number;
  partnerId: string;
  idempotencyKey: string;
  trajectoryId: string;
  event: PartnerEventBody;
}

export async function receivePartnerEvent(options: ReceivePartnerEventOptions): Promise<AcceptedEvent> {
  const { prisma, partnerId, idempotencyKey, trajectoryId, event } = options;
  const bodyHash = eventBodyHash(trajectoryId, event);
  const receivedAt = new Date();
  const nextAttemptAt = new Date(receivedAt.getTime() + INLINE_DELIVERY_GRACE_MS);
  // One statement for the tenancy check and the insert: the row is stored only when this
  // partner is assigned to the trajectory (an assignment references an existing trajectory),
  // and at most once per (partnerId, Idempotency-Key). Timestamps are given in UTC, as Prisma
  // stores them (the column default would use the database session's time zone).
  const inserted = await prisma.$queryRaw<InboxEvent[]>`
    INSERT INTO "InboxEvent" ("id", "partnerId", "idempotencyKey", "bodyHash", "trajectoryId", "type", "payload", "receivedAt", "nextAttemptAt")
    SELECT ${randomUUID()}, ${partnerId}, ${idempotencyKey}, ${bodyHash}, ${trajectoryId}, ${event.type},
           ${JSON.stringify(event)}::jsonb, ${receivedAt.toISOString()}::timestamp(3), ${nextAttemptAt.toISOString()}::timestamp(3)
    WHERE EXISTS (SELECT 1 FROM "PartnerAssignment" WHERE "partnerId" = ${partnerId} AND "trajectoryId" = ${trajectoryId})
      AND NOT EXISTS (SELECT 1 FROM "Trajectory" WHERE "id" = ${trajectoryId} AND "status" IN (${Prisma.join([...ENDED_TRAJECTORY_STATUSES])}))
    ON CONFLICT ("partnerId", "idempotencyKey") DO NOTHING
    RETURNING *`;
  const row = inserted[0];
  if (!row) {
    // Not assigned (404, also when the key was used before), or the key was used before.
    const [existing] = await Promise.all([
      prisma.inboxEvent.findUnique({ where: { partnerId_idempotencyKey: { partnerId, idempotencyKey } } }),
      assertPartnerAssignment(prisma, partnerId, trajectoryId),
    ]);
    if (!existing) {
      // Assigned, new key, nothing stored: the trajectory has ended (closed, or ended by a beheerder).
      const ended = await prisma.trajectory.findFirst({
        where: { id: trajectoryId, status: { in: [...ENDED_TRAJECTORY_STATUSES] } },
        select: { status: true },
      });
      if (!ended) throw notFoundTrajectory(trajectoryId);
      throw new AppError('CONFLICT', 'Het traject is afgesloten; er worden geen gebeurtenissen meer aangenomen.', {
        extra: { reason: 'TRAJECT_AFGESLOTEN' },
      });
    }
    if (existing.bodyHash !== bodyHash) {
      throw new AppError('IDEMPOTENCY_CONFLICT', 'Deze Idempotency-Key is al gebruikt voor een andere gebeurtenis.', {
        extra: { eventId: existing.id },
      });
    }
    return { ...accepted(existing), replayed: true };
  }
  // Signalled after the 202, with the events stored for this trajectory meanwhile (signal-queue.ts).
  queuePartnerSignal(
    { prisma, temporal: options.temporal, logger: options.logger, timeoutMs: options.signalTimeoutMs },
    trajectoryId,
    row,
  );
  return { ...accepted(row), replayed: false };
}

function accepted(row: InboxEvent): Omit<AcceptedEvent, 'replayed'> {
  return {
    eventId: row.id,
    trajectoryId: partnerTrajectoryId(row),
    type: row.type,
    receivedAt: row.receivedAt.toISOString(),
  };
}
