/**
 * Durable timers as data. Every timer is derived from the trajectory's deadlines
 * (`trajectoryDeadlines` in src/domain/deadlines.ts — the same list the dossier shows); the
 * main loop sleeps until the earliest unfired one (`nextDueTimer`) or until the state changes,
 * then fires what is due (`fireDueTimers`). A decision that moves a deadline simply changes
 * the state: the next computation yields the new date (and a new key), so nothing needs to be
 * cancelled. Keys embed the date they belong to, so a moved deadline fires again, once.
 *
 * A timer fires at the start of its day in Amsterdam (workflow.ts), on the date "today" then
 * returns.
 */
import { addDays } from '../../domain/dates';
import { isPausedWhileSuspended, trajectoryDeadlines, type Deadline } from '../../domain/deadlines';
import { termijnEndFollowUp } from '../../domain/follow-ups';
import { ontzorgenCheckInDates } from '../../domain/ontzorgen';
import type { IsoDate } from '../../domain/types';
import { voortgangsgesprekEscalationDate } from '../../domain/voortgang';
import { completionOf } from './closing';
import type { RuleContext } from './context';
import { reportGevolgdeUren } from './duo-reports';
import { monitor, openTask, timeline } from './effects';
import { endOntzorgen } from './ontzorgen';
import { enterPhase, scheduleNextVoortgangsgesprek } from './phases';
import type { TrajectoryState } from './state';

/** Days before a voortgangsgesprek is due that its task appears in the werkvoorraad. */
export const VOORTGANGSGESPREK_TASK_LEAD_DAYS = 14;

export type TimerKind =
  | 'PIP_WAARSCHUWING'
  | 'PIP_ESCALATIE'
  | 'TERMIJN_WAARSCHUWING'
  | 'VERWIJTBAAR_VENSTER'
  | 'TERMIJN_EINDE'
  | 'ONTZORGEN_CHECKIN'
  | 'ONTZORGEN_EVALUATIE'
  | 'VOORTGANGSGESPREK_TAAK'
  | 'VOORTGANGSGESPREK_ESCALATIE'
  | 'OPSTARTKLAS_EINDE'
  | 'GEVOLGDE_UREN';

export interface TimerItem {
  key: string;
  kind: TimerKind;
  /** The day it fires. */
  date: IsoDate;
  /** The deadline it is about (for task titles and monitor events). */
  about: IsoDate;
  monthsBefore?: number;
  month?: number;
}

/** The deadline facts of the state (src/domain/deadlines.ts). */
export function deadlinesOf(state: TrajectoryState): Deadline[] {
  return trajectoryDeadlines({
    status: state.status,
    phase: state.phase,
    policy: state.policy,
    hasPip: state.pip !== undefined,
    ...(state.pipClock ? { pipClock: state.pipClock } : {}),
    ...(state.termijn ? { termijn: state.termijn } : {}),
    ...(state.ontzorgen ? { ontzorgen: state.ontzorgen } : {}),
    ...(state.voortgang.nextDue ? { voortgangDue: state.voortgang.nextDue } : {}),
    ...(state.opstartklas ? { opstartklasEnd: state.opstartklas.end } : {}),
  });
}

function timersOf(deadline: Deadline): TimerItem[] {
  const { date } = deadline;
  const about = deadline.about ?? date;
  switch (deadline.kind) {
    case 'PIP':
      // Overdue from the day after the deadline (the deadline day itself is still in time).
      return [{ key: `pip-escalatie:${date}`, kind: 'PIP_ESCALATIE', date: addDays(date, 1), about: date }];
    case 'PIP_WAARSCHUWING':
      return [{ key: `pip-waarschuwing:${about}`, kind: 'PIP_WAARSCHUWING', date, about }];
    case 'TERMIJN_WAARSCHUWING':
      return [
        {
          key: `termijn-waarschuwing:${deadline.monthsBefore ?? 0}:${about}`,
          kind: 'TERMIJN_WAARSCHUWING',
          date,
          about,
          monthsBefore: deadline.monthsBefore ?? 0,
        },
      ];
    case 'VERWIJTBAAR_VENSTER':
      return [{ key: `verwijtbaar-venster:${about}`, kind: 'VERWIJTBAAR_VENSTER', date, about }];
    case 'TERMIJN_EINDE':
      return [{ key: `termijn-einde:${date}`, kind: 'TERMIJN_EINDE', date, about: date }];
    case 'ONTZORGEN_EINDE': {
      const start = about;
      return [
        ...ontzorgenCheckInDates(start).map((checkIn, index): TimerItem => ({
          key: `ontzorgen-checkin:${index + 1}:${start}`,
          kind: 'ONTZORGEN_CHECKIN',
          date: checkIn,
          about: checkIn,
          month: index + 1,
        })),
        { key: `ontzorgen-evaluatie:${start}`, kind: 'ONTZORGEN_EVALUATIE', date, about: date },
      ];
    }
    case 'VOORTGANGSGESPREK':
      return [
        {
          key: `voortgang-taak:${date}`,
          kind: 'VOORTGANGSGESPREK_TAAK',
          date: addDays(date, -VOORTGANGSGESPREK_TASK_LEAD_DAYS),
          about: date,
        },
        {
          key: `voortgang-escalatie:${date}`,
          kind: 'VOORTGANGSGESPREK_ESCALATIE',
          date: voortgangsgesprekEscalationDate(date),
          about: date,
        },
      ];
    case 'OPSTARTKLAS_EINDE':
      return [{ key: `opstartklas-einde:${date}`, kind: 'OPSTARTKLAS_EINDE', date, about: date }];
  }
}

