/** Decisions on the PIP: vaststellen (first, or a new gemeente's after a move) and bijstellen. */
import { isAfter } from '../../../domain/dates';
import {
  PIP_DERDEN,
  computePipDeadline,
  extendPipClock,
  validatePipDeadlineExtension,
} from '../../../domain/pip-deadline';
import { checkAanbiederSoorten } from '../../../domain/pip-aanbieders';
import { leerbaarheidWarnings, validatePipPlan } from '../../../domain/pip-plan';
import { isAfschalen, isSchakelen, validatePipBijstelling, validatePipVaststelling } from '../../../domain/pip-rules';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from '../../../domain/rule-result';
import type { TaskType } from '../../../domain/tasks';
import { computeTermijn } from '../../../domain/termijn';
import { LANGUAGE_EXAM_PARTS, LEERROUTES, LEVELS, type IsoDate } from '../../../domain/types';
import { checkCompletion } from '../closing';
import { closeTasksOfType, decide, reportToDuo, tellRoutePartners } from '../effects';
import {
  bijstellenPipUpdate,
  vaststellenPipUpdate,
  verlengPipTermijnUpdate,
  type FirstPipFacts,
  type PipDecisionResult,
  type PipInput,
  type PipRecord,
} from '../messages';
import { currentOffer, enterPhase, refreshPipTask, startPipModules } from '../phases';
import { syncParticipatieWithPip } from '../participatie';
import { afsprakenVoor, refreshRegistrations, registrationsOf } from '../registrations';
import type { TrajectoryState } from '../state';
import { checkDate, checkOpen, checkPhase, defineDecision, details, isOneOf } from './define';

const PIP_TASK_TYPES: TaskType[] = ['PIP_OPSTELLEN', 'PIP_DEADLINE_WAARSCHUWING', 'PIP_DEADLINE_ESCALATIE'];

function checkPipShape(input: PipInput): RuleResult {
  const ok =
    isOneOf(LEERROUTES, input.leerroute) && isOneOf(LEVELS, input.level) && typeof input.alfabetisering === 'boolean';
  return ok ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Leerroute, niveau of alfabetisering ontbreekt of is onbekend.');
}

function toPipRecord(input: PipInput): PipRecord {
  return {
    dagtekening: input.dagtekening,
    leerroute: input.leerroute,
    level: input.level,
    alfabetisering: input.alfabetisering,
    ...(input.b1Intensity !== undefined ? { b1Intensity: input.b1Intensity } : {}),
    ...(input.afspraken !== undefined ? { afspraken: input.afspraken.map((afspraak) => ({ ...afspraak })) } : {}),
    ...(input.participatie !== undefined
      ? { participatie: input.participatie.map((afspraak) => ({ ...afspraak })) }
      : {}),
    ...(input.instemming !== undefined ? { instemming: { ...input.instemming } } : {}),
  };
}

/** The plan part of the PIP (agreements, participation, instemming): src/domain/pip-plan.ts. */
function checkPlan(state: TrajectoryState, input: PipInput, today: string): RuleResult {
  const soorten = checkAanbiederSoorten(input.afspraken, input.participatie);
  if (!soorten.ok) return soorten;
  return validatePipPlan({
    dagtekening: input.dagtekening,
    leerroute: input.leerroute,
    targetGroup: state.targetGroup,
    offer: currentOffer(state, today),
    ...(input.afspraken !== undefined ? { afspraken: input.afspraken } : {}),
    ...(input.participatie !== undefined ? { participatie: input.participatie } : {}),
    ...(input.instemming !== undefined ? { instemming: input.instemming } : {}),
    today,
  });
}

/** Facts of a PIP for the decision log: codes and dates, no provider names. */
function pipDetails(pip: PipRecord): Record<string, string | number | boolean | string[]> {
  return {
    ...details(pip),
    ...(pip.afspraken ? { afspraken: pip.afspraken.map((afspraak) => `${afspraak.onderdeel}:${afspraak.start}`) } : {}),
    ...(pip.participatie
      ? { participatie: pip.participatie.map((afspraak) => `${afspraak.soort}:${afspraak.start}`) }
      : {}),
    ...(pip.instemming ? { instemming: pip.instemming.akkoord, instemmingDatum: pip.instemming.datum } : {}),
  };
}

/** The warning codes of a PIP for the decision log (empty: none). */
function warningDetails(state: TrajectoryState, pip: PipRecord): { waarschuwingen?: string[] } {
  const codes = leerbaarheidWarnings(pip.leerroute, state.leerbaarheidstoets?.result).map((warning) => warning.code);
  return codes.length > 0 ? { waarschuwingen: codes } : {};
}

