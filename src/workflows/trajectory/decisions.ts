/**
 * Decisions taken by people (workflow Updates). Each has a pure validator — run by the
 * update's validator, so a refusal leaves no trace in history — and an apply function that
 * changes the state and pushes effects. Domain rules come from src/domain.
 */
import { addDays, addMonths, isAfter, isBefore, isValidIsoDate } from '../../domain/dates';
import { proposeSanction } from '../../domain/enforcement';
import { isAfschalen, isSchakelen, validatePipBijstelling, validatePipVaststelling } from '../../domain/pip-rules';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from '../../domain/rule-result';
import { computeTermijn } from '../../domain/termijn';
import { ENFORCEMENT_REASONS } from '../../domain/enforcement';
import {
  CLOSE_REASONS,
  LANGUAGE_EXAM_PARTS,
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  LEERROUTES,
  LEVELS,
  ONTHEFFING_GROUNDS,
  PARTNER_KINDS,
  WARME_OVERDRACHT_FORMS,
  type IsoDate,
  type Leefgebied,
} from '../../domain/types';
import type {
  BredeIntakeInput,
  CloseTaskInput,
  CloseTrajectoryInput,
  ConsentInput,
  HandhavingInput,
  HandhavingResult,
  KeyDatesInput,
  OntheffingInput,
  OpstartklasInput,
  PipBijstellingInput,
  PipDecisionResult,
  PipInput,
  PipRecord,
  VoortgangsgesprekInput,
  WarmeOverdrachtInput,
} from './messages';
import {
  PIP_TASK_TYPES,
  checkCompletion,
  closeTaskByKey,
  closeTaskStep,
  closeTasksOfType,
  closeTrajectory,
  completionOf,
  currentOffer,
  decide,
  enterPhase,
  openTask,
  releaseHeldMessages,
  reportToDuo,
  scheduleNextVoortgangsgesprek,
  sendToPartner,
  startPipModules,
  type TrajectoryState,
} from './state';
import { closeVoortgangTasks } from './timers';

// --- shared checks ------------------------------------------------------------------------

function checkOpen(state: TrajectoryState): RuleResult {
  return state.status === 'AFGESLOTEN'
    ? refuse('TRAJECT_AFGESLOTEN', 'Het traject is afgesloten; er kan niets meer worden vastgelegd.')
    : RULE_OK;
}

function checkDate(date: unknown, what: string, today: IsoDate, allowFuture = false): RuleResult {
  if (!isValidIsoDate(date)) return refuse('ONGELDIGE_INVOER', `${what}: geen geldige datum (JJJJ-MM-DD).`);
  if (!allowFuture && isAfter(date, today)) {
    return refuse('DATUM_IN_TOEKOMST', `${what} (${date}) ligt in de toekomst.`);
  }
  return RULE_OK;
}

function checkPhase(state: TrajectoryState, allowed: TrajectoryState['phase'][], what: string): RuleResult {
  return allowed.includes(state.phase)
    ? RULE_OK
    : refuse('VERKEERDE_FASE', `${what} kan niet in de fase ${state.phase} (wel in: ${allowed.join(', ')}).`);
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function details(input: object): Record<string, string | number | boolean | string[]> {
  const result: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[key] = value;
    else if (Array.isArray(value)) result[key] = value.map(String);
  }
  return result;
}

// --- key dates ----------------------------------------------------------------------------

export function validateKeyDates(state: TrajectoryState, input: KeyDatesInput, today: IsoDate): RuleResult {
  return firstRefusal(
    checkOpen(state),
    ...(['inschrijving', 'vestiging', 'plichtStart'] as const)
      .filter((field) => input[field] !== undefined)
      .map((field) => checkDate(input[field], field, today)),
  );
}

export function applyKeyDates(state: TrajectoryState, input: KeyDatesInput, today: IsoDate): void {
  if (input.inschrijving) state.dates.inschrijving = input.inschrijving;
  if (input.vestiging) state.dates.vestiging = input.vestiging;
  if (input.plichtStart) state.dates.plichtStart = input.plichtStart;
  // Inschrijving starts the PIP clock only when no SS139 came (SS139 wins).
  if (input.inschrijving && state.pipClock?.source !== 'SS139') {
    state.pipClock = { date: input.inschrijving, source: 'INSCHRIJVING' };
    refreshPipTask(state, today);
  }
  decide(state, { kind: 'SLEUTELDATA', date: today, details: details(input) });
}