/** Every timer the state implies right now, fired or not. */
export function scheduledTimers(state: TrajectoryState): TimerItem[] {
  const suspended = state.status === 'GESCHORST';
  const items = deadlinesOf(state)
    .filter((deadline) => !(suspended && isPausedWhileSuspended(deadline.kind)))
    .flatMap(timersOf);
  const urenDue = state.status === 'AFGESLOTEN' ? undefined : state.duoUren?.due;
  if (urenDue) items.push({ key: `gevolgde-uren:${urenDue}`, kind: 'GEVOLGDE_UREN', date: urenDue, about: urenDue });
  return items;
}

function unfired(state: TrajectoryState): TimerItem[] {
  const fired = new Set(state.firedTimers);
  return scheduledTimers(state)
    .filter((item) => !fired.has(item.key))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The earliest timer still to fire, or undefined when nothing is scheduled. */
export function nextDueTimer(state: TrajectoryState, today: IsoDate): TimerItem | undefined {
  return unfired(state).find((item) => item.date > today);
}

/** Fires every timer due on or before today, earliest first; returns how many fired. */
export function fireDueTimers(state: TrajectoryState, ctx: RuleContext): number {
  let fired = 0;
  // Firing may change the schedule (e.g. the opstartklas ends → voortgang starts): recompute.
  for (let guard = 0; guard < 100; guard++) {
    const item = unfired(state).find((candidate) => candidate.date <= ctx.today);
    if (!item) break;
    state.firedTimers.push(item.key);
    fireTimer(state, item, ctx);
    fired++;
  }
  return fired;
}

function fireTimer(state: TrajectoryState, item: TimerItem, ctx: RuleContext): void {
  const { today } = ctx;
  timeline(state, today, `TIMER:${item.key}`);
  switch (item.kind) {
    case 'PIP_WAARSCHUWING':
      openTask(state, item.key, 'PIP_DEADLINE_WAARSCHUWING', ctx, { deadline: item.about }, item.about);
      return;
    case 'PIP_ESCALATIE':
      openTask(state, item.key, 'PIP_DEADLINE_ESCALATIE', ctx, { deadline: item.about }, today);
      monitor(state, item.key, 'PIP_TERMIJN_VERSTREKEN', {
        deadline: item.about,
        bron: state.pipClock?.source ?? null,
      });
      return;
    case 'TERMIJN_WAARSCHUWING':
      openTask(state, item.key, 'TERMIJN_WAARSCHUWING', ctx, { monthsBefore: item.monthsBefore ?? 0 }, item.about);
      return;
    case 'VERWIJTBAAR_VENSTER':
      openTask(state, item.key, 'VERWIJTBAARHEID_DOORGEVEN', ctx, {}, addDays(item.about, -1));
      return;
    case 'TERMIJN_EINDE': {
      // DUO follows the process after the termijn (boete, extra time): report it to the monitor,
      // and a person of the gemeente judges verwijtbaarheid and handhaving (follow-ups).
      monitor(state, item.key, 'TERMIJN_VERSTREKEN', { einde: item.about });
      const followUp = termijnEndFollowUp(item.about, completionOf(state)?.complete === true, state.policy);
      if (followUp) {
        openTask(
          state,
          item.key,
          'TERMIJN_VERSTREKEN_BEOORDELEN',
          ctx,
          { dueDate: followUp.dueDate },
          followUp.dueDate,
        );
      }
      return;
    }
    case 'ONTZORGEN_CHECKIN':
      openTask(state, item.key, 'ONTZORGEN_CHECKIN', ctx, { month: item.month ?? 0 }, addDays(item.date, 7));
      if (state.ontzorgen) state.ontzorgen.checkInsDone = Math.max(state.ontzorgen.checkInsDone, item.month ?? 0);
      return;
    case 'ONTZORGEN_EVALUATIE':
      openTask(state, item.key, 'ONTZORGEN_EVALUATIE', ctx, {}, addDays(item.date, 14));
      endOntzorgen(state, ctx, 'ZES_MAANDEN_VERSTREKEN');
      return;
    case 'VOORTGANGSGESPREK_TAAK':
      openTask(state, `voortgangsgesprek:${item.about}`, 'VOORTGANGSGESPREK', ctx, { dueDate: item.about }, item.about);
      return;
    case 'VOORTGANGSGESPREK_ESCALATIE':
      openTask(state, item.key, 'VOORTGANGSGESPREK_ESCALATIE', ctx, { dueDate: item.about }, today);
      monitor(state, item.key, 'VOORTGANGSGESPREK_TE_LAAT', { gepland: item.about });
      // The cadence goes on from the missed due date (it stopped here: no next talk was planned).
      scheduleNextVoortgangsgesprek(state, item.about);
      return;
    case 'OPSTARTKLAS_EINDE':
      openTask(state, item.key, 'OPSTARTKLAS_AFGELOPEN', ctx, state.pip ? { leerroute: state.pip.leerroute } : {});
      enterPhase(state, 'LEERROUTE', ctx, today);
      return;
    case 'GEVOLGDE_UREN':
      reportGevolgdeUren(state);
      return;
  }
}
