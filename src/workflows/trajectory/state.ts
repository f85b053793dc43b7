/**
 * The trajectory's state and the effects it asks for. Pure and deterministic: handlers and
 * the main loop mutate the state through these functions and push effects (tasks, monitor
 * events, outbound messages) that the main loop turns into activity calls. No I/O here.
 */
import type { CompletionProgress } from '../../domain/completion';
import { evaluateCompletion, emptyCompletionProgress } from '../../domain/completion';
import { offerFor, type Offer } from '../../domain/offer';
import { computePipDeadline, pipClockStart, type PipClockStart } from '../../domain/pip-deadline';
import { taskAudience, taskTitle, type TaskParams, type TaskType } from '../../domain/tasks';
import { computeTermijn } from '../../domain/termijn';
import { ontzorgenPeriod } from '../../domain/ontzorgen';
import { nextVoortgangsgesprekDate } from '../../domain/voortgang';
import type {
  CloseReason,
  GemeenteId,
  GemeentePolicy,
  HourKind,
  IsoDate,
  Leerroute,
  PartnerKind,
  Phase,
  TargetGroup,
} from '../../domain/types';
import type {
  ConsentInput,
  DecisionView,
  ModulesView,
  OpenTaskView,
  OpstartklasInput,
  PipRecord,
  TimelineEntry,
  TrajectoryDates,
  TrajectoryInput,
  TrajectoryView,
} from './messages';
import { trajectoryWorkflowId } from './messages';
import { flushGevolgdeUren, reportContactpersoon, reportInburgeringsaanbod, type DuoUrenState } from './duo-reports';

export type OutboundPayload = Record<string, string | number | boolean | null>;

export type Effect =
  | {
      kind: 'createTask';
      key: string;
      type: TaskType;
      audience: OpenTaskView['audience'];
      title: string;
      dueDate?: IsoDate;
      /** Replace the assignee of an open task (with the trajectory's consulent, or none). */
      reassign?: boolean;
    }
  | { kind: 'closeTask'; key: string; result?: Record<string, string | number | boolean> }
  | { kind: 'monitor'; key: string; type: string; data: OutboundPayload }
  | { kind: 'outbound'; key: string; recipientKind: PartnerKind; type: string; payload: OutboundPayload };

interface HeldMessage {
  key: string;
  recipientKind: PartnerKind;
  type: string;
  payload: OutboundPayload;
}

export interface TrajectoryState {
  version: 1;
  stateVersion: number;
  workflowId: string;
  trajectoryId: string;
  gemeente: GemeenteId;
  policy: GemeentePolicy;
  /** Policies of the served gemeenten (TrajectoryInput.policies), for a transfer. */
  policies?: Record<GemeenteId, GemeentePolicy>;
  servedGemeenten: GemeenteId[];
  targetGroup: TargetGroup;
  ondertussengroep: boolean;
  onBijstand: boolean;
  consulentId?: string;
  dates: TrajectoryDates;
  status: TrajectoryView['status'];
  phase: Phase;
  closeReason?: CloseReason;
  closedOn?: IsoDate;
  pipClock?: PipClockStart;
  pip?: PipRecord;
  firstPipDagtekening?: IsoDate;
  pipBijstellingen: number;
  /** A move to another served gemeente: the new gemeente issues a new PIP (same leerroute). */
  pipReissueRequired: boolean;
  requiredLeerroute?: Leerroute;
  /** True when DUO knows an earlier PIP of this person (any gemeente). */
  hadEarlierPip: boolean;
  termijn?: TrajectoryView['termijn'];
  consent?: ConsentInput;
  warmeOverdracht?: { date: IsoDate; form: string; backgroundHandedOver: boolean };
  coaOverdrachtOn?: IsoDate;
  bredeIntake?: TrajectoryView['bredeIntake'];
  leerbaarheidstoets?: TrajectoryView['leerbaarheidstoets'];
  ontheffing?: TrajectoryView['ontheffing'];
  progress: CompletionProgress & { hours: Record<HourKind, number>; inPersonLessonHours: number };
  mb?: ModulesView['maatschappelijkeBegeleiding'];
  ontzorgen?: ModulesView['ontzorgen'];
  opstartklas?: OpstartklasInput;
  leerrouteStart?: IsoDate;
  voortgang: { nextDue?: IsoDate; lastTalk?: IsoDate; held: number };
  /** Gevolgde uren reported to DUO (duo-reports.ts). */
  duoUren?: DuoUrenState;
  afrondingTaskKey?: string;
  openTasks: Record<string, OpenTaskView>;
  /** Titles of the open tasks (with their parameters), to re-issue them after a transfer. */
  taskTitles?: Record<string, string>;
  heldMessages: HeldMessage[];
  firedTimers: string[];
  decisions: DecisionView[];
  timeline: TimelineEntry[];
  handhaving: { proposals: number; warnings: number };
  seenEventIds: string[];
  effects: Effect[];
  /** Bookkeeping of the main loop, carried over continue-as-new. */
  projectedVersion: number;
  searchAttributesFingerprint: string;
}

