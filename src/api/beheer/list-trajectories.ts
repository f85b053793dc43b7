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
  const whereWithout = (skip?: Facet): Prisma.TrajectoryWhereInput => ({
    AND: [...FACETS.filter((facet) => facet !== skip).map((facet) => facetFilters[facet]), ...other],
  });
  const where = whereWithout();

  const counts = Object.fromEntries(
    await Promise.all(
      FACETS.map(async (facet) => {
        const groups = await deps.prisma.trajectory.groupBy({
          by: [facet],
          where: whereWithout(facet),
          _count: { _all: true },
        });
        return [facet, Object.fromEntries(groups.map((g) => [String(g[facet] ?? 'GEEN'), g._count._all]))] as const;
      }),
    ),
  ) as Record<Facet, Record<string, number>>;

  const skip = (query.page - 1) * query.pageSize;
  let items: Array<ReturnType<typeof projectionSummary> & { stuck?: string[] }>;
  let total: number;
  if (query.stuck === true) {
    const candidates = await deps.prisma.trajectory.findMany({
      where: { AND: [where, { status: 'ACTIVE' }] },
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
    const [count, rows] = await Promise.all([
      deps.prisma.trajectory.count({ where }),
      deps.prisma.trajectory.findMany({
        where,
        orderBy: [{ pipDeadline: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        skip,
        take: query.pageSize,
      }),
    ]);
    total = count;
    items = rows.map(projectionSummary);
  }
  return { items, page: query.page, pageSize: query.pageSize, total, counts };
}
