/**
 * Beschikkingen in PostgreSQL: made after the workflow accepted a PIP decision (registry.ts,
 * `afterAccepted` — a refused decision throws before, so it never gets one), listed and
 * downloaded by the consulent of the gemeente (every download audited).
 */
import { createHash } from 'node:crypto';
import type { Beschikking } from '../../generated/prisma/client';
import type { PipDecisionResult } from '../../workflows/trajectory/messages';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';
import { renderBeschikkingPdf } from './pdf';

/** The gemeente's name as people write it (id `geertruidenberg` → Geertruidenberg). */
export function gemeenteNaam(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}

/** Makes and stores the beschikking of an accepted PIP decision; returns its row. */
export async function storePipBeschikking(
  kind: 'PIP_VASTGESTELD' | 'PIP_BIJGESTELD',
  result: PipDecisionResult,
  { deps, principal, trajectoryId }: { deps: ResolvedApiDeps; principal: Principal; trajectoryId: string },
): Promise<Beschikking> {
  const trajectory = await deps.prisma.trajectory.findUniqueOrThrow({
    where: { id: trajectoryId },
    select: { gemeente: true, person: { select: { naam: true } } },
  });
  const pdf = await renderBeschikkingPdf({
    kind,
    gemeenteNaam: gemeenteNaam(trajectory.gemeente),
    ...(trajectory.person?.naam ? { naam: trajectory.person.naam } : {}),
    trajectoryId,
    pip: result.pip,
    termijnStart: result.termijnStart,
    termijnEnd: result.termijnEnd,
    bijstellingen: result.bijstellingen,
  });
  return deps.prisma.beschikking.create({
    data: {
      trajectoryId,
      gemeente: trajectory.gemeente,
      kind,
      dagtekening: result.pip.dagtekening,
      pdf: new Uint8Array(pdf),
      sha256: createHash('sha256').update(pdf).digest('hex'),
      createdBy: principal.subject,
    },
  });
}

/** The beschikkingen of a trajectory the principal may see, newest first (without the PDF). */
export async function listBeschikkingen(deps: ResolvedApiDeps, principal: Principal, trajectoryId: string) {
  const trajectory = await findAccessibleTrajectory(deps.prisma, principal, trajectoryId);
  const rows = await deps.prisma.beschikking.findMany({
    where: { trajectoryId: trajectory.id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, kind: true, dagtekening: true, sha256: true, createdBy: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** One beschikking as a file, for the API and the werkplek alike; every download is audited. */
export async function downloadBeschikking(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectoryId: string,
  beschikkingId: string,
): Promise<{ filename: string; content: Buffer }> {
  const trajectory = await findAccessibleTrajectory(deps.prisma, principal, trajectoryId);
  const row = await deps.prisma.beschikking.findFirst({ where: { id: beschikkingId, trajectoryId: trajectory.id } });
  if (!row) throw new AppError('NOT_FOUND', 'Deze beschikking bestaat niet.');
  await writeAudit(deps.prisma, {
    principal,
    action: 'BESCHIKKING_GEDOWNLOAD',
    trajectoryId: trajectory.id,
    details: { beschikkingId: row.id, kind: row.kind },
  });
  return {
    filename: `beschikking-${row.kind.toLowerCase().replace('_', '-')}-${row.dagtekening}.pdf`,
    content: Buffer.from(row.pdf),
  };
}
