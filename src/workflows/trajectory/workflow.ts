/**
 * The trajectory workflow: one per inburgeraar, from koppeling to afronding (years).
 *
 * Shape: handlers first (query, signal, updates — all synchronous state changes that push
 * effects), then one main loop: fire due timers → run pending effects as activities →
 * project the state → upsert search attributes → sleep until the next timer or a state
 * change. Deadlines are data (see timers.ts), so a decision that moves one needs no
 * cancellation: the next loop computes the new date.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  WorkflowExecutionAlreadyStartedError,
  type SearchAttributeUpdatePair,
  type UpdateDefinition,
} from '@temporalio/common';
import type { Activities } from '../../activities';
import { DATABASE_WRITE, PROJECTION_WRITE } from '../../activities/presets';
import type { RuleResult } from '../../domain/rule-result';
import type { IsoDate } from '../../domain/types';
import { GemeenteKey, LeerrouteKey, PhaseKey, PipDeadlineKey, TargetGroupKey } from '../../temporal/search-attributes';
import { outboxDeliveryWorkflow, outboxDeliveryWorkflowId } from '../outbox-delivery';
import * as decisions from './decisions';
import { applyVerwijtbaarheid, validateVerwijtbaarheid } from './duo-reports';
import { applyPartnerEvent } from './events';
import {
  bijstellenPipUpdate,
  closeTaskUpdate,
  recordVerwijtbaarheidUpdate,
  closeTrajectoryUpdate,
  partnerEventSignal,
  planOpstartklasUpdate,
  proposeHandhavingUpdate,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordKeyDatesUpdate,
  recordOntheffingUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  trajectoryViewQuery,
  vaststellenPipUpdate,
  type TrajectoryInput,
  type TrajectoryResult,
} from './messages';
import { PATCHES } from './patches';
import { createInitialState, pipDeadlineOf, type Effect, type TrajectoryState } from './state';
import { fireDueTimers, nextDueTimer } from './timers';
import { buildView } from './view';

const { createTask, closeTask, recordMonitorEvent, enqueueOutboundMessage } =
  proxyActivities<Activities>(DATABASE_WRITE);
const { projectTrajectory } = proxyActivities<Activities>(PROJECTION_WRITE);

export { PATCHES };

export const DEFAULT_CONTINUE_AS_NEW_HISTORY_LENGTH = 10_000;
/** Below this a run could not even finish one loop before continuing as new again. */
const MIN_CONTINUE_AS_NEW_HISTORY_LENGTH = 50;

/** The workflow's calendar date (UTC), from the deterministic workflow clock. */
function today(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}

function msUntil(date: IsoDate): number {
  return Math.max(1, Date.parse(`${date}T00:00:00.000Z`) - Date.now());
}

/** Throws in the validator: the update is refused and leaves no trace in history. */
function assertAllowed(result: RuleResult): void {
  if (!result.ok) throw ApplicationFailure.create({ type: result.rule, message: result.reason, nonRetryable: true });
}

export async function trajectoryWorkflow(input: TrajectoryInput): Promise<TrajectoryResult> {
  const state: TrajectoryState = input.carried
    ? (input.carried as TrajectoryState)
    : createInitialState(input, today());
  let changed = false;
  const touch = (): void => {
    state.stateVersion += 1;
    changed = true;
  };

  setHandler(trajectoryViewQuery, () => buildView(state, today()));

  setHandler(partnerEventSignal, (event) => {
    if (applyPartnerEvent(state, event, today())) touch();
  });

  /** Registers an update: `validate` runs in the validator (refusal = no trace), `apply` in the handler. */
  function decision<I, R>(
    update: UpdateDefinition<R, [I]>,
    validate: (state: TrajectoryState, input: I, today: IsoDate) => RuleResult,
    apply: (state: TrajectoryState, input: I, today: IsoDate) => R | void,
  ): void {
    setHandler(
      update,
      (decisionInput: I): R => {
        const result = apply(state, decisionInput, today());
        touch();
        return (result ?? buildView(state, today())) as R;
      },
      { validator: (decisionInput: I) => assertAllowed(validate(state, decisionInput, today())) },
    );
  }

  decision(recordKeyDatesUpdate, decisions.validateKeyDates, decisions.applyKeyDates);
  decision(recordWarmeOverdrachtUpdate, decisions.validateWarmeOverdracht, decisions.applyWarmeOverdracht);
  decision(recordConsentUpdate, decisions.validateConsent, decisions.applyConsent);
  decision(recordBredeIntakeUpdate, decisions.validateBredeIntake, decisions.applyBredeIntake);
  decision(vaststellenPipUpdate, decisions.validatePipVaststellen, decisions.applyPipVaststellen);
  decision(bijstellenPipUpdate, decisions.validatePipBijstellen, decisions.applyPipBijstellen);
  decision(planOpstartklasUpdate, decisions.validateOpstartklas, decisions.applyOpstartklas);
  decision(recordVoortgangsgesprekUpdate, decisions.validateVoortgangsgesprek, decisions.applyVoortgangsgesprek);
  decision(recordOntheffingUpdate, decisions.validateOntheffing, decisions.applyOntheffing);
  decision(proposeHandhavingUpdate, decisions.validateHandhaving, decisions.applyHandhaving);
  decision(closeTrajectoryUpdate, decisions.validateCloseTrajectory, decisions.applyCloseTrajectory);
  decision(closeTaskUpdate, decisions.validateCloseTask, decisions.applyCloseTask);
  decision(recordVerwijtbaarheidUpdate, validateVerwijtbaarheid, applyVerwijtbaarheid);

  const historyLimit = Math.max(
    MIN_CONTINUE_AS_NEW_HISTORY_LENGTH,
    input.continueAsNewAfterHistoryLength ?? DEFAULT_CONTINUE_AS_NEW_HISTORY_LENGTH,
  );

  const project = async (): Promise<void> => {
    if (state.projectedVersion === state.stateVersion) return;
    const view = buildView(state, today());
    await projectTrajectory({ workflowId: state.workflowId, view });
    state.projectedVersion = view.stateVersion;
  };

  // A workflow started without the API (a script, a replayed start) still gets its row first.
  if (state.projectedVersion === 0 && patched(PATCHES.projectBeforeFirstEffects)) await project();

  for (;;) {
    changed = false;
    if (fireDueTimers(state, today()) > 0) state.stateVersion += 1;
    await runEffects(state);
    upsertSearchAttributesWhenChanged(state);
    await project();
    if (changed || state.effects.length > 0) continue; // a handler ran while we were busy
    if (state.status === 'AFGESLOTEN') break;

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyLimit) {
      await condition(allHandlersFinished);
      if (!changed && state.effects.length === 0) {
        await continueAsNew<typeof trajectoryWorkflow>({ ...input, carried: state });
      }
      continue;
    }

    const next = nextDueTimer(state, today());
    if (next) await condition(() => changed, msUntil(next.date));
    else await condition(() => changed);
  }

  await condition(allHandlersFinished);
  return {
    trajectoryId: state.trajectoryId,
    closeReason: state.closeReason ?? 'PLICHT_VERVALLEN',
    closedOn: state.closedOn ?? today(),
  };
}