/** After the PIP clock moved: obsolete warnings/escalations close, the PIP task gets the new deadline. */
export function refreshPipTask(state: TrajectoryState, today: IsoDate): void {
  if (state.pip) return;
  closeTasksOfType(state, ['PIP_DEADLINE_WAARSCHUWING', 'PIP_DEADLINE_ESCALATIE'], 'PIP-termijn opnieuw gestart');
  if (state.phase === 'PIP') enterPhase(state, 'PIP', today);
}

// --- warme overdracht ---------------------------------------------------------------------

export function validateWarmeOverdracht(
  state: TrajectoryState,
  input: WarmeOverdrachtInput,
  today: IsoDate,
): RuleResult {
  return firstRefusal(
    checkOpen(state),
    checkPhase(state, ['KOPPELING', 'WARME_OVERDRACHT'], 'De warme overdracht vastleggen'),
    checkDate(input.date, 'Datum warme overdracht', today),
    isOneOf(WARME_OVERDRACHT_FORMS, input.form)
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', `Onbekende vorm van warme overdracht: ${String(input.form)}.`),
  );
}

export function applyWarmeOverdracht(state: TrajectoryState, input: WarmeOverdrachtInput, today: IsoDate): void {
  state.warmeOverdracht = {
    date: input.date,
    form: input.form,
    backgroundHandedOver: input.backgroundHandedOver === true,
  };
  closeTaskStep(state, 'warme-overdracht', 'warme overdracht vastgelegd');
  decide(state, { kind: 'WARME_OVERDRACHT', date: input.date, details: details(input) });
  enterPhase(state, 'BREDE_INTAKE', today);
}

// --- consent ------------------------------------------------------------------------------

export function validateConsent(state: TrajectoryState, input: ConsentInput, today: IsoDate): RuleResult {
  return firstRefusal(
    checkOpen(state),
    checkDate(input.date, 'Datum machtiging', today),
    Array.isArray(input.scope) && input.scope.every((kind) => isOneOf(PARTNER_KINDS, kind))
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', 'De machtiging noemt een onbekende soort partner.'),
  );
}

/** A new machtiging replaces the previous one (its scope may be wider or narrower). */
export function applyConsent(state: TrajectoryState, input: ConsentInput, today: IsoDate): void {
  state.consent = { date: input.date, scope: [...new Set(input.scope)] };
  decide(state, { kind: 'MACHTIGING', date: input.date, details: { scope: state.consent.scope } });
  releaseHeldMessages(state);
  void today;
}

// --- brede intake ---------------------------------------------------------------------------

export function validateBredeIntake(state: TrajectoryState, input: BredeIntakeInput, today: IsoDate): RuleResult {
  const recorded = input.leefgebieden ?? ({} as Record<Leefgebied, boolean>);
  const missing = LEEFGEBIEDEN.filter((gebied) => typeof recorded[gebied] !== 'boolean');
  const result = input.leerbaarheidstoets ?? state.leerbaarheidstoets?.result;
  return firstRefusal(
    checkOpen(state),
    checkPhase(state, ['KOPPELING', 'WARME_OVERDRACHT', 'BREDE_INTAKE'], 'De brede intake vastleggen'),
    checkDate(input.date, 'Datum brede intake', today),
    missing.length === 0
      ? RULE_OK
      : refuse(
          'BREDE_INTAKE_ONVOLLEDIG',
          `Leg voor elk van de 13 leefgebieden vast of het is besproken; ontbreekt: ${missing.join(', ')}.`,
        ),
    input.leerbaarheidstoets === undefined || isOneOf(LEERBAARHEID_RESULTS, input.leerbaarheidstoets)
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', 'Onbekende uitslag van de leerbaarheidstoets.'),
    result !== undefined
      ? RULE_OK
      : refuse(
          'LEERBAARHEIDSTOETS_ONTBREEKT',
          'De uitslag van de leerbaarheidstoets ontbreekt (DUO SS131 of zelf invullen).',
        ),
  );
}