/**
 * The first PIP's facts as they stand on its dagtekening (TrajectoryView.firstPip): the clock
 * and the deadline it set. Recorded once; later SS139s, bijstellingen or re-issues leave them.
 */
function firstPipFacts(state: TrajectoryState, dagtekening: IsoDate): FirstPipFacts {
  const clock = state.pipClock;
  if (!clock) return { dagtekening };
  return { dagtekening, deadline: computePipDeadline(clock), clockSource: clock.source, clockStart: clock.date };
}

function pipResult(state: TrajectoryState): PipDecisionResult {
  if (!state.pip || !state.termijn) throw new Error('PIP ontbreekt');
  return {
    pip: state.pip,
    termijnStart: state.termijn.start,
    termijnEnd: state.termijn.end,
    bijstellingen: state.pipBijstellingen,
    waarschuwingen: leerbaarheidWarnings(state.pip.leerroute, state.leerbaarheidstoets?.result),
  };
}

export const vaststellenPip = defineDecision({
  update: vaststellenPipUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      state.pip && !state.pipReissueRequired
        ? refuse('PIP_AL_VASTGESTELD', 'Er is al een PIP vastgesteld; wijzigen kan alleen via een bijstelling.')
        : RULE_OK,
      state.pipReissueRequired ? RULE_OK : checkPhase(state, ['PIP'], 'Het PIP vaststellen (eerst de brede intake)'),
      checkDate(input.dagtekening, 'Dagtekening', today),
      checkPipShape(input),
    );
    if (!basics.ok) return basics;
    const plan = checkPlan(state, input, today);
    if (!plan.ok) return plan;
    return validatePipVaststelling({
      dagtekening: input.dagtekening,
      leerroute: input.leerroute,
      level: input.level,
      ...(input.b1Intensity !== undefined ? { b1Intensity: input.b1Intensity } : {}),
      ...(state.dates.plichtStart ? { plichtStart: state.dates.plichtStart } : {}),
      ...(state.dates.vestiging ? { vestigingDate: state.dates.vestiging } : {}),
      isFirstPip: !state.hadEarlierPip && state.firstPipDagtekening === undefined,
      targetGroup: state.targetGroup,
      ...(state.requiredLeerroute ? { previousLeerroute: state.requiredLeerroute } : {}),
    });
  },
  apply: (state, input, ctx) => {
    const pip = toPipRecord(input);
    const isReissue = state.pipReissueRequired;
    state.pip = pip;
    state.pipReissueRequired = false;
    // Wi art. 11: the termijn runs from the day after the FIRST PIP; a later PIP never moves it.
    if (!state.firstPipDagtekening) {
      state.firstPipDagtekening = pip.dagtekening;
      state.firstPip = firstPipFacts(state, pip.dagtekening);
    }
    if (!state.termijn) state.termijn = { ...computeTermijn(state.firstPipDagtekening), source: 'EERSTE_PIP' };
    closeTasksOfType(state, PIP_TASK_TYPES, 'PIP vastgesteld');
    syncParticipatieWithPip(state, pip);
    decide(state, {
      kind: 'PIP_VASTGESTELD',
      date: pip.dagtekening,
      details: { ...pipDetails(pip), heruitgifte: isReissue, ...warningDetails(state, pip) },
    });
    reportToDuo(state, `pip:${pip.dagtekening}:${state.pipBijstellingen}`, {
      recipient: 'DUO',
      type: 'PIP_VASTGESTELD',
      payload: { pip, targetGroup: state.targetGroup },
    });
    if (!isReissue) {
      startPipModules(state, ctx, pip.dagtekening);
      const opstartklas = state.opstartklas;
      // Framework 4.5.1: the opstartklas is for every inburgeraar, with or without the gemeente's leerroute.
      if (opstartklas && isAfter(opstartklas.end, ctx.today)) enterPhase(state, 'OPSTARTKLAS', ctx);
      else enterPhase(state, 'LEERROUTE', ctx, ctx.today);
    }
    checkCompletion(state, ctx);
    return pipResult(state);
  },
});

