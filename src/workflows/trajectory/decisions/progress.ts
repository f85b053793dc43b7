/**
 * Progress recorded by the gemeente itself (issue 11 §2): not every provider has a system. The
 * consulent records hours, module results and the gemeente's judgement that PVT and MAP are
 * completed (4.5.2–4.5.3) as decisions. Each has the effect of the partner event it stands for
 * (events.ts: `applyRecordedProgress`), deduplicated by the same set of event ids — but, being
 * a decision, a repeat or an illegal value is refused with a reason instead of ignored.
 */
import { checkHoursFitPeriod } from '../../../domain/hours-period';
import { JUDGED_MODULES, checkModuleJudgement, isMapRequired } from '../../../domain/completion';
import { isAfter, isValidIsoDate } from '../../../domain/dates';
import { COMPLETED_MODULES, COMPLETED_MODULE_LABELS, type CompletedModule } from '../../../domain/partner-reports';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from '../../../domain/rule-result';
import { HOUR_KINDS } from '../../../domain/types';
import { checkCompletion } from '../closing';
import { decide } from '../effects';
import { applyRecordedProgress, hasSeenEvent } from '../events';
import {
  recordModuleBeoordelingUpdate,
  recordModuleResultaatUpdate,
  recordUrenUpdate,
  recordVerzuimUpdate,
  type UrenRegistratieInput,
  type VerzuimRegistratieInput,
} from '../messages';
import type { TrajectoryState } from '../state';
import { checkDate, checkOpen, checkPhase, defineDecision, isOneOf } from './define';

/** Progress belongs to the route: from the opstartklas (PVT/MAP may be there, 4.5.1) on. */
const PROGRESS_PHASES: TrajectoryState['phase'][] = ['OPSTARTKLAS', 'LEERROUTE'];

/** Hours in quarters, more than 0 and at most 1000 per registration (as the partner event). */
function checkHours(value: unknown, what: string, min: number): RuleResult {
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= 1000 &&
    Number.isInteger(value * 4)
    ? RULE_OK
    : refuse('ONGELDIGE_INVOER', `${what}: een aantal uren in kwartieren, ${min} tot en met 1000.`);
}

export function urenEventId(input: Pick<UrenRegistratieInput, 'kind' | 'van' | 'tot'>): string {
  return `gemeente:uren:${input.kind}:${input.van}:${input.tot}`;
}

export const recordUren = defineDecision({
  update: recordUrenUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkPhase(state, PROGRESS_PHASES, 'Uren vastleggen'),
      isOneOf(HOUR_KINDS, input.kind) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Onbekende soort uren.'),
      checkDate(input.van, 'Begin van de periode', today),
      checkDate(input.tot, 'Einde van de periode', today),
      isValidIsoDate(input.van) && isValidIsoDate(input.tot) && isAfter(input.van, input.tot)
        ? refuse('ONGELDIGE_INVOER', `De periode begint (${input.van}) na het einde (${input.tot}).`)
        : RULE_OK,
      checkHours(input.hours, 'Uren', 0.25),
      checkHoursFitPeriod(input.hours, input.van, input.tot),
      input.inPersonHours === undefined
        ? RULE_OK
        : input.kind !== 'LES'
          ? refuse('ONGELDIGE_INVOER', 'Klassikale uren horen alleen bij lesuren (LES).')
          : firstRefusal(
              checkHours(input.inPersonHours, 'Klassikale uren', 0),
              input.inPersonHours <= input.hours
                ? RULE_OK
                : refuse('ONGELDIGE_INVOER', 'Er zijn meer klassikale uren dan lesuren.'),
            ),
      hasSeenEvent(state, urenEventId(input))
        ? refuse(
            'DUBBELE_MELDING',
            `Voor ${input.van} tot en met ${input.tot} zijn al uren van deze soort (${input.kind}) vastgelegd.`,
          )
        : RULE_OK,
    ),
  apply: (state, input, ctx) => {
    decide(state, {
      kind: 'UREN_VASTGELEGD',
      date: input.tot,
      details: {
        soort: input.kind,
        uren: input.hours,
        van: input.van,
        tot: input.tot,
        ...(input.inPersonHours !== undefined ? { klassikaal: input.inPersonHours } : {}),
      },
    });
    applyRecordedProgress(
      state,
      {
        eventId: urenEventId(input),
        type: 'UREN',
        occurredOn: input.tot,
        kind: input.kind,
        hours: input.hours,
        ...(input.inPersonHours !== undefined ? { inPersonHours: input.inPersonHours } : {}),
      },
      ctx,
    );
  },
});

export function verzuimEventId(input: Pick<VerzuimRegistratieInput, 'kind' | 'date'>): string {
  return `gemeente:verzuim:${input.kind}:${input.date}`;
}

