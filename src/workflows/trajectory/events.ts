/**
 * Partner events (one signal, a discriminated union): DUO gebeurtenissen, COA handover,
 * provider hours and verzuim, completed modules, maatschappelijke begeleiding and ontzorgen status.
 * Deduplicated by event id (bounded set carried over continue-as-new). Signals cannot be
 * refused: an event that makes no sense in the current state is recorded in the timeline
 * and otherwise ignored.
 *
 * Over 300 lines: one switch over every partner event type, so that the handling of each event
 * is found in one place; the rules it calls live in src/domain and the area modules beside it.
 */
import { checkLeerrouteGestart, type LeerrouteGestartFacts } from '../../domain/leerroute-gestart';
import { isLevelAtLeast } from '../../domain/completion';
import { BIJSTAND_EINDE_REDENEN, type BijstandChange } from '../../domain/bijstand';
import { isAfter, isValidIsoDate } from '../../domain/dates';
import { checkVasteLasten } from '../../domain/ontzorgen';
import { refuse, type RuleResult } from '../../domain/rule-result';
import { restartPipClock } from '../../domain/pip-deadline';
import { applyExtension, computeTermijn } from '../../domain/termijn';
import { HOUR_KINDS, type IsoDate } from '../../domain/types';
import { askForBijstand, changeBijstand, checkBijstand, startOntzorgenFromBijstand } from './bijstand';
import { checkCompletion, closeTrajectory } from './closing';
import type { RuleContext } from './context';
import { noteUrenForDuo } from './duo-reports';
import {
  MAX_SEEN_EVENT_IDS,
  closeTaskByKey,
  monitor,
  openTask,
  reissueOpenTasksForNewGemeente,
  reportToDuo,
  taskKeyOf,
  tellRoutePartners,
  timeline,
} from './effects';
import { followUpMbAandacht, noteVerzuim } from './follow-ups';
import type { PartnerEvent } from './messages';
import {
  askForConsulent,
  currentOffer,
  enterPhase,
  refreshPipTask,
  registerForLeerroute,
  recordLeerrouteGestart,
  scheduleNextVoortgangsgesprek,
  startPipModules,
} from './phases';
import { endOntzorgen, startOntzorgen } from './ontzorgen';
import { applyParticipatieReport } from './participatie';
import type { TrajectoryState } from './state';

/** True when the event was new (and applied); false for a duplicate or an unusable event. */
export function applyPartnerEvent(state: TrajectoryState, event: PartnerEvent, ctx: RuleContext): boolean {
  if (typeof event?.eventId !== 'string' || event.eventId === '') return false;
  if (hasSeenEvent(state, event.eventId)) return false;
  markEventSeen(state, event.eventId);
  const on = isValidIsoDate(event.occurredOn) && event.occurredOn <= ctx.today ? event.occurredOn : ctx.today;
  timeline(state, on, event.type, event.eventId);
  if (state.status === 'AFGESLOTEN') return true;
  applyEvent(state, event, on, ctx);
  checkCompletion(state, ctx);
  return true;
}

export function hasSeenEvent(state: TrajectoryState, eventId: string): boolean {
  return state.seenEventIds.includes(eventId);
}

export function markEventSeen(state: TrajectoryState, eventId: string): void {
  state.seenEventIds.push(eventId);
  if (state.seenEventIds.length > MAX_SEEN_EVENT_IDS) {
    state.seenEventIds.splice(0, state.seenEventIds.length - MAX_SEEN_EVENT_IDS);
  }
}

/**
 * Progress the gemeente records itself (decisions/progress.ts): the same effect as the partner
 * event it stands for, deduplicated by the same set of event ids. The decision is its timeline entry.
 */
export function applyRecordedProgress(state: TrajectoryState, event: PartnerEvent, ctx: RuleContext): void {
  markEventSeen(state, event.eventId);
  applyEvent(state, event, event.occurredOn, ctx);
  checkCompletion(state, ctx);
}

