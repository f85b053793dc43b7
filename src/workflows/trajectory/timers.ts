/**
 * Durable timers as data. Every deadline is computed from the state (`scheduledTimers`); the
 * main loop sleeps until the earliest unfired one (`nextDueTimer`) or until the state changes,
 * then fires what is due (`fireDueTimers`). A decision that moves a deadline simply changes
 * the state: the next computation yields the new date (and a new key), so nothing needs to be
 * cancelled. Keys embed the date they belong to, so a moved deadline fires again, once.
 */
import { patched } from '@temporalio/workflow';
import { addDays } from '../../domain/dates';
import { computePipDeadline, pipWarningDate } from '../../domain/pip-deadline';
import { ontzorgenCheckInDates } from '../../domain/ontzorgen';
import { termijnWarningDates, verwijtbaarWindowStart } from '../../domain/termijn';
import type { IsoDate } from '../../domain/types';
import { voortgangsgesprekEscalationDate } from '../../domain/voortgang';
import { duoUrenTimer, reportGevolgdeUren } from './duo-reports';
import type { DeadlineKind, DeadlineView } from './messages';
import { PATCHES } from './patches';
import {
  closeTaskStep,
  closeTasksOfType,
  endOntzorgen,
  enterPhase,
  monitor,
  openTask,
  scheduleNextVoortgangsgesprek,
  timeline,
  type TrajectoryState,
} from './state';

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
  /** The day it fires (at 00:00 UTC). */
  date: IsoDate;
  /** The deadline it is about (for task titles and monitor events). */
  about: IsoDate;
  monthsBefore?: number;
  month?: number;
}

