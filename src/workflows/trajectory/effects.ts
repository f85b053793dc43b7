/**
 * The effects a rule asks for, pushed onto `state.effects` (the main loop turns them into
 * activity calls), and the bookkeeping that goes with them: tasks, monitor events, outbound
 * messages (held until the machtiging covers their recipient), the timeline and decisions.
 */
import { taskAudience, taskTitle, type TaskParams, type TaskType } from '../../domain/tasks';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import type {
  DecisionView,
  DuoMessage,
  OutboundMessage,
  PartnerMessage,
  RouteNoticeBody,
  RoutePartnerKind,
} from './messages';
import type { HeldMessage, TrajectoryState } from './state';

export const MAX_SEEN_EVENT_IDS = 2000;
export const MAX_TIMELINE = 300;
export const MAX_DECISIONS = 200;

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

/** Opens (or updates) the task of a step; returns its key. */
export function openTask(
  state: TrajectoryState,
  step: string,
  type: TaskType,
  ctx: RuleContext,
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
    createdOn: existing?.createdOn ?? ctx.today,
  };
  const title = taskTitle(type, params);
  state.taskTitles[key] = title;
  state.effects.push({ kind: 'createTask', key, type, audience, title, ...(dueDate !== undefined ? { dueDate } : {}) });
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
      title: state.taskTitles[task.key] ?? taskTitle(task.type),
      ...(task.dueDate !== undefined ? { dueDate: task.dueDate } : {}),
      reassign: true,
    });
  }
}

export function closeTaskByKey(state: TrajectoryState, key: string, reason: string): void {
  if (!state.openTasks[key]) return;
  delete state.openTasks[key];
  delete state.taskTitles[key];
  state.effects.push({ kind: 'closeTask', key, result: { reden: reason } });
}

export function closeTaskStep(state: TrajectoryState, step: string, reason: string): void {
  closeTaskByKey(state, taskKeyOf(state, step), reason);
}

export function closeTasksOfType(state: TrajectoryState, types: readonly TaskType[], reason: string): void {
  for (const task of Object.values(state.openTasks)) {
    if (types.includes(task.type)) closeTaskByKey(state, task.key, reason);
  }
}

export function monitor(
  state: TrajectoryState,
  step: string,
  type: string,
  data: Record<string, string | number | boolean | null>,
): void {
  state.effects.push({
    kind: 'monitor',
    key: `${state.workflowId}/monitor/${step}`,
    type,
    data: { gemeente: state.gemeente, ...data },
  });
}

function outboxKey(state: TrajectoryState, step: string): string {
  return `${state.workflowId}/outbox/${step}`;
}

/** The machtiging as the workflow decided it, sent along with a partner message. */
function consentDecision(state: TrajectoryState) {
  return {
    scope: [...(state.consent?.scope ?? [])],
    ...(state.consent?.date !== undefined ? { date: state.consent.date } : {}),
    stateVersion: state.stateVersion,
  };
}

function isCoveredByConsent(state: TrajectoryState, message: OutboundMessage): boolean {
  return state.consent?.scope.includes(message.recipient) === true;
}

function send(state: TrajectoryState, key: string, message: OutboundMessage): void {
  if (message.recipient !== 'DUO') noteInformedPartner(state, message.recipient);
  state.effects.push({
    kind: 'outbound',
    key,
    message,
    ...(message.recipient === 'DUO' ? {} : { consent: consentDecision(state) }),
  });
}

/**
 * Sends a message to a provider or partner. Every partner kind needs the machtiging to cover
 * it: otherwise the message is held and the consulent gets a task to record the machtiging; it
 * goes out once consent covers that kind.
 */