function applyEvent(state: TrajectoryState, event: PartnerEvent, on: IsoDate, ctx: RuleContext): void {
  switch (event.type) {
    case 'SS101':
    case 'SS128':
      if (event.plichtStart && isValidIsoDate(event.plichtStart)) state.dates.plichtStart = event.plichtStart;
      return;

    case 'SS139': {
      // The 10-week PIP term (re)starts; after leaving COA DUO sends it again.
      const start = event.clockStart && isValidIsoDate(event.clockStart) ? event.clockStart : on;
      state.dates.ss139 = start;
      const before = state.pipClock;
      state.pipClock = restartPipClock(state.pipClock, start);
      if (before?.date !== state.pipClock.date || before?.source !== state.pipClock.source) refreshPipTask(state, ctx);
      return;
    }

    case 'SS102':
      // DUO's register of the termijn is authoritative when it names an end date.
      if (event.end && isValidIsoDate(event.end)) {
        state.termijn = {
          start: event.start && isValidIsoDate(event.start) ? event.start : (state.termijn?.start ?? on),
          end: event.end,
          source: 'SS102',
        };
      }
      return;

    case 'SS103':
    case 'SS104':
    case 'SS130': {
      if (event.type === 'SS130' && state.status === 'GESCHORST') {
        state.status = 'ACTIEF';
        timeline(state, on, 'HERVAT');
        resumeAfterSuspension(state, ctx);
        tellRoutePartners(state, `hervat:${event.eventId}`, { type: 'TRAJECT_HERVAT', payload: { vanaf: on } }, ctx);
      }
      if (!state.termijn) return;
      const extension =
        event.newEnd && isValidIsoDate(event.newEnd)
          ? event.newEnd
          : event.months
            ? { months: event.months }
            : undefined;
      if (extension === undefined) return;
      try {
        state.termijn = { ...state.termijn, end: applyExtension(state.termijn.end, extension), source: event.type };
      } catch {
        timeline(state, on, `${event.type}:ONGELDIGE_VERLENGING`, event.eventId);
      }
      return;
    }

    // Plicht met according to DUO's register: the trajectory closes (DUO decides these, Wi).
    case 'SS106':
      closeTrajectory(state, ctx, on, 'PLICHT_VOLDAAN', event.type);
      return;
    case 'SS107':
      closeTrajectory(state, ctx, on, 'VRIJSTELLING', event.type);
      return;
    case 'SS108':
      closeTrajectory(state, ctx, on, 'ONTHEFFING', event.type);
      return;

    case 'SS109':
      // Temporary vrijstelling: the plicht pauses (termijn, voortgang and PIP deadline timers stop) until SS130.
      if (state.status !== 'GESCHORST') {
        tellRoutePartners(
          state,
          `geschorst:${event.eventId}`,
          { type: 'TRAJECT_GESCHORST', payload: { vanaf: on } },
          ctx,
        );
      }
      state.status = 'GESCHORST';
      openTask(state, `geschorst:${event.eventId}`, 'PLICHT_GESCHORST', ctx);
      return;
    case 'SS110':
      closeTrajectory(state, ctx, on, 'PLICHT_VERVALLEN', event.type);
      return;
    case 'SS111':
      closeTrajectory(state, ctx, on, 'OVERLEDEN', event.type);
      return;

    case 'SS120':
    case 'SS121':
      applyMove(state, event, on, ctx);
      return;

    case 'SS124':
    case 'SS125': {
      const before = currentOffer(state, ctx.today);
      state.targetGroup = event.type === 'SS125' ? 'asielstatushouder' : (event.newTargetGroup ?? 'overige_migrant');
      const after = currentOffer(state, ctx.today);
      // The offer changes from now on: what stops, stops; what starts, starts where the phase has passed.
      if (before.ontzorgen && !after.ontzorgen) endOntzorgen(state, ctx, 'DOELGROEP_GEWIJZIGD');
      // Now an asielstatushouder: ontzorgen from now on (when on bijstand), or ask whether they are.
      startOntzorgenFromBijstand(state, ctx, ctx.today);
      askForBijstand(state, ctx);
      if (state.pip) startPipModules(state, ctx, ctx.today);
      // The route runs already (PVT/MAP started, talks scheduled): only the registration is new.
      if (state.leerrouteStart && after.leerrouteOffer && !before.leerrouteOffer) {
        registerForLeerroute(state, ctx, state.leerrouteStart);
      }
      openTask(state, `doelgroep:${event.eventId}`, 'DOELGROEP_GEWIJZIGD', ctx);
      return;
    }

    case 'SS131':
      state.leerbaarheidstoets = { result: event.result, source: 'SS131' };
      return;

    case 'SS199':
      if (!event.passed) return;
      if (!isLevelAtLeast(state.progress.examResults[event.part], event.level)) {
        state.progress.examResults[event.part] = event.level;
      }
      if (event.part === 'KNM') state.progress.knmPassed = true;
      return;

    case 'COA_OVERDRACHT':
      state.coaOverdrachtOn = on;
      if (state.phase === 'KOPPELING') enterPhase(state, 'WARME_OVERDRACHT', ctx);
      return;

    case 'UREN': {
      if (!HOUR_KINDS.includes(event.kind) || !Number.isFinite(event.hours) || event.hours <= 0) return;
      state.progress.hours[event.kind] += event.hours;
      if (event.kind === 'TAAL_KNM') state.progress.taalKnmHours += event.hours;
      if (event.kind === 'PARTICIPATIE') state.progress.participatieHours += event.hours;
      if (event.kind === 'MAP') state.progress.mapPracticalHours += event.hours;
      if (event.kind === 'PVT') state.progress.pvtHours += event.hours;
      if (event.kind === 'LES' && event.inPersonHours && event.inPersonHours > 0) {
        state.progress.inPersonLessonHours += Math.min(event.inPersonHours, event.hours);
      }
      noteUrenForDuo(state, ctx);
      return;
    }

    case 'MODULE_AFGEROND':
      switch (event.module) {
        case 'PVT_ONDERTEKEND':
          state.progress.pvtSigned = true;
          reportToDuo(state, 'pvt-ondertekend', {
            recipient: 'DUO',
            type: 'PVT_ONDERTEKEND',
            payload: { datumOndertekening: on },
          });
          return;
        case 'MAP_EINDGESPREK':
          state.progress.mapEindgesprek = true;
          reportToDuo(state, 'map-eindgesprek', {
            recipient: 'DUO',
            type: 'MAP_EINDGESPREK',
            payload: { datumEindgesprek: on },
          });
          return;
        case 'KNM_MODULE':
          // The KNM lessons are done; the exam result comes from DUO only (SS199). Timeline only.
          return;
        case 'Z_EINDGESPREK':
          state.progress.zRouteEindgesprek = true;
          return;
        case 'ONDERWIJS_PROGRAMMA':
          state.progress.onderwijsProgrammeDone = true;
          return;
      }
      return;

    case 'MB_RAPPORTAGE':
      if (state.mb) state.mb.status = event.status;
      if (event.status === 'AANDACHT_NODIG') followUpMbAandacht(state, on, ctx);
      return;

    case 'VERZUIM':
      if (!HOUR_KINDS.includes(event.kind) || !Number.isFinite(event.hours) || event.hours <= 0) return;
      noteVerzuim(state, event.hours, on, ctx);
      return;

    case 'BIJSTAND_GESTART':
    case 'BIJSTAND_BEEINDIGD':
      applyBijstandEvent(state, event, ctx);
      return;

    case 'ONTZORGEN_STATUS':
      if (event.status === 'GESTOPT' || event.status === 'AFGEROND') {
        endOntzorgen(state, ctx, `PARTNER_${event.status}`);
      } else if (event.status === 'GESTART' && !state.ontzorgen && currentOffer(state, ctx.today).ontzorgen) {
        startOntzorgen(state, ctx, on);
      }
      return;

    case 'LEERROUTE_GESTART': {
      const verdict = checkLeerrouteGestart(leerrouteGestartFacts(state), event.occurredOn, ctx.today);
      if (!verdict.ok) {
        timeline(state, ctx.today, `${event.type}:GENEGEERD:${verdict.rule}`, event.eventId);
        return;
      }
      recordLeerrouteGestart(state, ctx, event.occurredOn);
      return;
    }

    case 'PARTICIPATIE_STATUS':
      applyParticipatieReport(
        state,
        {
          soort: event.soort,
          status: event.status,
          datum: on,
          ...(event.urenPerWeek !== undefined ? { urenPerWeek: event.urenPerWeek } : {}),
        },
        on,
        ctx,
      );
      return;
  }
}