/** Every timer the state implies right now, fired or not. */
export function scheduledTimers(state: TrajectoryState): TimerItem[] {
  if (state.status === 'AFGESLOTEN') return [];
  const items: TimerItem[] = [];
  const active = state.status === 'ACTIEF';

  // Like the termijn and voortgang timers, the PIP deadline timers pause while the plicht is
  // suspended (SS109); after SS130 a deadline that passed meanwhile fires (the PIP is overdue).
  if (
    !state.pip &&
    state.pipClock &&
    !(state.status === 'GESCHORST' && patched(PATCHES.pipTimersPauseWhileSuspended))
  ) {
    const deadline = computePipDeadline(state.pipClock);
    items.push(
      {
        key: `pip-waarschuwing:${deadline}`,
        kind: 'PIP_WAARSCHUWING',
        date: pipWarningDate(deadline, state.policy),
        about: deadline,
      },
      // Overdue from the day after the deadline (the deadline day itself is still in time).
      { key: `pip-escalatie:${deadline}`, kind: 'PIP_ESCALATIE', date: addDays(deadline, 1), about: deadline },
    );
  }

  if (state.termijn && active) {
    const end = state.termijn.end;
    for (const warning of termijnWarningDates(end, state.policy)) {
      items.push({
        key: `termijn-waarschuwing:${warning.monthsBefore}:${end}`,
        kind: 'TERMIJN_WAARSCHUWING',
        date: warning.date,
        about: end,
        monthsBefore: warning.monthsBefore,
      });
    }
    items.push(
      { key: `verwijtbaar-venster:${end}`, kind: 'VERWIJTBAAR_VENSTER', date: verwijtbaarWindowStart(end), about: end },
      { key: `termijn-einde:${end}`, kind: 'TERMIJN_EINDE', date: end, about: end },
    );
  }

  if (state.ontzorgen?.status === 'LOPEND') {
    const { start, end } = state.ontzorgen;
    ontzorgenCheckInDates(start).forEach((date, index) =>
      items.push({
        key: `ontzorgen-checkin:${index + 1}:${start}`,
        kind: 'ONTZORGEN_CHECKIN',
        date,
        about: date,
        month: index + 1,
      }),
    );
    items.push({ key: `ontzorgen-evaluatie:${start}`, kind: 'ONTZORGEN_EVALUATIE', date: end, about: end });
  }

  if (active && state.phase === 'LEERROUTE' && state.voortgang.nextDue) {
    const due = state.voortgang.nextDue;
    items.push(
      {
        key: `voortgang-taak:${due}`,
        kind: 'VOORTGANGSGESPREK_TAAK',
        date: addDays(due, -VOORTGANGSGESPREK_TASK_LEAD_DAYS),
        about: due,
      },
      {
        key: `voortgang-escalatie:${due}`,
        kind: 'VOORTGANGSGESPREK_ESCALATIE',
        date: voortgangsgesprekEscalationDate(due),
        about: due,
      },
    );
  }

  if (state.phase === 'OPSTARTKLAS' && state.opstartklas) {
    const end = state.opstartklas.end;
    items.push({ key: `opstartklas-einde:${end}`, kind: 'OPSTARTKLAS_EINDE', date: end, about: end });
  }

  const uren = duoUrenTimer(state);
  if (uren) items.push({ ...uren, kind: 'GEVOLGDE_UREN', about: uren.date });
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

/** Fires every timer due on or before `today`, earliest first; returns how many fired. */
export function fireDueTimers(state: TrajectoryState, today: IsoDate): number {
  let fired = 0;
  // Firing may change the schedule (e.g. the opstartklas ends → voortgang starts): recompute.
  for (let guard = 0; guard < 100; guard++) {
    const item = unfired(state).find((candidate) => candidate.date <= today);
    if (!item) break;
    state.firedTimers.push(item.key);
    fireTimer(state, item, today);
    fired++;
  }
  return fired;
}

function fireTimer(state: TrajectoryState, item: TimerItem, today: IsoDate): void {
  timeline(state, today, `TIMER:${item.key}`);
  switch (item.kind) {
    case 'PIP_WAARSCHUWING':
      openTask(state, item.key, 'PIP_DEADLINE_WAARSCHUWING', today, { deadline: item.about }, item.about);
      return;
    case 'PIP_ESCALATIE':
      openTask(state, item.key, 'PIP_DEADLINE_ESCALATIE', today, { deadline: item.about }, today);
      monitor(state, item.key, 'PIP_TERMIJN_VERSTREKEN', {
        deadline: item.about,
        bron: state.pipClock?.source ?? null,
      });
      return;
    case 'TERMIJN_WAARSCHUWING':
      openTask(state, item.key, 'TERMIJN_WAARSCHUWING', today, { monthsBefore: item.monthsBefore ?? 0 }, item.about);
      return;
    case 'VERWIJTBAAR_VENSTER':
      openTask(state, item.key, 'VERWIJTBAARHEID_DOORGEVEN', today, {}, addDays(item.about, -1));
      return;
    case 'TERMIJN_EINDE':
      // DUO follows the process after the termijn (boete, extra time): report it to the monitor.
      monitor(state, item.key, 'TERMIJN_VERSTREKEN', { einde: item.about });
      return;
    case 'ONTZORGEN_CHECKIN':
      openTask(state, item.key, 'ONTZORGEN_CHECKIN', today, { month: item.month ?? 0 }, addDays(item.date, 7));
      if (state.ontzorgen) state.ontzorgen.checkInsDone = Math.max(state.ontzorgen.checkInsDone, item.month ?? 0);
      return;
    case 'ONTZORGEN_EVALUATIE':
      openTask(state, item.key, 'ONTZORGEN_EVALUATIE', today, {}, addDays(item.date, 14));
      endOntzorgen(state, today, 'ZES_MAANDEN_VERSTREKEN');
      return;
    case 'VOORTGANGSGESPREK_TAAK':
      openTask(
        state,
        `voortgangsgesprek:${item.about}`,
        'VOORTGANGSGESPREK',
        today,
        { dueDate: item.about },
        item.about,
      );
      return;
    case 'VOORTGANGSGESPREK_ESCALATIE':
      openTask(state, item.key, 'VOORTGANGSGESPREK_ESCALATIE', today, { dueDate: item.about }, today);
      monitor(state, item.key, 'VOORTGANGSGESPREK_TE_LAAT', { gepland: item.about });
      // The cadence goes on from the missed due date (it stopped here: no next talk was planned).
      if (patched(PATCHES.voortgangCadenceAfterMissedTalk)) scheduleNextVoortgangsgesprek(state, item.about);
      return;
    case 'OPSTARTKLAS_EINDE':
      openTask(state, item.key, 'OPSTARTKLAS_AFGELOPEN', today, state.pip ? { leerroute: state.pip.leerroute } : {});
      enterPhase(state, 'LEERROUTE', today, today);
      return;
    case 'GEVOLGDE_UREN':
      reportGevolgdeUren(state, today);
      return;
  }
}

/** Closes the tasks of a voortgangsgesprek that was held. */
export function closeVoortgangTasks(state: TrajectoryState, due: IsoDate | undefined): void {
  if (due) closeTaskStep(state, `voortgangsgesprek:${due}`, 'voortgangsgesprek gevoerd');
  closeTasksOfType(state, ['VOORTGANGSGESPREK'], 'voortgangsgesprek gevoerd');
  // After a missed talk the cadence has moved on: the escalation of the missed one closes too.
  if (patched(PATCHES.voortgangCadenceAfterMissedTalk)) {
    closeTasksOfType(state, ['VOORTGANGSGESPREK_ESCALATIE'], 'voortgangsgesprek gevoerd');
  }
}

/** Deadlines for the view, with their source. */
export function deadlinesOf(state: TrajectoryState): Omit<DeadlineView, 'daysRemaining'>[] {
  const deadlines: Omit<DeadlineView, 'daysRemaining'>[] = [];
  const add = (kind: DeadlineKind, date: IsoDate, source: string) => deadlines.push({ kind, date, source });
  if (state.status === 'AFGESLOTEN') return deadlines;
  if (!state.pip && state.pipClock) {
    const deadline = computePipDeadline(state.pipClock);
    add('PIP', deadline, state.pipClock.source);
    add('PIP_WAARSCHUWING', pipWarningDate(deadline, state.policy), 'BELEID');
  }
  if (state.termijn) {
    add('TERMIJN_EINDE', state.termijn.end, state.termijn.source);
    for (const warning of termijnWarningDates(state.termijn.end, state.policy)) {
      add('TERMIJN_WAARSCHUWING', warning.date, `BELEID:${warning.monthsBefore}_MAANDEN`);
    }
    add('VERWIJTBAAR_VENSTER', verwijtbaarWindowStart(state.termijn.end), 'DUO');
  }
  if (state.ontzorgen?.status === 'LOPEND') add('ONTZORGEN_EINDE', state.ontzorgen.end, 'ONTZORGEN_6_MAANDEN');
  if (state.phase === 'LEERROUTE' && state.voortgang.nextDue)
    add('VOORTGANGSGESPREK', state.voortgang.nextDue, 'BELEID');
  if (state.phase === 'OPSTARTKLAS' && state.opstartklas)
    add('OPSTARTKLAS_EINDE', state.opstartklas.end, 'OPSTARTKLAS');
  return deadlines;
}
