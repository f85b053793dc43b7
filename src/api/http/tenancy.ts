/**
 * Tenancy: a consulent or gemeente beheerder reaches only trajectories of their gemeente, a
 * regional beheerder all of them, a partner only those it is assigned to. Anything else is a
 * 404, exactly as if the trajectory did not exist (no existence leak).
 */
import type { PrismaClient } from '../../db/client';
import type { Trajectory } from '../../generated/prisma/client';
import type { Principal } from '../auth/principal';
import { AppError } from './errors';

export function notFoundTrajectory(id: string): AppError {
  return new AppError('NOT_FOUND', `Traject ${id} bestaat niet of valt buiten uw bevoegdheid.`);
}

export async function findAccessibleTrajectory(
  prisma: PrismaClient,
  principal: Principal,
  id: string,
): Promise<Trajectory> {
  if (principal.role === 'partner') {
    if (!principal.partnerId) throw notFoundTrajectory(id);
    // One statement: the trajectory only when this partner is assigned to it.
    const trajectory = await prisma.trajectory.findFirst({
      where: { id, assignments: { some: { partnerId: principal.partnerId } } },
    });
    if (!trajectory) throw notFoundTrajectory(id);
    return trajectory;
  }
  const trajectory = await prisma.trajectory.findUnique({ where: { id } });
  if (!trajectory) throw notFoundTrajectory(id);
  if (principal.gemeente !== null && principal.gemeente !== trajectory.gemeente) throw notFoundTrajectory(id);
  return trajectory;
}

/**
 * For a partner that only needs to know it may act on trajectory `id` (not its row): one lookup
 * of the assignment by its primary key. An assignment references an existing trajectory (foreign
 * key, cascading delete), so "assigned" implies "exists"; otherwise the same 404.
 */
export async function assertPartnerAssigned(prisma: PrismaClient, principal: Principal, id: string): Promise<void> {
  if (principal.role !== 'partner' || !principal.partnerId) throw notFoundTrajectory(id);
  await assertPartnerAssignment(prisma, principal.partnerId, id);
}

/** 404 unless partner `partnerId` is assigned to trajectory `id`. */
export async function assertPartnerAssignment(prisma: PrismaClient, partnerId: string, id: string): Promise<void> {
  const assignment = await prisma.partnerAssignment.findUnique({
    where: { partnerId_trajectoryId: { partnerId, trajectoryId: id } },
    select: { partnerId: true },
  });
  if (!assignment) throw notFoundTrajectory(id);
}

/** The gemeente filter for list queries: undefined = all (regional), else the principal's own. */
/** Refuses anyone but a regional beheerder (no gemeente); `what` completes "Alleen een regionale beheerder …". */
export function requireRegional(principal: { gemeente: string | null }, what: string): void {
  if (principal.gemeente !== null) throw new AppError('FORBIDDEN', `Alleen een regionale beheerder ${what}.`);
}

export function gemeenteScope(principal: Principal, requested?: string): string | undefined {
  if (principal.gemeente === null) return requested;
  if (requested !== undefined && requested !== principal.gemeente) {
    throw new AppError('FORBIDDEN', 'U kunt alleen gegevens van uw eigen gemeente opvragen.');
  }
  return principal.gemeente;
}

/** Writes one AuditLog row; returns its id (see `auditedAction` for actions with an outcome). */
export async function writeAudit(
  /** The client, or the transaction of the action it records (one commit for both). */
  prisma: Pick<PrismaClient, 'auditLog'>,
  entry: {
    principal: Principal;
    action: string;
    trajectoryId?: string | null;
    reason?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<string> {
  const row = await prisma.auditLog.create({
    data: {
      actorId: entry.principal.subject,
      action: entry.action,
      trajectoryId: entry.trajectoryId ?? null,
      reason: entry.reason ?? null,
      details: {
        role: entry.principal.role,
        credentialId: entry.principal.credentialId,
        ...(entry.details ?? {}),
      } as never,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * An audited action whose effect lies outside PostgreSQL (Temporal): the audit row is written
 * *first* (outcome `AANGEVRAAGD`), so no action happens without one; then the action runs, and
 * its outcome (`UITGEVOERD` with details, or `MISLUKT` with the error code) is written to the
 * same row — by `finish` in the caller's transaction when it has database effects to commit
 * with it, else here.
 */
export async function auditedAction<T>(
  prisma: PrismaClient,
  entry: {
    principal: Principal;
    action: string;
    trajectoryId?: string | null;
    reason: string;
    details?: Record<string, unknown>;
  },
  act: (auditId: string) => Promise<T>,
): Promise<T> {
  const base = { role: entry.principal.role, credentialId: entry.principal.credentialId, ...(entry.details ?? {}) };
  const auditId = await writeAudit(prisma, { ...entry, details: { ...entry.details, outcome: 'AANGEVRAAGD' } });
  try {
    return await act(auditId);
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    await prisma.auditLog
      .update({
        where: { id: auditId },
        data: {
          details: { ...base, outcome: 'MISLUKT', error: typeof code === 'string' ? code : 'ONBEKEND' } as never,
        },
      })
      .catch(() => undefined);
    throw error;
  }
}

/** The audit row's outcome (inside the caller's transaction, with the action's database effects). */
export function auditOutcome(
  prisma: PrismaClient,
  auditId: string,
  principal: Principal,
  details: Record<string, unknown>,
) {
  return prisma.auditLog.update({
    where: { id: auditId },
    data: {
      details: {
        role: principal.role,
        credentialId: principal.credentialId,
        ...details,
        outcome: 'UITGEVOERD',
      } as never,
    },
  });
}