/** The facts `checkLeerrouteGestart` needs (also for the consulent's decision). */
export function leerrouteGestartFacts(state: TrajectoryState): LeerrouteGestartFacts {
  return {
    phase: state.phase,
    ...(state.pip ? { pipDagtekening: state.pip.dagtekening } : {}),
    ...(state.leerrouteGestartOn ? { gestartOn: state.leerrouteGestartOn } : {}),
  };
}

/**
 * The income department (kind INKOMEN) reports the bijstand. A report the fact does not allow
 * (an end before the start, a second start, a date in the future, unusable values) changes
 * nothing: it is noted in the timeline with the rule (a signal cannot be refused).
 */
function applyBijstandEvent(
  state: TrajectoryState,
  event: Extract<PartnerEvent, { type: 'BIJSTAND_GESTART' | 'BIJSTAND_BEEINDIGD' }>,
  ctx: RuleContext,
): void {
  const datum = event.type === 'BIJSTAND_GESTART' ? event.start : event.einde;
  const change: BijstandChange =
    event.type === 'BIJSTAND_GESTART' ? { soort: 'GESTART', datum } : { soort: 'BEEINDIGD', datum, reden: event.reden };
  const verdict: RuleResult = !isValidIsoDate(datum)
    ? refuse('ONGELDIGE_INVOER', 'geen geldige datum')
    : isAfter(datum, ctx.today)
      ? refuse('DATUM_IN_TOEKOMST', 'datum in de toekomst')
      : change.soort === 'BEEINDIGD' && !(BIJSTAND_EINDE_REDENEN as readonly string[]).includes(change.reden)
        ? refuse('ONGELDIGE_INVOER', 'onbekende reden')
        : event.type === 'BIJSTAND_GESTART' && !checkVasteLasten(event.vasteLasten).ok
          ? checkVasteLasten(event.vasteLasten)
          : checkBijstand(state, change);
  if (!verdict.ok) {
    timeline(state, ctx.today, `${event.type}:GENEGEERD:${verdict.rule}`, event.eventId);
    return;
  }
  changeBijstand(state, change, ctx, event.type === 'BIJSTAND_GESTART' ? event.vasteLasten : undefined);
}

