/** Beheerder actions, each with an AuditLog row (who, when, why). */
import type { Trajectory } from '../../generated/prisma/client';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';
import { deliverInboxEvent, INBOX_STATUS } from '../partner/receive-partner-event';

export async function cancelWorkflow(deps: ResolvedApiDeps, principal: Principal, trajectory: Trajectory, reason: string): Promise<void> {
  try {
    await withTimeout(deps.timeouts.rpcMs, () => deps.temporal.workflow.getHandle(trajectory.workflowId).cancel());
  } catch (error) {
    throw temporalErrorToAppError(error);
  }
  await writeAudit(deps.prisma, { principal, action: 'WORKFLOW_GEANNULEERD', trajectoryId: trajectory.id, reason });
}

export async function terminateWorkflow(deps: ResolvedApiDeps, principal: Principal, trajectory: Trajectory, reason: string): Promise<void> {
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
  await deps.prisma.inboxEvent.update({ where: { id: row.id }, data: { status: INBOX_STATUS.RECEIVED } });
  const outcome = await deliverInboxEvent({ prisma: deps.prisma, temporal: deps.temporal, logger: deps.logger, timeoutMs: deps.timeouts.rpcMs }, row);
  await writeAudit(deps.prisma, { principal, action: 'PARTNERGEBEURTENIS_OPNIEUW_VERSTUURD', trajectoryId: row.trajectoryId, reason, details: { eventId: row.id, outcome } });
  return deps.prisma.inboxEvent.findUniqueOrThrow({ where: { id: row.id } });
}

/**
 * Puts a stuck outbound message back in the queue (PENDING, last error cleared); the outbox
 * delivery picks PENDING messages up again.
 */
export async function retryOutboxMessage(deps: ResolvedApiDeps, principal: Principal, messageId: string, reason: string) {
  const row = await deps.prisma.outboxMessage.findUnique({ where: { id: messageId } });
  if (!row) throw new AppError('NOT_FOUND', 'Onbekend bericht.');
  if (row.trajectoryId) {
    await findAccessibleTrajectory(deps.prisma, principal, row.trajectoryId).catch(() => {
      throw new AppError('NOT_FOUND', 'Onbekend bericht.');
    });
  } else if (principal.gemeente !== null) {
    throw new AppError('NOT_FOUND', 'Onbekend bericht.');
  }
  if (row.status === 'DELIVERED') throw new AppError('CONFLICT', 'Het bericht is al afgeleverd.', { extra: { reason: 'AL_AFGELEVERD' } });
  const updated = await deps.prisma.outboxMessage.update({ where: { id: row.id }, data: { status: 'PENDING', lastError: null } });
  await writeAudit(deps.prisma, { principal, action: 'UITGAAND_BERICHT_OPNIEUW', trajectoryId: row.trajectoryId, reason, details: { messageId: row.id, previousStatus: row.status } });
  return updated;
}

/** Trajectory ids a gemeente-bound principal may see (for inbox/outbox lists); undefined = all. */
export async function visibleTrajectoryIds(deps: ResolvedApiDeps, principal: Principal): Promise<string[] | undefined> {
  if (principal.gemeente === null) return undefined;
  const rows = await deps.prisma.trajectory.findMany({ where: { gemeente: principal.gemeente }, select: { id: true } });
  return rows.map((row) => row.id);
}
