/**
 * The trajectory workflow: one per inburgeraar, from koppeling to afronding (years).
 *
 * Handlers first (query, signal, one update per decision in decisions/ — synchronous state
 * changes that push effects), then one main loop: fire due timers → run pending effects as
 * activities → project the state → upsert search attributes → sleep until the next timer or
 * a state change. The rules are plain functions over the state (no Temporal imports); this
 * file gives them the clock and the patch checks (`RuleContext`).
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
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../../activities';
import { startOfDayInAmsterdam, todayInAmsterdam } from '../../domain/today';
import { DATABASE_WRITE, PROJECTION_WRITE } from '../../temporal/activity-presets';
import { outboxDeliveryWorkflow } from '../outbox-delivery/workflow';
import { outboxDeliveryWorkflowId } from '../outbox-delivery/messages';
import { activityCallOf } from './activity-calls';
import type { RuleContext } from './context';
import { TRAJECTORY_DECISIONS } from './decisions';
import { applyPartnerEvent } from './events';
import { partnerEventSignal, trajectoryViewQuery, type TrajectoryInput, type TrajectoryResult } from './messages';
import { beginTrajectory } from './phases';
import { searchAttributesOf } from './search-attributes';
import { createInitialState, type Effect, type TrajectoryState } from './state';
import { fireDueTimers, nextDueTimer } from './timers';
import { buildView } from './view';

const activities = proxyActivities<Activities>(DATABASE_WRITE);
const { projectTrajectory } = proxyActivities<Activities>(PROJECTION_WRITE);

export const DEFAULT_CONTINUE_AS_NEW_HISTORY_LENGTH = 10_000;
/** Below this a run could not even finish one loop before continuing as new again. */
const MIN_CONTINUE_AS_NEW_HISTORY_LENGTH = 50;

/** The rules' view of the world now: the Amsterdam date of the workflow clock, and `patched()`. */
function context(): RuleContext {
  return { today: todayInAmsterdam(new Date()), isPatched: (id) => patched(id) };
}

export async function trajectoryWorkflow(input: TrajectoryInput): Promise<TrajectoryResult> {
  const state: TrajectoryState = input.carried
    ? (input.carried as TrajectoryState)
    : beginTrajectory(createInitialState(input), input, context());
  let changed = false;
  const touch = (): void => {
    state.stateVersion += 1;
    changed = true;
  };

  setHandler(trajectoryViewQuery, () => buildView(state, context().today));

  setHandler(partnerEventSignal, (event) => {
    if (applyPartnerEvent(state, event, context())) touch();
  });

  for (const decision of TRAJECTORY_DECISIONS) {
    setHandler(
      decision.update,
      (decisionInput: unknown) => {
        const ctx = context();
        const result: unknown = decision.apply(state, decisionInput, ctx);
        touch();
        return result ?? buildView(state, ctx.today);
      },
      {
        // Throws in the validator: the update is refused and leaves no trace in history.
        validator: (decisionInput: unknown) => {
          const result = decision.validate(state, decisionInput, context());
          if (!result.ok)
            throw ApplicationFailure.create({ type: result.rule, message: result.reason, nonRetryable: true });
        },
      },
    );
  }

  const historyLimit = Math.max(
    MIN_CONTINUE_AS_NEW_HISTORY_LENGTH,
    input.continueAsNewAfterHistoryLength ?? DEFAULT_CONTINUE_AS_NEW_HISTORY_LENGTH,
  );

  const project = async (): Promise<void> => {
    if (state.projectedVersion === state.stateVersion) return;
    const view = buildView(state, context().today);
    await projectTrajectory({ workflowId: state.workflowId, view });
    state.projectedVersion = view.stateVersion;
  };

  // A workflow started without the API (a script, a replayed start) still gets its row first.
  if (state.projectedVersion === 0) await project();

  for (;;) {
    changed = false;
    if (fireDueTimers(state, context()) > 0) state.stateVersion += 1;
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

    const next = nextDueTimer(state, context().today);
    if (next) await condition(() => changed, Math.max(1, startOfDayInAmsterdam(next.date).getTime() - Date.now()));
    else await condition(() => changed);
  }

  await condition(allHandlersFinished);
  return {
    trajectoryId: state.trajectoryId,
    closeReason: state.closeReason ?? 'PLICHT_VERVALLEN',
    closedOn: state.closedOn ?? context().today,
  };
}

async function runEffects(state: TrajectoryState): Promise<void> {
  while (state.effects.length > 0) {
    await runEffect(state, state.effects[0] as Effect);
    state.effects.shift();
  }
}

async function runEffect(state: TrajectoryState, effect: Effect): Promise<void> {
  const call = activityCallOf(state, effect);
  switch (call.activity) {
    case 'createTask':
      await activities.createTask(call.input);
      return;
    case 'closeTask':
      await activities.closeTask(call.input);
      return;
    case 'recordMonitorEvent':
      await activities.recordMonitorEvent(call.input);
      return;
    case 'recordOutboxConsent':
      await activities.recordOutboxConsent(call.input);
      return;
    case 'reassignConsulentTasks':
      await activities.reassignConsulentTasks(call.input);
      return;
    case 'enqueueOutboundMessage':
      await activities.enqueueOutboundMessage(call.input);
      await startDelivery(call.input.key);
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

/** Facts only (search-attributes.ts), upserted when they changed. */
function upsertSearchAttributesWhenChanged(state: TrajectoryState): void {
  const { fingerprint, updates } = searchAttributesOf(state);
  if (fingerprint === state.searchAttributesFingerprint) return;
  state.searchAttributesFingerprint = fingerprint;
  upsertSearchAttributes(updates);
}