export const bijstellenPip = defineDecision({
  update: bijstellenPipUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      state.pip ? RULE_OK : refuse('PIP_NOG_NIET_VASTGESTELD', 'Er is nog geen PIP om bij te stellen.'),
      checkDate(input.dagtekening, 'Dagtekening', today),
      checkPipShape(input),
    );
    if (!basics.ok || !state.pip) return basics;
    const plan = checkPlan(state, input, today);
    if (!plan.ok) return plan;
    return validatePipBijstelling({
      current: state.pip,
      proposed: toPipRecord(input),
      ...(state.firstPipDagtekening ? { initialPipDagtekening: state.firstPipDagtekening } : {}),
      bijstellingenSoFar: state.pipBijstellingen,
      policy: state.policy,
      lessonHours: state.progress.hours.LES,
      ...(input.inPersonLessonHours !== undefined
        ? { inPersonLessonHours: input.inPersonLessonHours }
        : state.progress.inPersonLessonHours > 0
          ? { inPersonLessonHours: state.progress.inPersonLessonHours }
          : {}),
      targetGroup: state.targetGroup,
      ...(state.dates.plichtStart ? { plichtStart: state.dates.plichtStart } : {}),
      ...(state.dates.vestiging ? { vestigingDate: state.dates.vestiging } : {}),
    });
  },
  apply: (state, input, ctx) => {
    const current = state.pip;
    if (!current) throw new Error('PIP ontbreekt');
    const proposed = toPipRecord(input);
    const afschalen = isAfschalen(current, proposed);
    const schakelen = isSchakelen(current, proposed);
    const registrations = registrationsOf(state, ctx.today);
    state.pip = proposed;
    state.pipBijstellingen += 1;
    syncParticipatieWithPip(state, proposed);
    if (afschalen) state.progress.afgeschaaldParts = [...LANGUAGE_EXAM_PARTS];
    else if (proposed.level !== 'A2') state.progress.afgeschaaldParts = [];
    decide(state, {
      kind: 'PIP_BIJGESTELD',
      date: proposed.dagtekening,
      details: {
        ...pipDetails(proposed),
        afschalen,
        schakelen,
        bijstelling: state.pipBijstellingen,
        ...warningDetails(state, proposed),
      },
    });
    reportToDuo(state, `pip-bijstelling:${state.pipBijstellingen}`, {
      recipient: 'DUO',
      type: 'PIP_BIJGESTELD',
      payload: { pip: proposed, targetGroup: state.targetGroup },
    });
    // The providers work on the new plan from now on (a route switch, afschalen, or another
    // change): registrations not yet delivered carry it, the others hear it as ROUTE_BIJGESTELD
    // with the agreements their kind carries out.
    refreshRegistrations(state, registrations, ctx);
    tellRoutePartners(
      state,
      `route-bijgesteld:${state.pipBijstellingen}`,
      (kind) => ({
        type: 'ROUTE_BIJGESTELD',
        payload: {
          dagtekening: proposed.dagtekening,
          leerroute: proposed.leerroute,
          niveau: proposed.level,
          alfabetisering: proposed.alfabetisering,
          schakelen,
          afschalen,
          ...afsprakenVoor(proposed, kind),
        },
      }),
      ctx,
    );
    checkCompletion(state, ctx);
    return pipResult(state);
  },
});

/**
 * Besluit art. 5.3: the gemeente waited for information from a third party; the PIP deadline
 * runs until two weeks after it came in. The timers follow the new deadline (their keys carry
 * the date); warnings and escalations of the old deadline close, the PIP task gets the new one.
 */
export const verlengPipTermijn = defineDecision({
  update: verlengPipTermijnUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', today),
      checkDate(input.informatieOntvangenOp, 'Datum van ontvangst van de informatie', today, true),
      isOneOf(PIP_DERDEN, input.derde) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Onbekende derde partij.'),
      validatePipDeadlineExtension({
        clock: state.pipClock,
        hasPip: state.pip !== undefined && !state.pipReissueRequired,
        informationReceivedDate: input.informatieOntvangenOp,
        today,
      }),
    ),
  apply: (state, input, ctx) => {
    const clock = state.pipClock;
    if (!clock) throw new Error('PIP-termijn ontbreekt');
    const vorigeDeadline = computePipDeadline(clock);
    state.pipClock = extendPipClock(clock, input.informatieOntvangenOp);
    const nieuweDeadline = computePipDeadline(state.pipClock);
    decide(state, {
      kind: 'PIP_TERMIJN_VERLENGD',
      date: input.date,
      details: {
        reden: 'INFORMATIE_DERDEN',
        derde: input.derde,
        informatieOntvangenOp: input.informatieOntvangenOp,
        vorigeDeadline,
        nieuweDeadline,
      },
    });
    refreshPipTask(state, ctx);
    return { vorigeDeadline, nieuweDeadline };
  },
});
