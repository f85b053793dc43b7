/**
 * The beheerder's trajectory list: filters on the PostgreSQL projection, counts per filter
 * value (each facet counted with the *other* filters applied), and stuck detection (a failing
 * activity or workflow task, asked from Temporal for at most STUCK_SCAN_LIMIT candidates).
 */
import type { z } from 'zod';
import { addDays } from '../../domain/dates';
import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { todayIso } from '../http/primitives';
import { gemeenteScope } from '../http/tenancy';
import { projectionSummary } from '../trajectories/get-dossier';
import { storedTrajectoryStatus } from '../trajectories/status';
import { stuckReasons } from './inspect-workflow';
import type { ZTrajectoryListQuery } from './schemas';

export const STUCK_SCAN_LIMIT = 200;
const FACETS = ['gemeente', 'phase', 'leerroute', 'targetGroup'] as const;
type Facet = (typeof FACETS)[number];

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function listTrajectories(
  deps: ResolvedApiDeps,
  principal: Principal,
  query: z.output<typeof ZTrajectoryListQuery>,
) {
  const today = todayIso();
  const gemeente = gemeenteScope(principal, query.gemeente);
  const facetFilters: Record<Facet, Prisma.TrajectoryWhereInput> = {
    gemeente: gemeente ? { gemeente } : {},
    phase: query.phase ? { phase: query.phase } : {},
    leerroute: query.leerroute ? { leerroute: query.leerroute } : {},
    targetGroup: query.targetGroup ? { targetGroup: query.targetGroup } : {},
  };
  // Tenancy is not a facet: the gemeente facet's counts leave out the gemeente *filter*, never
  // the caller's scope (a gemeente beheerder sees no count of another gemeente).
  const other: Prisma.TrajectoryWhereInput[] = principal.gemeente !== null ? [{ gemeente: principal.gemeente }] : [];
  if (query.status) other.push({ status: storedTrajectoryStatus(query.status) });
  if (query.deadlineWithinDays !== undefined) {
    const until = day(addDays(today, query.deadlineWithinDays));
    other.push({
      OR: [{ pipDeadline: { gte: day(today), lte: until } }, { termijnEnd: { gte: day(today), lte: until } }],
    });
  }
  if (query.overdue === true) other.push({ pipDeadline: { lt: day(today) }, leerroute: null, status: 'ACTIVE' });
  const where: Prisma.TrajectoryWhereInput = { AND: [...FACETS.map((facet) => facetFilters[facet]), ...other] };

  const cube = await facetCube(deps, other, {
    gemeente: principal.gemeente,
    status: query.status ? storedTrajectoryStatus(query.status) : undefined,
    byDate: query.deadlineWithinDays !== undefined || query.overdue === true,
  });
  const { counts, total: matching } = facetCounts(cube, {
    gemeente,
    phase: query.phase,
    leerroute: query.leerroute,
    targetGroup: query.targetGroup,
  });

  const skip = (query.page - 1) * query.pageSize;
  let items: Array<ReturnType<typeof projectionSummary> & { stuck?: string[] }>;
  let total: number;
  if (query.stuck === true) {
    const candidates = await deps.prisma.trajectory.findMany({
      where: { AND: [where, { status: 'ACTIVE' }] },
      omit: { state: true },
      orderBy: { id: 'asc' },
      take: STUCK_SCAN_LIMIT,
    });
    const stuck: typeof items = [];
    for (let i = 0; i < candidates.length; i += 8) {
      const batch = candidates.slice(i, i + 8);
      const described = await Promise.all(
        batch.map(async (trajectory) => {
          try {
            const description = await deps.temporal.withDeadline(Date.now() + deps.timeouts.rpcMs, () =>
              deps.temporal.workflow.getHandle(trajectory.workflowId).describe(),
            );
            const reasons = stuckReasons(description);
            return reasons.length ? { ...projectionSummary(trajectory), stuck: reasons } : null;
          } catch {
            return null;
          }
        }),
      );
      for (const entry of described) if (entry) stuck.push(entry);
    }
    total = stuck.length;
    items = stuck.slice(skip, skip + query.pageSize);
  } else {
    const rows = await deps.prisma.trajectory.findMany({
      where,
      // The list shows the columns; the state snapshot (a few KiB of JSON a row) stays unread.
      omit: { state: true },
      orderBy: [{ pipDeadline: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      skip,
      take: query.pageSize,
    });
    total = matching;
    items = rows.map(projectionSummary);
  }
  return { items, page: query.page, pageSize: query.pageSize, total, counts };
}

/**
 * Every facet's counts and the total come from one cube: the trajectories within the caller's
 * scope and the non-facet filters, counted per combination of the four facet values (a few
 * hundred groups at most), the facets summed from it in memory (facetCounts).
 *
 * Without a date filter the cube is read from TrajectoryFacetSummary, which the database keeps
 * per gemeente, facet values and status as trajectories change: a few hundred rows, whatever the
 * number of trajectories (the regional list at 100,000 trajectories read them all before). A
 * date filter (deadline within n days, overdue) depends on today, so that cube is counted from
 * the trajectories, narrowed by the date indexes.
 */
async function facetCube(
  deps: ResolvedApiDeps,
  other: Prisma.TrajectoryWhereInput[],
  filter: { gemeente: string | null; status: string | undefined; byDate: boolean },
): Promise<FacetCubeRow[]> {
  if (filter.byDate) {
    const groups = await deps.prisma.trajectory.groupBy({
      by: [...FACETS],
      where: { AND: other },
      _count: { _all: true },
    });
    return groups.map((row) => ({ values: row, count: row._count._all }));
  }
  const groups = await deps.prisma.trajectoryFacetSummary.groupBy({
    by: [...FACETS],
    where: {
      ...(filter.gemeente !== null ? { gemeente: filter.gemeente } : {}),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
    },
    _sum: { aantal: true },
  });
  return groups
    .map((row) => ({
      // The summary keeps "no leerroute" as '' (a key column cannot be null).
      values: { ...row, leerroute: row.leerroute === '' ? null : row.leerroute },
      count: row._sum.aantal ?? 0,
    }))
    .filter((row) => row.count > 0);
}

/** One group of the facet cube: a combination of facet values (null: none) and its number of trajectories. */
export interface FacetCubeRow {
  values: Record<Facet, string | null>;
  count: number;
}

/**
 * The counts per value of each facet, each counted with the *other* facets' filters applied (so
 * a chosen phase still shows how many there are in the other phases), and the total matching
 * every filter — from the cube of all combinations. A trajectory without a leerroute counts as
 * GEEN. A filter left out (undefined) matches every value.
 */
export function facetCounts(
  cube: FacetCubeRow[],
  selected: Partial<Record<Facet, string | undefined>>,
): { counts: Record<Facet, Record<string, number>>; total: number } {
  const matches = (row: FacetCubeRow, facet: Facet) =>
    selected[facet] === undefined || row.values[facet] === selected[facet];
  const counts = Object.fromEntries(FACETS.map((facet) => [facet, {}])) as Record<Facet, Record<string, number>>;
  let total = 0;
  for (const row of cube) {
    for (const facet of FACETS) {
      if (!FACETS.every((other) => other === facet || matches(row, other))) continue;
      const key = row.values[facet] ?? 'GEEN';
      counts[facet][key] = (counts[facet][key] ?? 0) + row.count;
    }
    if (FACETS.every((facet) => matches(row, facet))) total += row.count;
  }
  return { counts, total };
}
