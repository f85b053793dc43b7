/**
 * The monitor's snapshot today, per gemeente and for the region, from the projection:
 * trajectories per phase, % PIP set within the 10-week term (all time), route mix, open and
 * overdue tasks, ontzorgen running, termijnen ending within 6 months. Figures over a period:
 * src/monitor/figures.ts (`/beheer/monitor/cijfers`).
 */
import { addMonths } from '../../domain/dates';
import type { ResolvedApiDeps } from '../http/deps';
import { amsterdamDateOf } from '../../domain/period';

export interface MonitorFigures {
  trajectories: number;
  perPhase: Record<string, number>;
  routeMix: Record<string, number>;
  pipOnTime: { due: number; onTime: number; percentage: number | null };
  openTasks: number;
  overdueTasks: number;
  ontzorgenRunning: number;
  termijnenEndingWithin6Months: number;
}

const empty = (): MonitorFigures => ({
  trajectories: 0,
  perPhase: {},
  routeMix: {},
  pipOnTime: { due: 0, onTime: 0, percentage: null },
  openTasks: 0,
  overdueTasks: 0,
  ontzorgenRunning: 0,
  termijnenEndingWithin6Months: 0,
});

export async function monitorFigures(deps: ResolvedApiDeps, gemeenten: string[]) {
  const today = amsterdamDateOf(new Date());
  const inSixMonths = addMonths(today, 6);
  const prisma = deps.prisma;
  const [phases, routes, pip, tasks, other] = await Promise.all([
    prisma.trajectory.groupBy({
      by: ['gemeente', 'phase'],
      where: { gemeente: { in: gemeenten } },
      _count: { _all: true },
    }),
    prisma.trajectory.groupBy({
      by: ['gemeente', 'leerroute'],
      where: { gemeente: { in: gemeenten } },
      _count: { _all: true },
    }),
    // The deadline that applied to the first PIP stays a fact of the trajectory once a PIP
    // exists (firstPipDeadline); a PIP on the deadline day is on time.
    prisma.$queryRaw<Array<{ gemeente: string; due: bigint; on_time: bigint }>>`
      SELECT gemeente,
             count(*) FILTER (WHERE "firstPipDagtekening" IS NOT NULL OR "firstPipDeadline" < ${today}::date) AS due,
             count(*) FILTER (WHERE "firstPipDagtekening" <= "firstPipDeadline") AS on_time
      FROM "Trajectory"
      WHERE gemeente = ANY(${gemeenten}) AND status <> 'CANCELLED' AND "firstPipDeadline" IS NOT NULL
      GROUP BY gemeente`,
    prisma.$queryRaw<Array<{ gemeente: string; open: bigint; overdue: bigint }>>`
      SELECT gemeente, count(*) AS open, count(*) FILTER (WHERE "dueDate" < ${today}::date) AS overdue
      FROM "Task" WHERE status = 'OPEN' AND gemeente = ANY(${gemeenten}) GROUP BY gemeente`,
    prisma.$queryRaw<Array<{ gemeente: string; ontzorgen: bigint; ending: bigint }>>`
      SELECT gemeente,
             count(*) FILTER (WHERE state->'modules'->'ontzorgen'->>'status' = 'LOPEND') AS ontzorgen,
             count(*) FILTER (WHERE "termijnEnd" >= ${today}::date AND "termijnEnd" <= ${inSixMonths}::date AND status = 'ACTIVE') AS ending
      FROM "Trajectory" WHERE gemeente = ANY(${gemeenten}) GROUP BY gemeente`,
  ]);

  const perGemeente: Record<string, MonitorFigures> = Object.fromEntries(gemeenten.map((g) => [g, empty()]));
  const regio = empty();
  const both = (gemeente: string) => [perGemeente[gemeente], regio].filter((f): f is MonitorFigures => f !== undefined);
  for (const row of phases)
    for (const f of both(row.gemeente)) {
      f.perPhase[row.phase] = (f.perPhase[row.phase] ?? 0) + row._count._all;
      f.trajectories += row._count._all;
    }
  for (const row of routes)
    for (const f of both(row.gemeente)) {
      const key = row.leerroute ?? 'GEEN';
      f.routeMix[key] = (f.routeMix[key] ?? 0) + row._count._all;
    }
  for (const row of pip)
    for (const f of both(row.gemeente)) {
      f.pipOnTime.due += Number(row.due);
      f.pipOnTime.onTime += Number(row.on_time);
    }
  for (const row of tasks)
    for (const f of both(row.gemeente)) {
      f.openTasks += Number(row.open);
      f.overdueTasks += Number(row.overdue);
    }
  for (const row of other)
    for (const f of both(row.gemeente)) {
      f.ontzorgenRunning += Number(row.ontzorgen);
      f.termijnenEndingWithin6Months += Number(row.ending);
    }
  for (const f of [...Object.values(perGemeente), regio]) {
    f.pipOnTime.percentage = f.pipOnTime.due ? Math.round((1000 * f.pipOnTime.onTime) / f.pipOnTime.due) / 10 : null;
  }
  return { asOf: today, perGemeente, regio: gemeenten.length > 1 ? regio : null };
}
