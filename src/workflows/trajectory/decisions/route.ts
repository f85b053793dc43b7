/** Decisions during the route: opstartklas, voortgangsgesprek and ontheffing (handhaving: handhaving.ts). */
import { validateOpstartklas } from '../../../domain/opstartklas';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import { LANGUAGE_EXAM_PARTS, ONTHEFFING_GROUNDS, type IsoDate } from '../../../domain/types';
import { checkCompletion, closeTrajectory } from '../closing';
import type { RuleContext } from '../context';
import {
  closeTaskStep,
  closeTasksOfType,
  decide,
  monitor,
  openTask,
  sendToPartner,
  tellRoutePartners,
} from '../effects';
import {
  planOpstartklasUpdate,
  recordOntheffingUpdate,
  recordVoortgangsgesprekUpdate,
  type VoortgangsgesprekInput,
} from '../messages';
import { followUpVoortgangsgesprek } from '../follow-ups';
import { enterPhase, scheduleNextVoortgangsgesprek } from '../phases';
import type { TrajectoryState } from '../state';
import { checkDate, checkOpen, checkPhase, defineDecision, details, isOneOf } from './define';

export const planOpstartklas = defineDecision({
  update: planOpstartklasUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      checkDate(input.start, 'Start opstartklas', today, true),
      checkDate(input.end, 'Einde opstartklas', today, true),
    );
    if (!basics.ok) return basics;
    const routeNotStarted =
      state.phase === 'LEERROUTE' && Object.values(state.progress.hours).every((hours) => hours === 0);
    return firstRefusal(
      ['BREDE_INTAKE', 'PIP', 'OPSTARTKLAS'].includes(state.phase) || routeNotStarted
        ? RULE_OK
        : refuse('VERKEERDE_FASE', 'Een opstartklas kan alleen vóór de start van de leerroute.'),
      // Framework 4.5.1: every inburgeraar may join (no doelgroep refused); 1 to 2 months.
      validateOpstartklas({ targetGroup: state.targetGroup, start: input.start, end: input.end, today }),
    );
  },
  apply: (state, input, ctx) => {
    state.opstartklas = { start: input.start, end: input.end };
    decide(state, { kind: 'OPSTARTKLAS', date: ctx.today, details: details(input) });
    sendToPartner(
      state,
      `aanmelding-opstartklas:${input.start}`,
      { recipient: 'TAALAANBIEDER', type: 'AANMELDING_OPSTARTKLAS', payload: { start: input.start, end: input.end } },
      ctx,
    );
    if (state.phase === 'LEERROUTE') {
      // The route had not started yet: the opstartklas is the buffer until it can.
      delete state.leerrouteStart;
      delete state.voortgang.nextDue;
      enterPhase(state, 'OPSTARTKLAS', ctx);
    }
  },
});

/** Closes the tasks of a voortgangsgesprek that was held (also the escalation of a missed one). */
function closeVoortgangTasks(state: TrajectoryState, due: IsoDate | undefined): void {
  if (due) closeTaskStep(state, `voortgangsgesprek:${due}`, 'voortgangsgesprek gevoerd');
  closeTasksOfType(state, ['VOORTGANGSGESPREK', 'VOORTGANGSGESPREK_ESCALATIE'], 'voortgangsgesprek gevoerd');
}

/**
 * A talk was held: its tasks close, the next one is planned one interval on, and a talk behind
 * or missed gets a follow-up task (follow-ups.ts).
 */
export function holdVoortgangsgesprek(state: TrajectoryState, input: VoortgangsgesprekInput, ctx: RuleContext): void {
  const due = state.voortgang.nextDue;
  closeVoortgangTasks(state, due);
  if (due) closeTaskStep(state, `voortgang-escalatie:${due}`, 'voortgangsgesprek gevoerd');
  state.voortgang.lastTalk = input.date;
  state.voortgang.held += 1;
  if (state.phase === 'LEERROUTE') scheduleNextVoortgangsgesprek(state, input.date);
  decide(state, {
    kind: 'VOORTGANGSGESPREK',
    date: input.date,
    details: { uitkomst: input.outcome, nummer: state.voortgang.held },
  });
  followUpVoortgangsgesprek(state, input.outcome, input.date, ctx);
}

export const recordVoortgangsgesprek = defineDecision({
  update: recordVoortgangsgesprekUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkPhase(state, ['OPSTARTKLAS', 'LEERROUTE'], 'Een voortgangsgesprek vastleggen'),
      checkDate(input.date, 'Datum voortgangsgesprek', today),
      isOneOf(['OP_SCHEMA', 'ACHTERSTAND', 'NIET_VERSCHENEN'] as const, input.outcome)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Onbekende uitkomst van het voortgangsgesprek.'),
    ),
  apply: (state, input, ctx) => holdVoortgangsgesprek(state, input, ctx),
});

export const recordOntheffing = defineDecision({
  update: recordOntheffingUpdate,
  validate: (state, input, { today }) => {
    const parts = input.parts ?? [];
    return firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum ontheffing', today),
      isOneOf(ONTHEFFING_GROUNDS, input.ground) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Grond moet MED of BIO zijn.'),
      parts.every((part) => part === 'KNM' || isOneOf(LANGUAGE_EXAM_PARTS, part))
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Onbekend examenonderdeel in de ontheffing.'),
      input.whole || parts.length > 0 || input.maxParticipatieHours !== undefined
        ? RULE_OK
        : refuse(
            'ONGELDIGE_INVOER',
            'Een gedeeltelijke ontheffing noemt onderdelen of een maximum aantal participatie-uren.',
          ),
    );
  },
  apply: (state, input, ctx) => {
    const previous = state.ontheffing;
    state.ontheffing = {
      ground: input.ground,
      whole: input.whole || previous?.whole === true,
      parts: [...new Set([...(previous?.parts ?? []), ...(input.parts ?? [])])],
      ...(input.maxParticipatieHours !== undefined
        ? { maxParticipatieHours: input.maxParticipatieHours }
        : previous?.maxParticipatieHours !== undefined
          ? { maxParticipatieHours: previous.maxParticipatieHours }
          : {}),
    };
    decide(state, { kind: 'ONTHEFFING', date: input.date, details: details(input) });
    // The monitor counts ontheffingen (handhaving table; src/domain/monitor-events.ts).
    monitor(state, `ontheffing:${state.decisions.length}`, 'ONTHEFFING_VERLEEND', {
      datum: input.date,
      grond: input.ground,
      geheel: input.whole,
    });
    // The providers hear which parts lapse (not the ground: a medical ground stays with the gemeente).
    tellRoutePartners(
      state,
      `ontheffing:${state.decisions.length}`,
      {
        type: 'ONTHEFFING_VERLEEND',
        payload: { datum: input.date, geheel: input.whole, onderdelen: [...(input.parts ?? [])] },
      },
      ctx,
    );
    if (input.whole) {
      closeTrajectory(state, ctx, ctx.today, 'ONTHEFFING', 'CONSULENT');
      return;
    }
    openTask(state, `ontheffing:${input.date}:${state.decisions.length}`, 'ONTHEFFING_VERWERKEN', ctx);
    checkCompletion(state, ctx);
  },
});