/**
 * SS130 after SS109: the suspension's task closes, and a voortgangsgesprek that fell due while
 * the plicht was suspended is not overdue — the cadence starts again from the resumption.
 */
function resumeAfterSuspension(state: TrajectoryState, ctx: RuleContext): void {
  const prefix = taskKeyOf(state, 'geschorst:');
  for (const key of Object.keys(state.openTasks)) {
    if (key.startsWith(prefix)) closeTaskByKey(state, key, 'plicht hervat (SS130)');
  }
  if (state.phase === 'LEERROUTE' && state.voortgang.nextDue !== undefined && state.voortgang.nextDue < ctx.today) {
    scheduleNextVoortgangsgesprek(state, ctx.today);
  }
}

/**
 * SS120/SS121 name the gemeente the person is now settled in. Same gemeente: the vestiging
 * is recorded (SS121: a previous gemeente's PIP binds the leerroute of the new PIP). Another
 * gemeente served by this installation: the trajectory transfers, switches to that gemeente's
 * policy and re-issues its open tasks there, and that gemeente issues a new PIP with the same
 * leerroute. Elsewhere: the trajectory ends (VERHUISD); the new gemeente takes over with DUO.
 */
function applyMove(
  state: TrajectoryState,
  event: Extract<PartnerEvent, { type: 'SS120' | 'SS121' }>,
  on: IsoDate,
  ctx: RuleContext,
): void {
  const vestiging = event.vestiging && isValidIsoDate(event.vestiging) ? event.vestiging : on;
  if (event.gemeente === state.gemeente) {
    state.dates.vestiging = vestiging;
    if (event.type === 'SS121') {
      state.hadEarlierPip = true;
      if (event.previousLeerroute) state.requiredLeerroute = event.previousLeerroute;
      keepTermijnOfFirstPip(state, event, on);
    }
    return;
  }
  const stays = state.servedGemeenten.includes(event.gemeente);
  tellRoutePartners(
    state,
    `verhuizing:${event.eventId}`,
    { type: 'VERHUIZING', payload: { vestiging, trajectLoopt: stays } },
    ctx,
  );
  if (!stays) {
    closeTrajectory(state, ctx, on, 'VERHUISD', event.type);
    return;
  }
  // The old gemeente keeps its record: the move counts as its outflow (monitor, naming both
  // gemeenten; recorded under the old one, before the trajectory changes hands).
  monitor(state, `verhuisd-uit:${event.eventId}`, 'VERHUISD_UIT', {
    datum: vestiging,
    vanGemeente: state.gemeente,
    naarGemeente: event.gemeente,
  });
  state.gemeente = event.gemeente;
  state.dates.vestiging = vestiging;
  const policy = state.policies?.[event.gemeente];
  if (policy) state.policy = policy;
  reissueOpenTasksForNewGemeente(state);
  // The new gemeente's team assigns its consulent, who then becomes DUO's Contactpersoon.
  askForConsulent(state, ctx);
  if (state.pip) {
    state.requiredLeerroute = state.pip.leerroute;
    state.pipReissueRequired = true;
  }
  openTask(state, `verhuizing:${event.eventId}`, 'VERHUIZING_BEOORDELEN', ctx);
}

/**
 * SS121, Wi art. 11: the termijn runs from the first PIP, whichever gemeente made it; a new PIP
 * here does not restart it. DUO's register (its Inburgeringstermijn API, pulled with SS121)
 * names it. Without it, the previous gemeente's PIP stands in (source VORIG_PIP: its three
 * years end no earlier than the first PIP's, so nobody loses time; DUO's SS102/SS103 correct it)
 * unless the trajectory has a termijn already (a PIP brought along at the start).
 */
function keepTermijnOfFirstPip(
  state: TrajectoryState,
  event: Extract<PartnerEvent, { type: 'SS120' | 'SS121' }>,
  on: IsoDate,
): void {
  if (event.termijnEnd && isValidIsoDate(event.termijnEnd)) {
    const start = event.termijnStart && isValidIsoDate(event.termijnStart) ? event.termijnStart : undefined;
    state.termijn = { start: start ?? state.termijn?.start ?? on, end: event.termijnEnd, source: 'SS121' };
    return;
  }
  if (!state.termijn && event.previousPipDagtekening && isValidIsoDate(event.previousPipDagtekening)) {
    state.termijn = { ...computeTermijn(event.previousPipDagtekening), source: 'VORIG_PIP' };
  }
}