export const MAX_SEEN_EVENT_IDS = 2000;
export const MAX_TIMELINE = 300;
export const MAX_DECISIONS = 200;

const PIP_TASK_TYPES: TaskType[] = ['PIP_OPSTELLEN', 'PIP_DEADLINE_WAARSCHUWING', 'PIP_DEADLINE_ESCALATIE'];

// --- creation -----------------------------------------------------------------------------

function defaultStartPhase(input: TrajectoryInput): Phase {
  return input.targetGroup === 'asielstatushouder' && !input.ondertussengroep ? 'KOPPELING' : 'BREDE_INTAKE';
}

export function createInitialState(input: TrajectoryInput, today: IsoDate): TrajectoryState {
  const existing = input.existing ?? {};
  const state: TrajectoryState = {
    version: 1,
    stateVersion: 1,
    workflowId: trajectoryWorkflowId(input.trajectoryId),
    trajectoryId: input.trajectoryId,
    gemeente: input.gemeente,
    policy: input.policy,
    ...(input.policies !== undefined ? { policies: input.policies } : {}),
    servedGemeenten: input.servedGemeenten,
    targetGroup: input.targetGroup,
    ondertussengroep: input.ondertussengroep,
    onBijstand: input.onBijstand,
    ...(input.consulentId !== undefined ? { consulentId: input.consulentId } : {}),
    dates: { ...input.dates },
    status: 'ACTIEF',
    phase: input.startPhase ?? defaultStartPhase(input),
    pipBijstellingen: existing.pipBijstellingen ?? 0,
    pipReissueRequired: false,
    hadEarlierPip: existing.currentPip !== undefined,
    progress: {
      ...emptyCompletionProgress(),
      hours: { TAAL_KNM: 0, PARTICIPATIE: 0, MAP: 0, PVT: 0, LES: 0 },
      inPersonLessonHours: 0,
    },
    voortgang: { held: 0 },
    openTasks: {},
    heldMessages: [],
    firedTimers: [],
    decisions: [],
    timeline: [],
    handhaving: { proposals: 0, warnings: 0 },
    seenEventIds: [],
    effects: [],
    projectedVersion: 0,
    searchAttributesFingerprint: '',
  };
  const clock = pipClockStart({ ss139Date: input.dates.ss139, inschrijvingDate: input.dates.inschrijving });
  if (clock) state.pipClock = clock;
  if (existing.consent) state.consent = existing.consent;
  if (existing.currentPip) {
    state.pip = existing.currentPip;
    state.firstPipDagtekening = existing.firstPipDagtekening ?? existing.currentPip.dagtekening;
    const computed = computeTermijn(state.firstPipDagtekening);
    state.termijn = existing.termijnEnd
      ? { start: computed.start, end: existing.termijnEnd, source: 'BESTAAND' }
      : { ...computed, source: 'EERSTE_PIP' };
  }
  if (existing.bredeIntakeDone) state.bredeIntake = { date: today, done: [], notDone: [] };
  timeline(state, today, `START:${state.phase}`);
  reportContactpersoon(state, today);
  enterPhase(state, state.phase, today, existing.leerrouteStart ?? today);
  return state;
}

