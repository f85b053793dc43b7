/** Beheerder actions, each with an AuditLog row (who, when, why). */
import { Prisma, type Trajectory } from '../../generated/prisma/client';
import { DUO_PARTNER_ID } from '../../integrations/duo/notifications';
import {
  OUTBOX_DELIVERY_WORKFLOW_TYPE,
  outboxRetryWorkflowId,
  type OutboxDeliveryInput,
  type OutboxDeliveryResult,
} from '../../workflows/outbox-delivery/messages';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { auditedAction, auditOutcome, findAccessibleTrajectory } from '../http/tenancy';
import { ENDED_BY_BEHEERDER } from '../../activities/projection';
import { deliverInboxEvent, INBOX_STATUS, INLINE_DELIVERY_GRACE_MS } from '../partner/receive-partner-event';

/**
 * Requests cancellation and waits (bounded by the RPC timeout) for the workflow to report it.
 * The trajectory workflow does not catch a cancellation, so an accepted request ends it as
 * CANCELLED once a worker processes it: the projection records CANCELLED now (like terminate
 * records TERMINATED), unless the workflow meanwhile ended otherwise (e.g. COMPLETED). A late
 * projection of a still-running activity does not overwrite it (src/activities/projection.ts).
 * Audited first (`auditedAction`): a failing request leaves an audit row saying so.
 */
export async function cancelWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  reason: string,
): Promise<{ workflowStatus: string }> {
  assertNotEndedByBeheerder(trajectory);
  const action = 'WORKFLOW_GEANNULEERD';
  return auditedAction(deps.prisma, { principal, action, trajectoryId: trajectory.id, reason }, async (auditId) => {
    const handle = deps.temporal.workflow.getHandle(trajectory.workflowId);
    try {
      // Temporal accepts a cancel request for a workflow that already ended: refuse it here.
      const { status } = await withTimeout(deps.timeouts.rpcMs, () => handle.describe());
      if (status.name !== 'RUNNING') {
        throw new AppError('CONFLICT', `De workflow loopt niet (meer) (${status.name}).`, {
          extra: { reason: 'TRAJECT_AFGESLOTEN' },
        });
      }
      await withTimeout(deps.timeouts.rpcMs, () => handle.cancel());
    } catch (error) {
      throw temporalErrorToAppError(error);
    }
    const workflowStatus = await closedStatus(handle, deps.timeouts.rpcMs);
    const ended = workflowStatus === 'CANCELLED' || workflowStatus === 'RUNNING';
    await recordEnd(deps, principal, trajectory, {
      auditId,
      status: ended ? 'CANCELLED' : null,
      closeReason: 'GEANNULEERD_DOOR_BEHEERDER',
      reason,
      details: { workflowStatus },
    });
    return { workflowStatus };
  });
}

/** Already terminated or cancelled (the projection says so): 409 before anything is recorded. */
function assertNotEndedByBeheerder(trajectory: Trajectory): void {
  if ((ENDED_BY_BEHEERDER as readonly string[]).includes(trajectory.status)) {
    throw new AppError('CONFLICT', `De workflow loopt niet (meer) (${trajectory.status}).`, {
      extra: { reason: 'TRAJECT_AFGESLOTEN' },
    });
  }
}

/** The workflow's status once it is no longer RUNNING, or RUNNING when that takes longer than `ms`. */
async function closedStatus(
  handle: ReturnType<ResolvedApiDeps['temporal']['workflow']['getHandle']>,
  ms: number,
): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = await withTimeout(ms, () => handle.describe())
      .then((description) => description.status.name)
      .catch(() => 'RUNNING');
    if (status !== 'RUNNING' || Date.now() >= deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function terminateWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  reason: string,
): Promise<void> {
  assertNotEndedByBeheerder(trajectory);
  const action = 'WORKFLOW_BEEINDIGD';
  await auditedAction(deps.prisma, { principal, action, trajectoryId: trajectory.id, reason }, async (auditId) => {
    try {
      await withTimeout(deps.timeouts.rpcMs, () =>
        deps.temporal.workflow.getHandle(trajectory.workflowId).terminate(`${reason} (door ${principal.subject})`),
      );
    } catch (error) {
      throw temporalErrorToAppError(error);
    }
    // A terminated workflow projects nothing any more: record the end in the projection here.
    await recordEnd(deps, principal, trajectory, {
      auditId,
      status: 'TERMINATED',
      closeReason: 'BEEINDIGD_DOOR_BEHEERDER',
      reason,
      details: {},
    });
  });
}

