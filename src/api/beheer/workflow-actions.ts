/** Beheerder actions, each with an AuditLog row (who, when, why). */
import { Prisma, type Trajectory } from '../../generated/prisma/client';
import { DUO_PARTNER_ID } from '../../integrations/duo/notifications';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';
import { deliverInboxEvent, INBOX_STATUS, INLINE_DELIVERY_GRACE_MS } from '../partner/receive-partner-event';

export async function cancelWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  reason: string,
): Promise<void> {
  try {
    await withTimeout(deps.timeouts.rpcMs, () => deps.temporal.workflow.getHandle(trajectory.workflowId).cancel());
  } catch (error) {
    throw temporalErrorToAppError(error);
  }
  await writeAudit(deps.prisma, { principal, action: 'WORKFLOW_GEANNULEERD', trajectoryId: trajectory.id, reason });
}

export async function terminateWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  reason: string,
): Promise<void> {
  try {
    await withTimeout(deps.timeouts.rpcMs, () =>
      deps.temporal.workflow.getHandle(trajectory.workflowId).terminate(`${reason} (door ${principal.subject})`),
    );
  } catch (error) {
    throw temporalErrorToAppError(error);
  }
  // A terminated workflow projects nothing any more: record the end in the projection here.
  await deps.prisma.trajectory.update({ where: { id: trajectory.id }, data: { status: 'TERMINATED' } });
  await writeAudit(deps.prisma, { principal, action: 'WORKFLOW_BEEINDIGD', trajectoryId: trajectory.id, reason });
}

export async function resendInboxEvent(deps: ResolvedApiDeps, principal: Principal, eventId: string, reason: string) {
  const row = await deps.prisma.inboxEvent.findUnique({ where: { id: eventId } });
  if (!row) throw new AppError('NOT_FOUND', 'Onbekende gebeurtenis.');
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
  await writeAudit(deps.prisma, {
    principal,
    action: 'PARTNERGEBEURTENIS_OPNIEUW_VERSTUURD',
    trajectoryId: row.trajectoryId,
    reason,
    details: { eventId: row.id, outcome },
  });
  return deps.prisma.inboxEvent.findUniqueOrThrow({ where: { id: row.id } });
}

/**
 * Puts a stuck outbound message back in the queue (PENDING, last error cleared); the outbox
 * delivery picks PENDING messages up again.
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
  if (row.status === 'DELIVERED')
    throw new AppError('CONFLICT', 'Het bericht is al afgeleverd.', { extra: { reason: 'AL_AFGELEVERD' } });
  const updated = await deps.prisma.outboxMessage.update({
    where: { id: row.id },
    data: { status: 'PENDING', lastError: null },
  });
  await writeAudit(deps.prisma, {
    principal,
    action: 'UITGAAND_BERICHT_OPNIEUW',
    trajectoryId: row.trajectoryId,
    reason,
    details: { messageId: row.id, previousStatus: row.status },
  });
  return updated;
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