// --- small helpers ------------------------------------------------------------------------

export function currentOffer(state: TrajectoryState, today: IsoDate): Offer {
  return offerFor({
    targetGroup: state.targetGroup,
    onBijstand: state.onBijstand,
    ondertussengroep: state.ondertussengroep,
    today,
  });
}

export function pipDeadlineOf(state: TrajectoryState): IsoDate | undefined {
  return state.pipClock ? computePipDeadline(state.pipClock) : undefined;
}

export function taskKeyOf(state: TrajectoryState, step: string): string {
  return `${state.workflowId}/task/${step}`;
}

export function timeline(state: TrajectoryState, on: IsoDate, what: string, eventId?: string): void {
  state.timeline.push({ on, what, ...(eventId !== undefined ? { eventId } : {}) });
  if (state.timeline.length > MAX_TIMELINE) state.timeline.splice(0, state.timeline.length - MAX_TIMELINE);
}

export function decide(state: TrajectoryState, decision: DecisionView): void {
  state.decisions.push(decision);
  if (state.decisions.length > MAX_DECISIONS) state.decisions.splice(0, state.decisions.length - MAX_DECISIONS);
  timeline(state, decision.date, decision.kind);
}

export function openTask(
  state: TrajectoryState,
  step: string,
  type: TaskType,
  today: IsoDate,
  params: TaskParams = {},
  dueDate?: IsoDate,
): string {
  const key = taskKeyOf(state, step);
  const audience = taskAudience(type);
  const existing = state.openTasks[key];
  state.openTasks[key] = {
    key,
    type,
    audience,
    ...(dueDate !== undefined ? { dueDate } : {}),
    createdOn: existing?.createdOn ?? today,
  };
  const title = taskTitle(type, params);
  (state.taskTitles ??= {})[key] = title;
  state.effects.push({
    kind: 'createTask',
    key,
    type,
    audience,
    title,
    ...(dueDate !== undefined ? { dueDate } : {}),
  });
  return key;
}

/**
 * After a transfer to another served gemeente (state.gemeente already changed): the open tasks
 * are issued again, so that they move to the new gemeente's werkvoorraad, and the old
 * gemeente's consulent no longer holds the trajectory or its tasks.
 */
export function reissueOpenTasksForNewGemeente(state: TrajectoryState): void {
  delete state.consulentId;
  for (const task of Object.values(state.openTasks)) {
    state.effects.push({
      kind: 'createTask',
      key: task.key,
      type: task.type,
      audience: task.audience,
      // Tasks opened before titles were kept get the title without parameters.
      title: state.taskTitles?.[task.key] ?? taskTitle(task.type),
      ...(task.dueDate !== undefined ? { dueDate: task.dueDate } : {}),
      reassign: true,
    });
  }
}

export function closeTaskByKey(state: TrajectoryState, key: string, reason: string): void {
  if (!state.openTasks[key]) return;
  delete state.openTasks[key];
  if (state.taskTitles) delete state.taskTitles[key];
  state.effects.push({ kind: 'closeTask', key, result: { reden: reason } });
}

export function closeTaskStep(state: TrajectoryState, step: string, reason: string): void {
  closeTaskByKey(state, taskKeyOf(state, step), reason);
}

export function closeTasksOfType(state: TrajectoryState, types: TaskType[], reason: string): void {
  for (const task of Object.values(state.openTasks)) {
    if (types.includes(task.type)) closeTaskByKey(state, task.key, reason);
  }
}

export function monitor(state: TrajectoryState, step: string, type: string, data: OutboundPayload): void {
  state.effects.push({
    kind: 'monitor',
    key: `${state.workflowId}/monitor/${step}`,
    type,
    data: { gemeente: state.gemeente, ...data },
  });
}

/**
 * Sends a message to a chain partner. DUO is a legal chain partner (Wi: PIP, MAP/PVT and
 * Z-route results must be reported), so it needs no machtiging. Every other kind needs the
 * consent to cover it: otherwise the message is held and the consulent gets a task to record
 * the machtiging; it goes out once consent covers that kind.
 */
