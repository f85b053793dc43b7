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
 * The deadline that applied to the first PIP. While there is no PIP it is the clock's deadline
 * (also while the plicht is suspended, when the view shows none running); once the first PIP
 * exists, the workflow's record of it (`firstPip`), which a later SS139 or bijstelling never
 * moves. A trajectory taken over with a PIP already in force has no such record and no
 * deadline: it is left out of the "PIP binnen 10 weken" figure.
 */
export function firstPipDeadlineOf(view: TrajectoryView): IsoDate | undefined {
  if (view.firstPip) return view.firstPip.deadline;
  if (view.pip || view.firstPipDagtekening) return undefined;
  if (view.pipClock) return computePipDeadline(view.pipClock);
  return view.pipDeadline;
}

/** The clock the first PIP's deadline ran from: the recorded one once there is a PIP. */
function firstPipClockOf(view: TrajectoryView): { date: IsoDate; source: string } | undefined {
  if (view.firstPip) {
    const { clockStart, clockSource } = view.firstPip;
    return clockStart && clockSource ? { date: clockStart, source: clockSource } : undefined;
  }
  if (view.pip || view.firstPipDagtekening) return undefined;
  return view.pipClock;
}

export function projectionFacts(view: TrajectoryView) {
  const modules = view.modules;
  const clock = firstPipClockOf(view);
  return {
    instroomOn: day(view.dates.inschrijving ?? view.dates.vestiging ?? view.dates.koppeling),
    pipClockStart: day(clock?.date),
    pipClockSource: clock?.source ?? null,
    firstPipDeadline: day(firstPipDeadlineOf(view)),
    firstPipDagtekening: day(view.firstPip?.dagtekening ?? view.firstPipDagtekening),
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