async function runEffects(state: TrajectoryState): Promise<void> {
  while (state.effects.length > 0) {
    const effect = state.effects[0] as Effect;
    await runEffect(state, effect);
    state.effects.shift();
  }
}

async function runEffect(state: TrajectoryState, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'createTask':
      await createTask({
        key: effect.key,
        trajectoryId: state.trajectoryId,
        gemeente: state.gemeente,
        type: effect.type,
        audience: effect.audience,
        title: effect.title,
        ...(effect.dueDate !== undefined ? { dueDate: effect.dueDate } : {}),
        ...(effect.audience === 'CONSULENT' && state.consulentId !== undefined
          ? { assigneeId: state.consulentId }
          : {}),
        ...(effect.reassign ? { reassign: true } : {}),
      });
      return;
    case 'closeTask':
      await closeTask({ key: effect.key, ...(effect.result ? { result: effect.result } : {}) });
      return;
    case 'monitor':
      await recordMonitorEvent({
        key: effect.key,
        trajectoryId: state.trajectoryId,
        gemeente: state.gemeente,
        type: effect.type,
        data: effect.data,
      });
      return;
    case 'outbound':
      await enqueueOutboundMessage({
        key: effect.key,
        trajectoryId: state.trajectoryId,
        recipientKind: effect.recipientKind,
        type: effect.type,
        payload: effect.payload,
        // The delivery starts before this loop projects the state: it gets the consent the
        // workflow decided on with the message instead of the (older) projected one.
        ...(effect.recipientKind !== 'DUO' && patched(PATCHES.outboxConsentSnapshot)
          ? {
              consent: {
                scope: [...(state.consent?.scope ?? [])],
                ...(state.consent?.date !== undefined ? { date: state.consent.date } : {}),
                stateVersion: state.stateVersion,
              },
            }
          : {}),
      });
      if (patched(PATCHES.deliverOutboxViaChild)) await startDelivery(effect.key);
      return;
  }
}

/** Starts the delivery and does not wait for it: a partner outage must not hold the trajectory. */
async function startDelivery(key: string): Promise<void> {
  try {
    await startChild(outboxDeliveryWorkflow, {
      workflowId: outboxDeliveryWorkflowId(key),
      args: [{ key }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // Started before (e.g. by the previous run before continue-as-new): one delivery per key.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Facts only (gemeente, phase, route, target group, PIP deadline) — never personal data. */
function upsertSearchAttributesWhenChanged(state: TrajectoryState): void {
  const pipDeadline = state.pip || state.status === 'AFGESLOTEN' ? undefined : pipDeadlineOf(state);
  const fingerprint = [
    state.gemeente,
    state.phase,
    state.pip?.leerroute ?? '',
    state.targetGroup,
    pipDeadline ?? '',
  ].join('|');
  if (fingerprint === state.searchAttributesFingerprint) return;
  state.searchAttributesFingerprint = fingerprint;
  const updates: SearchAttributeUpdatePair[] = [
    { key: GemeenteKey, value: state.gemeente },
    { key: PhaseKey, value: state.phase },
    { key: TargetGroupKey, value: state.targetGroup },
    { key: LeerrouteKey, value: state.pip?.leerroute ?? null },
    { key: PipDeadlineKey, value: pipDeadline ? new Date(`${pipDeadline}T00:00:00.000Z`) : null },
  ];
  upsertSearchAttributes(updates);
}