export function sendToPartner(
  state: TrajectoryState,
  step: string,
  recipientKind: PartnerKind,
  type: string,
  payload: OutboundPayload,
  today: IsoDate,
): void {
  const message: HeldMessage = { key: `${state.workflowId}/outbox/${step}`, recipientKind, type, payload };
  if (recipientKind === 'DUO' || state.consent?.scope.includes(recipientKind)) {
    state.effects.push({ kind: 'outbound', ...message });
    return;
  }
  if (!state.heldMessages.some((held) => held.key === message.key)) state.heldMessages.push(message);
  if (!state.openTasks[taskKeyOf(state, 'machtiging')]) openTask(state, 'machtiging', 'MACHTIGING_VASTLEGGEN', today);
}

/** Releases held messages now covered by consent; closes the machtiging task when none remain. */
export function releaseHeldMessages(state: TrajectoryState): void {
  const scope = state.consent?.scope ?? [];
  const stillHeld: HeldMessage[] = [];
  for (const message of state.heldMessages) {
    if (scope.includes(message.recipientKind)) state.effects.push({ kind: 'outbound', ...message });
    else stillHeld.push(message);
  }
  state.heldMessages = stillHeld;
  if (stillHeld.length === 0) closeTaskStep(state, 'machtiging', 'machtiging vastgelegd');
}

/** DUO reporting is a duty under the new law; the ondertussengroep falls under the old law. */
export function reportToDuo(
  state: TrajectoryState,
  step: string,
  type: string,
  payload: OutboundPayload,
  today: IsoDate,
) {
  if (state.ondertussengroep) return;
  sendToPartner(state, step, 'DUO', type, payload, today);
}

// --- phases -------------------------------------------------------------------------------

/** Enters a phase and creates its tasks. `routeStart` is the leerroute start date when entering LEERROUTE. */
export function enterPhase(state: TrajectoryState, phase: Phase, today: IsoDate, routeStart: IsoDate = today): void {
  const changed = state.phase !== phase;
  state.phase = phase;
  if (changed) timeline(state, today, `FASE:${phase}`);
  switch (phase) {
    case 'KOPPELING':
    case 'WARME_OVERDRACHT':
      openTask(state, 'warme-overdracht', 'WARME_OVERDRACHT', today);
      return;
    case 'BREDE_INTAKE':
      openTask(state, 'brede-intake', 'BREDE_INTAKE', today);
      return;
    case 'PIP': {
      const deadline = state.pip ? undefined : pipDeadlineOf(state);
      openTask(state, 'pip-opstellen', 'PIP_OPSTELLEN', today, deadline ? { deadline } : {}, deadline);
      return;
    }
    case 'OPSTARTKLAS':
      return;
    case 'LEERROUTE':
      startLeerroute(state, today, routeStart);
      return;
    case 'AFGEROND':
      return;
  }
}

/** Modules that start with the PIP: maatschappelijke begeleiding and ontzorgen, when offered. */
export function startPipModules(state: TrajectoryState, today: IsoDate, start: IsoDate): void {
  const offer = currentOffer(state, today);
  if (offer.maatschappelijkeBegeleiding && !state.mb) {
    state.mb = { startedOn: start, status: 'AANGEMELD' };
    sendToPartner(
      state,
      'mb-aanmelding',
      'MAATSCHAPPELIJKE_BEGELEIDING',
      'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING',
      {},
      today,
    );
  }
  if (offer.ontzorgen && !state.ontzorgen) startOntzorgen(state, today, start);
}

export function startOntzorgen(state: TrajectoryState, today: IsoDate, start: IsoDate): void {
  state.ontzorgen = { start, end: ontzorgenPeriod(start).end, status: 'LOPEND', checkInsDone: 0 };
  sendToPartner(state, 'ontzorgen-start', 'ONTZORGEN', 'ONTZORGEN_START', { start, einde: state.ontzorgen.end }, today);
}