export function sendToPartner(
  state: TrajectoryState,
  step: string,
  message: PartnerMessage,
  ctx: RuleContext,
  /** 'replace': the message replaces a held one of the same step (the plan changed meanwhile). */
  mode: 'once' | 'replace' = 'once',
): void {
  const key = outboxKey(state, step);
  const held = state.heldMessages.find((candidate) => candidate.key === key);
  if (isCoveredByConsent(state, message)) {
    if (held) state.heldMessages = state.heldMessages.filter((candidate) => candidate !== held);
    send(state, key, message);
    return;
  }
  if (held) {
    if (mode === 'replace') held.message = message;
    return;
  }
  state.heldMessages.push({ key, message });
  if (!state.openTasks[taskKeyOf(state, 'machtiging')]) openTask(state, 'machtiging', 'MACHTIGING_VASTLEGGEN', ctx);
}

/** A held message of `step` that the plan no longer holds: it never went out, and now will not. */
export function dropHeldMessage(state: TrajectoryState, step: string): void {
  const key = outboxKey(state, step);
  state.heldMessages = state.heldMessages.filter((held) => held.key !== key);
}

/**
 * Reports to DUO, a legal chain partner (Wi: PIP, MAP/PVT and Z-route results must be
 * reported): no machtiging needed. DUO reporting is a duty under the new law; the
 * ondertussengroep falls under the old law and is not reported.
 */
export function reportToDuo(state: TrajectoryState, step: string, message: DuoMessage): void {
  if (state.ondertussengroep) return;
  send(state, outboxKey(state, step), message);
}

/**
 * A new machtiging: partner messages on their way follow it, held messages it now covers go
 * out, and the machtiging task closes when none remain held.
 */
export function applyNewConsent(state: TrajectoryState): void {
  state.effects.push({ kind: 'consentChanged', consent: consentDecision(state) });
  const stillHeld: HeldMessage[] = [];
  for (const held of state.heldMessages) {
    if (isCoveredByConsent(state, held.message)) send(state, held.key, held.message);
    else stillHeld.push(held);
  }
  state.heldMessages = stillHeld;
  if (stillHeld.length === 0) closeTaskStep(state, 'machtiging', 'machtiging vastgelegd');
}

/** A message went out to this partner kind: from now on it hears about the route (tellRoutePartners). */
function noteInformedPartner(state: TrajectoryState, kind: RoutePartnerKind): void {
  const informed = (state.informedPartners ??= []);
  if (!informed.includes(kind)) informed.push(kind);
}

/**
 * The partner kinds that hear about the route now: every kind a message went out to, except a
 * provider whose part is over (ontzorgen ended — it got ONTZORGEN_EINDE —, maatschappelijke
 * begeleiding reported done).
 */
export function routePartnersOf(state: TrajectoryState): RoutePartnerKind[] {
  return (state.informedPartners ?? []).filter((kind) => {
    if (kind === 'ONTZORGEN') return state.ontzorgen?.status === 'LOPEND';
    if (kind === 'MAATSCHAPPELIJKE_BEGELEIDING') return state.mb?.status !== 'AFGEROND';
    return true;
  });
}

/**
 * Tells every provider in the route (routePartnersOf) about a change of the route: one message
 * per kind, keyed `step/kind` (`notice` may be made per kind). Consent still rules: a kind the machtiging no longer covers gets
 * it held (`hold`, while the trajectory runs) or not at all (`skip`: at the end, when nothing
 * held will go out any more).
 */
export function tellRoutePartners(
  state: TrajectoryState,
  step: string,
  notice: RouteNoticeBody | ((kind: RoutePartnerKind) => RouteNoticeBody),
  ctx: RuleContext,
  whenUncovered: 'hold' | 'skip' = 'hold',
): void {
  for (const recipient of routePartnersOf(state)) {
    const body = typeof notice === 'function' ? notice(recipient) : notice;
    const message = { ...body, recipient } as PartnerMessage;
    const kindStep = `${step}/${recipient}`;
    if (isCoveredByConsent(state, message)) send(state, outboxKey(state, kindStep), message);
    else if (whenUncovered === 'hold') sendToPartner(state, kindStep, message, ctx);
  }
}