export function applyBredeIntake(state: TrajectoryState, input: BredeIntakeInput, today: IsoDate): void {
  const done = LEEFGEBIEDEN.filter((gebied) => input.leefgebieden[gebied]);
  const notDone = LEEFGEBIEDEN.filter((gebied) => !input.leefgebieden[gebied]);
  state.bredeIntake = { date: input.date, done, notDone };
  if (input.leerbaarheidstoets) state.leerbaarheidstoets = { result: input.leerbaarheidstoets, source: 'CONSULENT' };
  closeTaskStep(state, 'warme-overdracht', 'brede intake vastgelegd');
  closeTaskStep(state, 'brede-intake', 'brede intake vastgelegd');
  decide(state, {
    kind: 'BREDE_INTAKE',
    date: input.date,
    details: {
      besproken: done.length,
      nietBesproken: notDone,
      leerbaarheidstoets: state.leerbaarheidstoets?.result ?? 'ONBEKEND',
    },
  });
  enterPhase(state, 'PIP', today);
}

// --- PIP --------------------------------------------------------------------------------------

function checkPipShape(input: PipInput): RuleResult {
  const ok =
    isOneOf(LEERROUTES, input.leerroute) && isOneOf(LEVELS, input.level) && typeof input.alfabetisering === 'boolean';
  return ok ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Leerroute, niveau of alfabetisering ontbreekt of is onbekend.');
}

export function validatePipVaststellen(state: TrajectoryState, input: PipInput, today: IsoDate): RuleResult {
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
}

function toPipRecord(input: PipInput): PipRecord {
  return {
    dagtekening: input.dagtekening,
    leerroute: input.leerroute,
    level: input.level,
    alfabetisering: input.alfabetisering,
    ...(input.b1Intensity !== undefined ? { b1Intensity: input.b1Intensity } : {}),
  };
}

function pipPayload(pip: PipRecord) {
  return {
    dagtekening: pip.dagtekening,
    leerroute: pip.leerroute,
    niveau: pip.level,
    alfabetisering: pip.alfabetisering,
    geschatteIntensiteitB1Route: pip.b1Intensity ?? null,
  };
}

export function applyPipVaststellen(state: TrajectoryState, input: PipInput, today: IsoDate): PipDecisionResult {
  const pip = toPipRecord(input);
  const isReissue = state.pipReissueRequired;
  state.pip = pip;
  state.pipReissueRequired = false;
  // Wi art. 11: the termijn runs from the day after the FIRST PIP; a later PIP never moves it.
  if (!state.firstPipDagtekening) state.firstPipDagtekening = pip.dagtekening;
  if (!state.termijn) state.termijn = { ...computeTermijn(state.firstPipDagtekening), source: 'EERSTE_PIP' };
  closeTasksOfType(state, PIP_TASK_TYPES, 'PIP vastgesteld');
  decide(state, {
    kind: 'PIP_VASTGESTELD',
    date: pip.dagtekening,
    details: { ...details(pip), heruitgifte: isReissue },
  });
  reportToDuo(state, `pip:${pip.dagtekening}:${state.pipBijstellingen}`, 'PIP_VASTGESTELD', pipPayload(pip), today);
  if (!isReissue) {
    startPipModules(state, today, pip.dagtekening);
    const opstartklas = state.opstartklas;
    if (opstartklas && isAfter(opstartklas.end, today) && currentOffer(state, today).leerrouteOffer)
      enterPhase(state, 'OPSTARTKLAS', today);
    else enterPhase(state, 'LEERROUTE', today, today);
  }
  checkCompletion(state, today);
  return pipResult(state);
}

function pipResult(state: TrajectoryState): PipDecisionResult {
  if (!state.pip || !state.termijn) throw new Error('PIP ontbreekt');
  return {
    pip: state.pip,
    termijnStart: state.termijn.start,
    termijnEnd: state.termijn.end,
    bijstellingen: state.pipBijstellingen,
  };
}

export function validatePipBijstellen(state: TrajectoryState, input: PipBijstellingInput, today: IsoDate): RuleResult {
  const basics = firstRefusal(
    checkOpen(state),
    state.pip ? RULE_OK : refuse('PIP_NOG_NIET_VASTGESTELD', 'Er is nog geen PIP om bij te stellen.'),
    checkDate(input.dagtekening, 'Dagtekening', today),
    checkPipShape(input),
  );
  if (!basics.ok || !state.pip) return basics;
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
}