export function endOntzorgen(state: TrajectoryState, today: IsoDate, reason: string): void {
  if (!state.ontzorgen || state.ontzorgen.status !== 'LOPEND') return;
  state.ontzorgen.status = 'BEEINDIGD';
  sendToPartner(state, 'ontzorgen-einde', 'ONTZORGEN', 'ONTZORGEN_EINDE', { einde: today, reden: reason }, today);
  timeline(state, today, `ONTZORGEN_EINDE:${reason}`);
}

/** The leerroute starts: provider registration (when the gemeente offers the route), MAP/PVT, cadence. */
export function startLeerroute(state: TrajectoryState, today: IsoDate, start: IsoDate): void {
  if (state.leerrouteStart) return;
  state.leerrouteStart = start;
  const offer = currentOffer(state, today);
  const pip = state.pip;
  registerForLeerroute(state, today, start);
  if (offer.pvt) sendToPartner(state, 'start-pvt', 'TAALAANBIEDER', 'START_PVT', { start }, today);
  if (offer.map && (!pip || pip.leerroute !== 'ONDERWIJS')) {
    sendToPartner(state, 'start-map', 'TAALAANBIEDER', 'START_MAP', { start }, today);
  }
  scheduleNextVoortgangsgesprek(state, start);
}

/** Registers the person with the provider for the leerroute, when the gemeente offers it. */
export function registerForLeerroute(state: TrajectoryState, today: IsoDate, start: IsoDate): void {
  const pip = state.pip;
  if (!currentOffer(state, today).leerrouteOffer || !pip) return;
  sendToPartner(
    state,
    'aanmelding-leerroute',
    'TAALAANBIEDER',
    'AANMELDING_LEERROUTE',
    {
      leerroute: pip.leerroute,
      niveau: pip.level,
      alfabetisering: pip.alfabetisering,
      start,
    },
    today,
  );
  reportInburgeringsaanbod(state, today, start);
}

export function scheduleNextVoortgangsgesprek(state: TrajectoryState, from: IsoDate): void {
  state.voortgang.nextDue = nextVoortgangsgesprekDate(from, state.policy);
}

// --- completion and closing ----------------------------------------------------------------

export function completionOf(state: TrajectoryState) {
  if (!state.pip) return undefined;
  return evaluateCompletion(state.pip.leerroute, state.targetGroup, {
    ...state.progress,
    ...(state.ontheffing ? { ontheffing: state.ontheffing } : {}),
  });
}

/** When everything is done, a person confirms the afronding (AFRONDING_BEOORDELEN → closeTrajectoryUpdate). */
export function checkCompletion(state: TrajectoryState, today: IsoDate): void {
  if (state.status === 'AFGESLOTEN' || state.afrondingTaskKey) return;
  if (state.phase !== 'LEERROUTE' && state.phase !== 'OPSTARTKLAS') return;
  const completion = completionOf(state);
  if (completion?.complete) {
    state.afrondingTaskKey = openTask(state, 'afronding', 'AFRONDING_BEOORDELEN', today);
    timeline(state, today, 'VOLDAAN_TE_BEOORDELEN');
  }
}

export function closeTrajectory(state: TrajectoryState, today: IsoDate, reason: CloseReason, source: string): void {
  if (state.status === 'AFGESLOTEN') return;
  if (reason === 'PLICHT_VOLDAAN' && state.pip?.leerroute === 'Z' && source === 'CONSULENT') {
    reportToDuo(state, 'z-route-afgerond', 'Z_ROUTE_AFGEROND', { datumAfronding: today }, today);
  }
  flushGevolgdeUren(state, today);
  endOntzorgen(state, today, 'TRAJECT_AFGESLOTEN');
  for (const key of Object.keys(state.openTasks)) closeTaskByKey(state, key, 'traject afgesloten');
  // Held partner messages are obsolete once the trajectory is closed.
  state.heldMessages = [];
  state.status = 'AFGESLOTEN';
  state.closeReason = reason;
  state.closedOn = today;
  enterPhase(state, 'AFGEROND', today);
  decide(state, { kind: 'AFGESLOTEN', date: today, details: { reden: reason, bron: source } });
  monitor(state, 'afgesloten', 'TRAJECT_AFGESLOTEN', { reden: reason, bron: source });
}

export { PIP_TASK_TYPES };
