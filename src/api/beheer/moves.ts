/**
 * Trajectories that moved out of a gemeente to another gemeente of this installation (DUO's
 * SS120/SS121): the trajectory and its dossier now belong to the new gemeente, but the old
 * gemeente keeps the record that it left and when (the workflow's VERHUISD_UIT monitor record,
 * which its figures count as outflow, and an audit row). Only that fact: the new gemeente's
 * dossier, tasks, consulent or status stay out of reach (its dossier answers 404).
 */
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { zGemeente } from '../http/primitives';
import { gemeenteScope } from '../http/tenancy';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';

const ZVerhuizing = z
  .object({
    trajectoryId: z.string().meta({ description: 'Het (pseudonieme) trajectnummer.' }),
    vanGemeente: z.string(),
    naarGemeente: z.string(),
    vertrokkenOp: z.string().meta({ description: 'Vestigingsdatum in de nieuwe gemeente (DUO).' }),
    vastgelegdOp: z.string().meta({ description: 'Wanneer de overdracht werd verwerkt (ISO 8601).' }),
  })
  .meta({ id: 'VerhuizingUit' });

export type VerhuizingUit = z.infer<typeof ZVerhuizing>;

/**
 * The moves out of the caller's gemeente (a regional beheerder: every served gemeente, or the
 * one asked for), newest first; the API route and the werkplek's overzicht both read this.
 */
export async function listMovesOut(
  deps: ResolvedApiDeps,
  principal: Principal,
  gemeente: string | undefined,
  take = 500,
): Promise<VerhuizingUit[]> {
  const own = gemeenteScope(principal, gemeente);
  const gemeenten = own !== undefined ? [own] : deps.config.GEMEENTEN;
  const rows = await deps.prisma.monitorEvent.findMany({
    where: { type: 'VERHUISD_UIT', gemeente: { in: gemeenten } },
    orderBy: [{ occurredAt: 'desc' }, { key: 'asc' }],
    take,
  });
  return rows.map((row) => {
    const data = (row.data ?? {}) as Record<string, unknown>;
    return {
      trajectoryId: row.trajectoryId,
      vanGemeente: row.gemeente,
      naarGemeente: typeof data.naarGemeente === 'string' ? data.naarGemeente : '',
      vertrokkenOp: typeof data.datum === 'string' ? data.datum : (row.occurredOn?.toISOString().slice(0, 10) ?? ''),
      vastgelegdOp: row.occurredAt.toISOString(),
    };
  });
}

export const movesRoute = defineRoute({
  method: 'get',
  path: '/beheer/verhuizingen',
  summary: 'Trajecten die naar een andere gemeente van de regio zijn verhuisd',
  description:
    'Per gemeente de trajecten die vertrokken: wanneer en waarheen. Het traject zelf hoort daarna bij de nieuwe gemeente; het dossier is alleen daar te zien. Een gemeentebeheerder ziet alleen vertrek uit de eigen gemeente, de regionale beheerder elke gemeente (`gemeente` filtert).',
  tags: ['Beheer'],
  roles: ['beheerder'],
  request: { query: z.object({ gemeente: zGemeente.optional() }) },
  responses: {
    200: { description: 'Verhuizingen, nieuwste eerst.', schema: z.object({ items: z.array(ZVerhuizing) }) },
    403: { description: 'Een andere gemeente dan de eigen gevraagd.' },
  },
  handler: async ({ deps, principal, query }) => ({
    status: 200,
    body: { items: await listMovesOut(deps, principal, query.gemeente) },
  }),
});