/**
 * One transaction: the projection says how the trajectory ended (status, closeReason), every
 * open task is closed with that reason (a terminated workflow closes none itself), and the
 * audit row gets its outcome.
 */
async function recordEnd(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  end: {
    auditId: string;
    status: (typeof ENDED_BY_BEHEERDER)[number] | null;
    closeReason: string;
    reason: string;
    details: Record<string, unknown>;
  },
): Promise<void> {
  const closedAt = new Date();
  const result = { gesloten: end.closeReason, reden: end.reason, door: principal.subject };
  const tasksClosed = end.status
    ? deps.prisma.task.updateMany({
        where: { trajectoryId: trajectory.id, status: 'OPEN' },
        data: { status: 'CLOSED', closedAt, result: result as never },
      })
    : null;
  await deps.prisma.$transaction([
    ...(end.status
      ? [
          deps.prisma.trajectory.update({
            where: { id: trajectory.id },
            data: { status: end.status, closeReason: end.closeReason },
          }),
          tasksClosed!,
        ]
      : []),
    auditOutcome(deps.prisma, end.auditId, principal, end.details),
  ]);
}

export async function resendInboxEvent(deps: ResolvedApiDeps, principal: Principal, eventId: string, reason: string) {
  const row = await deps.prisma.inboxEvent.findUnique({ where: { id: eventId } });
  if (!row || row.trajectoryId === null) throw new AppError('NOT_FOUND', 'Onbekende gebeurtenis.');
  await findAccessibleTrajectory(deps.prisma, principal, row.trajectoryId).catch(() => {
    throw new AppError('NOT_FOUND', 'Onbekende gebeurtenis.');
  });
  if (row.partnerId === DUO_PARTNER_ID) {
    // A DUO notification is not a partner event: the DUO integration processes (and retries) it.
    throw new AppError(
      'CONFLICT',
      'Een DUO-notificatie wordt door de DUO-koppeling verwerkt, niet opnieuw als partnergebeurtenis verstuurd.',
      {
        extra: { reason: 'DUO_NOTIFICATIE' },
      },
    );
  }
  const trajectoryId = row.trajectoryId;
  const closed = await deps.prisma.trajectory.findFirst({
    where: { id: trajectoryId, status: { in: [...ENDED_BY_BEHEERDER] } },
    select: { status: true },
  });
  if (closed) {
    throw new AppError(
      'CONFLICT',
      `Het traject is door een beheerder afgesloten (${closed.status}); de gebeurtenis blijft geparkeerd.`,
      {
        extra: { reason: 'TRAJECT_AFGESLOTEN' },
      },
    );
  }
  const action = 'PARTNERGEBEURTENIS_OPNIEUW_VERSTUURD';
  const details = { eventId: row.id };
  return auditedAction(deps.prisma, { principal, action, trajectoryId, reason, details }, async (auditId) => {
    // Back to RECEIVED (the dispatcher delivers it if this attempt fails), out of the dispatcher's
    // way while this request signals it.
    await deps.prisma.inboxEvent.update({
      where: { id: row.id },
      data: { status: INBOX_STATUS.RECEIVED, nextAttemptAt: new Date(Date.now() + INLINE_DELIVERY_GRACE_MS) },
    });
    const outcome = await deliverInboxEvent(
      { prisma: deps.prisma, temporal: deps.temporal, logger: deps.logger, timeoutMs: deps.timeouts.rpcMs },
      row,
    );
    await auditOutcome(deps.prisma, auditId, principal, { ...details, delivery: outcome });
    return deps.prisma.inboxEvent.findUniqueOrThrow({ where: { id: row.id } });
  });
}

