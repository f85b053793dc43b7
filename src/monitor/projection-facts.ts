/**
 * The monitor's facts of one trajectory, taken from the workflow's view and stored as typed
 * columns of the projection (prisma/schema.prisma, "monitor facts"): the figures query these
 * columns and never the JSON state, so they stay fast with 100 000 trajectories and more.
 */
import { computePipDeadline } from '../domain/pip-deadline';
import { LANGUAGE_EXAM_PARTS, LEVELS, type IsoDate, type Level } from '../domain/types';
import type { TrajectoryView } from '../workflows/trajectory/messages';

const day = (date: IsoDate | undefined): Date | null => (date ? new Date(`${date}T00:00:00.000Z`) : null);

/** The lowest level over the four language exams, once all four are passed; else null. */
export function examLevelOf(results: Partial<Record<string, Level>>): Level | null {
  const levels = LANGUAGE_EXAM_PARTS.map((part) => results[part]);
  if (levels.some((level) => level === undefined)) return null;
  return levels.reduce((lowest, level) => (LEVELS.indexOf(level!) < LEVELS.indexOf(lowest!) ? level : lowest))!;
}

/**
 * The deadline that applied to the first PIP. While there is no PIP it is the running
 * deadline; once the first PIP exists, the view's record of it (`firstPip`, kept by the
 * workflow) or else the deadline of the clock. A trajectory taken over with a PIP already in
 * force has no clock here and no deadline: it is left out of the "PIP within 10 weeks" figure.
 */
export function firstPipDeadlineOf(view: TrajectoryView): IsoDate | undefined {
  const recorded = (view as { firstPip?: { deadline?: IsoDate } }).firstPip?.deadline;
  if (recorded) return recorded;
  // The clock's deadline also while the plicht is suspended (the view then shows none running).
  if (view.pipClock) return computePipDeadline(view.pipClock);
  return view.pip ? undefined : view.pipDeadline;
}

export function projectionFacts(view: TrajectoryView) {
  const modules = view.modules;
  const recorded = (view as { firstPip?: { clockStart?: IsoDate; clockSource?: string } }).firstPip;
  return {
    instroomOn: day(view.dates.inschrijving ?? view.dates.vestiging ?? view.dates.koppeling),
    pipClockStart: day(recorded?.clockStart ?? view.pipClock?.date),
    pipClockSource: recorded?.clockSource ?? view.pipClock?.source ?? null,
    firstPipDeadline: day(firstPipDeadlineOf(view)),
    firstPipDagtekening: day(view.firstPipDagtekening),
    termijnStart: day(view.termijn?.start),
    closedOn: day(view.closedOn),
    ontzorgenStart: day(modules.ontzorgen?.start),
    ontzorgenEnd: day(modules.ontzorgen?.end),
    pvtDone: modules.pvtSigned,
    mapDone: modules.mapEindgesprek,
    knmDone: modules.knmPassed,
    examLevel: examLevelOf(modules.examResults),
    hoursTaalKnm: Math.round(modules.hours.TAAL_KNM ?? 0),
    hoursParticipatie: Math.round(modules.hours.PARTICIPATIE ?? 0),
    hoursMap: Math.round(modules.hours.MAP ?? 0),
    hoursPvt: Math.round(modules.hours.PVT ?? 0),
    heldMessages: view.pendingPartnerMessages.length,
  };
}