export function applyPipBijstellen(
  state: TrajectoryState,
  input: PipBijstellingInput,
  today: IsoDate,
): PipDecisionResult {
  const current = state.pip;
  if (!current) throw new Error('PIP ontbreekt');
  const proposed = toPipRecord(input);
  const afschalen = isAfschalen(current, proposed);
  const schakelen = isSchakelen(current, proposed);
  state.pip = proposed;
  state.pipBijstellingen += 1;
  if (afschalen) state.progress.afgeschaaldParts = [...LANGUAGE_EXAM_PARTS];
  else if (proposed.level !== 'A2') state.progress.afgeschaaldParts = [];
  decide(state, {
    kind: 'PIP_BIJGESTELD',
    date: proposed.dagtekening,
    details: { ...details(proposed), afschalen, schakelen, bijstelling: state.pipBijstellingen },
  });
  reportToDuo(state, `pip-bijstelling:${state.pipBijstellingen}`, 'PIP_BIJGESTELD', pipPayload(proposed), today);
  checkCompletion(state, today);
  return pipResult(state);
}

// --- opstartklas --------------------------------------------------------------------------------

export function validateOpstartklas(state: TrajectoryState, input: OpstartklasInput, today: IsoDate): RuleResult {
  const basics = firstRefusal(
    checkOpen(state),
    checkDate(input.start, 'Start opstartklas', today, true),
    checkDate(input.end, 'Einde opstartklas', today, true),
  );
  if (!basics.ok) return basics;
  const routeNotStarted =
    state.phase === 'LEERROUTE' && Object.values(state.progress.hours).every((hours) => hours === 0);
  return firstRefusal(
    currentOffer(state, today).leerrouteOffer
      ? RULE_OK
      : refuse(
          'NIET_IN_AANBOD',
          'De opstartklas hoort bij het leerroute-aanbod; deze doelgroep krijgt dat niet van de gemeente.',
        ),
    ['BREDE_INTAKE', 'PIP', 'OPSTARTKLAS'].includes(state.phase) || routeNotStarted
      ? RULE_OK
      : refuse('VERKEERDE_FASE', 'Een opstartklas kan alleen vóór de start van de leerroute.'),
    // Framework 4.5.1: 1 to 2 months.
    !isBefore(input.end, addMonths(input.start, 1)) && !isAfter(input.end, addMonths(input.start, 2))
      ? RULE_OK
      : refuse('OPSTARTKLAS_DUUR', 'Een opstartklas duurt 1 tot 2 maanden.'),
    isAfter(input.end, today)
      ? RULE_OK
      : refuse('OPSTARTKLAS_DUUR', 'Het einde van de opstartklas ligt niet in de toekomst.'),
  );
}

export function applyOpstartklas(state: TrajectoryState, input: OpstartklasInput, today: IsoDate): void {
  state.opstartklas = { start: input.start, end: input.end };
  decide(state, { kind: 'OPSTARTKLAS', date: today, details: details(input) });
  sendToPartner(
    state,
    `aanmelding-opstartklas:${input.start}`,
    'TAALAANBIEDER',
    'AANMELDING_OPSTARTKLAS',
    { ...input },
    today,
  );
  if (state.phase === 'LEERROUTE') {
    // The route had not started yet: the opstartklas is the buffer until it can.
    delete state.leerrouteStart;
    delete state.voortgang.nextDue;
    enterPhase(state, 'OPSTARTKLAS', today);
  }
}

// --- voortgangsgesprek ----------------------------------------------------------------------------

export function validateVoortgangsgesprek(
  state: TrajectoryState,
  input: VoortgangsgesprekInput,
  today: IsoDate,
): RuleResult {
  return firstRefusal(
    checkOpen(state),
    checkPhase(state, ['OPSTARTKLAS', 'LEERROUTE'], 'Een voortgangsgesprek vastleggen'),
    checkDate(input.date, 'Datum voortgangsgesprek', today),
    isOneOf(['OP_SCHEMA', 'ACHTERSTAND', 'NIET_VERSCHENEN'] as const, input.outcome)
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', 'Onbekende uitkomst van het voortgangsgesprek.'),
  );
}

export function applyVoortgangsgesprek(state: TrajectoryState, input: VoortgangsgesprekInput, today: IsoDate): void {
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
  void today;
}

// --- ontheffing -------------------------------------------------------------------------------------

