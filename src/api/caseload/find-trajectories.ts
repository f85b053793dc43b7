/**
 * Two read operations for people, in PostgreSQL only (never Temporal): the consulent's caseload
 * (trajectories they are the consulent of) and a search within the caller's gemeente by name,
 * BSN or trajectory id. The werkplek calls these same functions.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { TrajectoryView } from '../../workflows/trajectory/messages';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { todayIso } from '../http/primitives';
import { gemeenteScope } from '../http/tenancy';
import { isoDate } from '../trajectories/get-dossier';
import { bsnHash, isValidBsn } from '../trajectories/pseudonym';
import { trajectoryStatusOf } from '../trajectories/status';

export const SEARCH_LIMIT = 50;

export interface TrajectoryListItem {
  trajectoryId: string;
  naam: string | null;
  bsnLaatsteCijfers: string | null;
  gemeente: string;
  targetGroup: string;
  phase: string;
  leerroute: string | null;
  status: string;
  consulentId: string | null;
  nextDeadline: { kind: string; date: string } | null;
  openTasks: number;
}

const include = {
  person: { select: { naam: true, bsn: true } },
  _count: { select: { tasks: { where: { status: 'OPEN' } } } },
} satisfies Prisma.TrajectoryInclude;
type Row = Prisma.TrajectoryGetPayload<{ include: typeof include }>;

/** The first running deadline on or after today, from the projected view (paused ones do not run). */
export function nextDeadlineOf(state: unknown, today: string): { kind: string; date: string } | null {
  const deadlines = (state as Pick<TrajectoryView, 'deadlines'> | null)?.deadlines ?? [];
  const upcoming = deadlines
    .filter((deadline) => deadline.date >= today && !deadline.paused)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return upcoming[0] ? { kind: upcoming[0].kind, date: upcoming[0].date } : null;
}

function toItem(row: Row, today: string): TrajectoryListItem {
  return {
    trajectoryId: row.id,
    naam: row.person?.naam ?? null,
    bsnLaatsteCijfers: row.person ? row.person.bsn.slice(-3) : null,
    gemeente: row.gemeente,
    targetGroup: row.targetGroup,
    phase: row.phase,
    leerroute: row.leerroute,
    status: trajectoryStatusOf(row.status),
    consulentId: row.consulentId,
    nextDeadline:
      nextDeadlineOf(row.state, today) ?? (row.pipDeadline ? { kind: 'PIP', date: isoDate(row.pipDeadline)! } : null),
    openTasks: row._count.tasks,
  };
}

export async function listCaseload(deps: ResolvedApiDeps, principal: Principal): Promise<TrajectoryListItem[]> {
  const today = todayIso();
  const gemeente = gemeenteScope(principal);
  const rows = await deps.prisma.trajectory.findMany({
    where: { consulentId: principal.subject, ...(gemeente ? { gemeente } : {}) },
    include,
    orderBy: [{ pipDeadline: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: 500,
  });
  return rows
    .map((row) => toItem(row, today))
    .sort((a, b) => (a.nextDeadline?.date ?? '9999').localeCompare(b.nextDeadline?.date ?? '9999'));
}

/** What the search text is: a BSN (9 digits, elfproef), a trajectory id, or (part of) a name. */
export function classifySearch(q: string): 'bsn' | 'trajectoryId' | 'naam' {
  if (/^\d{9}$/.test(q) && isValidBsn(q)) return 'bsn';
  if (/^trj_[a-z0-9_]+$/i.test(q)) return 'trajectoryId';
  return 'naam';
}

export async function searchTrajectories(
  deps: ResolvedApiDeps,
  principal: Principal,
  q: string,
): Promise<TrajectoryListItem[]> {
  const today = todayIso();
  const gemeente = gemeenteScope(principal);
  const scope: Prisma.TrajectoryWhereInput = gemeente ? { gemeente } : {};
  let where: Prisma.TrajectoryWhereInput;
  switch (classifySearch(q)) {
    case 'bsn': {
      // The keyed hash (as stored and indexed), so the BSN column itself is not scanned.
      where = { AND: [scope, { person: { bsnHash: bsnHash(deps.config.PSEUDONYM_KEY, q) } }] };
      break;
    }
    case 'trajectoryId':
      where = { AND: [scope, { id: { startsWith: q.toLowerCase() } }] };
      break;
    default:
      where = { AND: [scope, { person: { naam: { contains: q, mode: 'insensitive' } } }] };
  }
  const rows = await deps.prisma.trajectory.findMany({ where, include, orderBy: { id: 'asc' }, take: SEARCH_LIMIT });
  return rows.map((row) => toItem(row, today));
}