/** Verzuim the gemeente records: missed hours in the month of `date` (follow-ups.ts opens the task). */
export const recordVerzuim = defineDecision({
  update: recordVerzuimUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkPhase(state, PROGRESS_PHASES, 'Verzuim vastleggen'),
      checkDate(input.date, 'Datum', today),
      isOneOf(HOUR_KINDS, input.kind) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Onbekende soort uren.'),
      checkHours(input.hours, 'Gemiste uren', 0.25),
      hasSeenEvent(state, verzuimEventId(input))
        ? refuse(
            'DUBBELE_MELDING',
            `Op ${input.date} is al verzuim van deze soort (${input.kind}) vastgelegd; tel de uren op in één registratie.`,
          )
        : RULE_OK,
    ),
  apply: (state, input, ctx) => {
    decide(state, {
      kind: 'VERZUIM_VASTGELEGD',
      date: input.date,
      details: { soort: input.kind, uren: input.hours },
    });
    applyRecordedProgress(
      state,
      { eventId: verzuimEventId(input), type: 'VERZUIM', occurredOn: input.date, kind: input.kind, hours: input.hours },
      ctx,
    );
  },
});

/** Already recorded (by a partner or the gemeente)? */
function isModuleRecorded(state: TrajectoryState, module: CompletedModule): boolean {
  switch (module) {
    case 'PVT_ONDERTEKEND':
      return state.progress.pvtSigned;
    case 'MAP_EINDGESPREK':
      return state.progress.mapEindgesprek;
    case 'Z_EINDGESPREK':
      return state.progress.zRouteEindgesprek;
    case 'ONDERWIJS_PROGRAMMA':
      return state.progress.onderwijsProgrammeDone;
    case 'KNM_MODULE':
      return hasSeenEvent(state, moduleEventId(module));
  }
}

/** Which modules belong to the PIP's leerroute (no route yet: every module). */
export function checkModuleInRoute(state: TrajectoryState, module: CompletedModule): RuleResult {
  const route = state.pip?.leerroute;
  if (route === undefined) return RULE_OK;
  if (module === 'Z_EINDGESPREK' && route !== 'Z') {
    return refuse('NIET_IN_ROUTE', 'Een eindgesprek van de Z-route hoort alleen bij de Z-route.');
  }
  if (module === 'ONDERWIJS_PROGRAMMA' && route !== 'ONDERWIJS') {
    return refuse('NIET_IN_ROUTE', 'Het taalschakeltraject hoort alleen bij de onderwijsroute.');
  }
  if (module === 'MAP_EINDGESPREK' && !isMapRequired(route)) {
    return refuse('NIET_IN_ROUTE', 'De onderwijsroute heeft geen MAP.');
  }
  return RULE_OK;
}

const moduleEventId = (module: CompletedModule) => `gemeente:module:${module}`;

export const recordModuleResultaat = defineDecision({
  update: recordModuleResultaatUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      checkPhase(state, PROGRESS_PHASES, 'Een moduleresultaat vastleggen'),
      checkDate(input.date, 'Datum', today),
      isOneOf(COMPLETED_MODULES, input.module)
        ? RULE_OK
        : refuse(
            'ONGELDIGE_INVOER',
            'Onbekende module. Een examenuitslag (ook KNM) komt alleen van DUO (SS199), niet van de gemeente.',
          ),
    );
    if (!basics.ok) return basics;
    return firstRefusal(
      checkModuleInRoute(state, input.module),
      isModuleRecorded(state, input.module)
        ? refuse('DUBBELE_MELDING', `Al vastgelegd: ${COMPLETED_MODULE_LABELS[input.module].toLowerCase()}.`)
        : RULE_OK,
    );
  },
  apply: (state, input, ctx) => {
    decide(state, { kind: 'MODULE_VASTGELEGD', date: input.date, details: { module: input.module } });
    applyRecordedProgress(
      state,
      { eventId: moduleEventId(input.module), type: 'MODULE_AFGEROND', occurredOn: input.date, module: input.module },
      ctx,
    );
  },
});

export const recordModuleBeoordeling = defineDecision({
  update: recordModuleBeoordelingUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      checkPhase(state, PROGRESS_PHASES, 'PVT of MAP als afgerond beoordelen'),
      checkDate(input.date, 'Datum', today),
      isOneOf(JUDGED_MODULES, input.module) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Alleen PVT of MAP.'),
    );
    if (!basics.ok) return basics;
    return checkModuleJudgement(input.module, state.pip?.leerroute, state.progress);
  },
  apply: (state, input, ctx) => {
    if (input.module === 'PVT') state.progress.pvtBeoordeeld = true;
    else state.progress.mapBeoordeeld = true;
    decide(state, { kind: 'MODULE_BEOORDEELD', date: input.date, details: { module: input.module, voldaan: true } });
    checkCompletion(state, ctx);
  },
});