export function validateOntheffing(state: TrajectoryState, input: OntheffingInput, today: IsoDate): RuleResult {
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
}

export function applyOntheffing(state: TrajectoryState, input: OntheffingInput, today: IsoDate): void {
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
  if (input.whole) {
    closeTrajectory(state, today, 'ONTHEFFING', 'CONSULENT');
    return;
  }
  openTask(state, `ontheffing:${input.date}:${state.decisions.length}`, 'ONTHEFFING_VERWERKEN', today);
  checkCompletion(state, today);
}

// --- handhaving --------------------------------------------------------------------------------------

export function validateHandhaving(state: TrajectoryState, input: HandhavingInput, today: IsoDate): RuleResult {
  return firstRefusal(
    checkOpen(state),
    checkDate(input.date, 'Datum', today),
    isOneOf(ENFORCEMENT_REASONS, input.reason)
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', 'Onbekende reden voor handhaving.'),
    // Framework 2.1.2: the ondertussengroep takes part voluntarily; never new-law sanctions.
    state.ondertussengroep
      ? refuse(
          'HANDHAVING_ONDERTUSSENGROEP',
          'Geen handhaving: de inburgeraar hoort bij de ondertussengroep (oude wet) en doet vrijwillig mee.',
        )
      : RULE_OK,
  );
}

/** Only a proposal: a task for a person to weigh; the workflow never fines by itself. */
export function applyHandhaving(state: TrajectoryState, input: HandhavingInput, today: IsoDate): HandhavingResult {
  const proposal = proposeSanction({
    ondertussengroep: state.ondertussengroep,
    targetGroup: state.targetGroup,
    reason: input.reason,
    priorWarnings: state.handhaving.warnings,
  });
  state.handhaving.proposals += 1;
  if (proposal.kind === 'WAARSCHUWING') state.handhaving.warnings += 1;
  decide(state, {
    kind: 'HANDHAVING_VOORSTEL',
    date: input.date,
    details: { reden: input.reason, voorstel: proposal.kind, vlaggen: proposal.flags },
  });
  if (proposal.kind === 'NONE') return { proposal };
  const taskKey = openTask(
    state,
    `handhaving:${state.handhaving.proposals}`,
    'HANDHAVING_BEOORDELEN',
    today,
    {},
    addDays(today, 14),
  );
  return { proposal, taskKey };
}

// --- closing ------------------------------------------------------------------------------------------

export function validateCloseTrajectory(
  state: TrajectoryState,
  input: CloseTrajectoryInput,
  today: IsoDate,
): RuleResult {
  const basics = firstRefusal(
    checkOpen(state),
    checkDate(input.date, 'Datum', today),
    isOneOf(CLOSE_REASONS, input.reason) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Onbekende reden van afsluiten.'),
  );
  if (!basics.ok || input.reason !== 'PLICHT_VOLDAAN') return basics;
  const completion = completionOf(state);
  if (completion?.complete) return RULE_OK;
  const missing = completion ? completion.missing.map((item) => item.label).join('; ') : 'er is nog geen PIP';
  return refuse('AFRONDING_ONVOLLEDIG', `De inburgeringsplicht is nog niet voldaan: ${missing}.`);
}

export function applyCloseTrajectory(state: TrajectoryState, input: CloseTrajectoryInput, today: IsoDate): void {
  closeTrajectory(state, isAfter(input.date, today) ? today : input.date, input.reason, 'CONSULENT');
}

// --- tasks closed by people ------------------------------------------------------------------------------

export function validateCloseTask(state: TrajectoryState, input: CloseTaskInput, today: IsoDate): RuleResult {
  return firstRefusal(
    checkDate(input.date, 'Datum', today),
    state.openTasks[input.taskKey] ? RULE_OK : refuse('TAAK_ONBEKEND', `Geen open taak met sleutel ${input.taskKey}.`),
  );
}

export function applyCloseTask(state: TrajectoryState, input: CloseTaskInput, today: IsoDate): void {
  const task = state.openTasks[input.taskKey];
  closeTaskByKey(state, input.taskKey, 'afgehandeld door medewerker');
  if (task?.type === 'VOORTGANGSGESPREK') {
    // Ticking off the task counts as holding the talk (outcome unknown).
    applyVoortgangsgesprek(state, { date: input.date, outcome: 'OP_SCHEMA' }, today);
  }
}
