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
