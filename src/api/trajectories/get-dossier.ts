/**
 * The dossier: the workflow's live view (query), or — when Temporal or the worker does not
 * answer within `timeouts.queryMs` — the last projected view from PostgreSQL. `source` says
 * which one answered.
 */
import type { Trajectory } from '../../generated/prisma/client';
import { ENDED_BY_BEHEERDER } from '../../activities/projection';
import { trajectoryViewQuery, type TrajectoryView } from '../../workflows/trajectory/messages';
import type { ResolvedApiDeps } from '../http/deps';
import { todayIso } from '../http/primitives';
import { withTimeout } from '../http/temporal-errors';
import type { Dossier } from './schemas';
import { trajectoryStatusOf } from './status';
import { buildTimeline } from './timeline';

export async function queryTrajectoryView(deps: ResolvedApiDeps, workflowId: string): Promise<TrajectoryView | null> {
  try {
    return await withTimeout(deps.timeouts.queryMs, () =>
      deps.temporal.withDeadline(Date.now() + deps.timeouts.queryMs, () =>
        deps.temporal.workflow.getHandle(workflowId).query(trajectoryViewQuery),
      ),
    );
  } catch (error) {
    deps.logger.debug({ workflowId, err: (error as Error).message }, 'workflow query unanswered; using projection');
    return null;
  }
}

export async function getDossier(deps: ResolvedApiDeps, trajectory: Trajectory): Promise<Dossier> {
  // Ended by a beheerder (terminate/cancel): the workflow would still answer with its last,
  // running state; the projection says how it ended.
  const endedByBeheerder = (ENDED_BY_BEHEERDER as readonly string[]).includes(trajectory.status);
  const live = endedByBeheerder ? null : await queryTrajectoryView(deps, trajectory.workflowId);
  const projected = trajectory.state as TrajectoryView | null;
  const [person, tasks, messages, inbox, assignments] = await Promise.all([
    deps.prisma.person.findUnique({
      where: { trajectoryId: trajectory.id },
      select: { naam: true, geboortedatum: true, bsn: true },
    }),
    deps.prisma.task.findMany({
      where: { trajectoryId: trajectory.id, status: 'OPEN' },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }],
      select: { id: true, type: true, title: true, dueDate: true, assigneeId: true },
    }),
    deps.prisma.outboxMessage.findMany({
      where: { trajectoryId: trajectory.id },
      orderBy: { createdAt: 'desc' },
      take: TIMELINE_ROWS,
      select: { type: true, recipient: true, status: true, createdAt: true, deliveredAt: true },
    }),
    deps.prisma.inboxEvent.findMany({
      where: { trajectoryId: trajectory.id },
      orderBy: { receivedAt: 'desc' },
      take: TIMELINE_ROWS,
      select: { id: true, type: true, partnerId: true, status: true },
    }),
    deps.prisma.partnerAssignment.findMany({
      where: { trajectoryId: trajectory.id },
      orderBy: { partnerId: 'asc' },
      select: { partner: { select: { id: true, name: true, kind: true } } },
    }),
  ]);
  const view =
    live ??
    (projected && endedByBeheerder ? { ...projected, status: 'AFGESLOTEN' as const, openTasks: [] } : projected);
  const partnerNames = await partnerNamesOf(
    deps,
    inbox.map((event) => event.partnerId),
  );
  return {
    source: live ? 'workflow' : 'projection',
    trajectoryId: trajectory.id,
    view,
    timeline: buildTimeline({
      view,
      today: todayIso(),
      messages,
      inbox: inbox.map((event) => ({ ...event, partnerName: partnerNames.get(event.partnerId) ?? event.partnerId })),
    }),
    partners: assignments.map(({ partner }) => ({
      ...partner,
      // DUO is a legal chain partner; every other partner only within the machtiging's scope.
      receivesData:
        partner.kind === 'DUO' || (view?.consent?.scope as string[] | undefined)?.includes(partner.kind) === true,
    })),
    projection: projectionSummary(trajectory),
    person: person
      ? { naam: person.naam, geboortedatum: isoDate(person.geboortedatum), bsnLaatsteCijfers: person.bsn.slice(-3) }
      : null,
    openTasks: tasks.map((task) => ({ ...task, dueDate: isoDate(task.dueDate) })),
  };
}

/** Messages and partner events shown in the timeline (the most recent of each). */
const TIMELINE_ROWS = 100;

async function partnerNamesOf(deps: ResolvedApiDeps, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const partners = await deps.prisma.partner.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true },
  });
  return new Map(partners.map((partner) => [partner.id, partner.name]));
}

export function projectionSummary(trajectory: Omit<Trajectory, 'state'>): Dossier['projection'] {
  return {
    trajectoryId: trajectory.id,
    workflowId: trajectory.workflowId,
    gemeente: trajectory.gemeente,
    targetGroup: trajectory.targetGroup,
    ondertussengroep: trajectory.ondertussengroep,
    onBijstand: trajectory.onBijstand,
    phase: trajectory.phase,
    leerroute: trajectory.leerroute,
    consulentId: trajectory.consulentId,
    pipDeadline: isoDate(trajectory.pipDeadline),
    termijnEnd: isoDate(trajectory.termijnEnd),
    status: trajectoryStatusOf(trajectory.status),
    closeReason: trajectory.closeReason,
    stateVersion: trajectory.stateVersion,
    updatedAt: trajectory.updatedAt.toISOString(),
  };
}

export function isoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}