/**
 * Retries a stuck outbound message: back to PENDING (last error cleared) and a new delivery
 * workflow for it (`outbox-<key>-retry-<timestamp>`, next to the first delivery `outbox-<key>`,
 * on the worker's task queue). The delivery activity is idempotent by key (a delivered message
 * is not sent again; partners get the key as Idempotency-Key). When Temporal does not take the
 * start, the row gets its previous status back and the answer is 503.
 */
export async function retryOutboxMessage(
  deps: ResolvedApiDeps,
  principal: Principal,
  messageId: string,
  reason: string,
) {
  const row = await deps.prisma.outboxMessage.findUnique({ where: { id: messageId } });
  if (!row) throw new AppError('NOT_FOUND', 'Onbekend bericht.');
  if (row.trajectoryId) {
    await findAccessibleTrajectory(deps.prisma, principal, row.trajectoryId).catch(() => {
      throw new AppError('NOT_FOUND', 'Onbekend bericht.');
    });
  } else if (principal.gemeente !== null) {
    throw new AppError('NOT_FOUND', 'Onbekend bericht.');
  }
  const alreadyDelivered = () =>
    new AppError('CONFLICT', 'Het bericht is al afgeleverd.', { extra: { reason: 'AL_AFGELEVERD' } });
  if (row.status === 'DELIVERED') throw alreadyDelivered();
  const workflowId = outboxRetryWorkflowId(row.key, Date.now());
  const details = { messageId: row.id, previousStatus: row.status, deliveryWorkflowId: workflowId };
  const action = 'UITGAAND_BERICHT_OPNIEUW';
  return auditedAction(
    deps.prisma,
    { principal, action, trajectoryId: row.trajectoryId, reason, details },
    async (auditId) => {
      // Conditional: a delivery that just succeeded is never set back to PENDING.
      const reset = await deps.prisma.outboxMessage.updateMany({
        where: { id: row.id, status: { not: 'DELIVERED' } },
        data: { status: 'PENDING', lastError: null },
      });
      if (reset.count === 0) throw alreadyDelivered();
      try {
        await withTimeout(deps.timeouts.rpcMs, () =>
          deps.temporal.workflow.start<(input: OutboxDeliveryInput) => Promise<OutboxDeliveryResult>>(
            OUTBOX_DELIVERY_WORKFLOW_TYPE,
            { workflowId, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, args: [{ key: row.key }] },
          ),
        );
      } catch (error) {
        await deps.prisma.outboxMessage.updateMany({
          where: { id: row.id, status: 'PENDING' },
          data: { status: row.status, lastError: row.lastError },
        });
        throw temporalErrorToAppError(error);
      }
      await auditOutcome(deps.prisma, auditId, principal, details);
      return deps.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    },
  );
}

const LISTS = {
  inbox: { table: Prisma.raw('"InboxEvent"'), orderBy: Prisma.raw('"receivedAt"') },
  outbox: { table: Prisma.raw('"OutboxMessage"'), orderBy: Prisma.raw('"createdAt"') },
} as const;

/**
 * One page of inbox or outbox ids (newest first) for a gemeente-bound principal: joined on
 * the trajectory's gemeente (InboxEvent has an index on trajectoryId), instead of first
 * loading every trajectory id of the gemeente. Rows without a trajectory are only visible
 * to a regional beheerder (who does not use this).
 */
export async function gemeentePage(
  deps: ResolvedApiDeps,
  list: keyof typeof LISTS,
  gemeente: string,
  query: { status?: string | undefined; page: number; pageSize: number },
): Promise<{ ids: string[]; total: number }> {
  const { table, orderBy } = LISTS[list];
  const where = Prisma.sql`t.gemeente = ${gemeente}${query.status ? Prisma.sql` AND e.status = ${query.status}` : Prisma.empty}`;
  const [count, rows] = await Promise.all([
    deps.prisma.$queryRaw<Array<{ total: bigint }>>`
      SELECT count(*) AS total FROM ${table} e JOIN "Trajectory" t ON t.id = e."trajectoryId" WHERE ${where}`,
    deps.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT e.id FROM ${table} e JOIN "Trajectory" t ON t.id = e."trajectoryId" WHERE ${where}
      ORDER BY e.${orderBy} DESC, e.id ASC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  ]);
  return { ids: rows.map((row) => row.id), total: Number(count[0]?.total ?? 0) };
}
