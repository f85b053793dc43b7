/**
 * The trajectory workflow: one per inburgeraar, from koppeling to afronding (years).
 *
 * Handlers first (query, signal, one update per decision in decisions/ — synchronous state
 * changes that push effects; each fires the timers that are due before it applies anything),
 * then one main loop: fire due timers → upsert search attributes →
 * one turn (the pending effects and the projection of the state, in one local activity and one
 * database transaction, src/activities/turn.ts) → sleep until the next timer or a state change
 * (one durable timer, kept across wake-ups while the next deadline stays: DeadlineAlarm).
 * Over the history limit it continues as new after a quiet period without events
 * (CONTINUE_AS_NEW_QUIET_MS; why: test/workflows/continue-as-new.test.ts).
 * A burst of signals that arrives while a turn runs is applied by the handlers at once and
 * written by the next turn: one projection for the burst. The rules are plain functions over
 * the state (no Temporal imports); this file gives them the clock and the patch checks
 * (`RuleContext`).
 *
 * Tracing: the turn after a signal or update runs in the OpenTelemetry context of the first
 * handler since the last turn (with tracing on, the interceptors' span of that signal or
 * update), so one trace reaches from the API's request to the activity that writes its effect.
 * Without the tracing interceptors the context is empty and this changes nothing.
 */
import { context as otelContext, type Context as OtelContext } from '@opentelemetry/api';
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { TrajectoryTurnInput } from '../../activities/turn';
import { startOfDayInAmsterdam, todayInAmsterdam } from '../../domain/today';
import { TRAJECTORY_TURN_LOCAL, TRAJECTORY_TURN_RETRY } from '../../temporal/activity-presets';
import { activityCallOf } from './activity-calls';
import type { RuleContext } from './context';
import { TRAJECTORY_DECISIONS } from './decisions';
import { applyPartnerEvent } from './events';
import {
  partnerEventSignal,
  partnerEventsSignal,
  trajectoryViewQuery,
  type PartnerEvent,
  type TrajectoryInput,
  type TrajectoryResult,
} from './messages';
import { beginTrajectory } from './phases';
import { searchAttributesOf } from './search-attributes';
import { createInitialState, type TrajectoryState } from './state';
import { fireDueTimers, nextDueTimer } from './timers';
import { buildView } from './view';

const local = proxyLocalActivities<Activities>(TRAJECTORY_TURN_LOCAL);
const retrying = proxyActivities<Activities>(TRAJECTORY_TURN_RETRY);

export const DEFAULT_CONTINUE_AS_NEW_HISTORY_LENGTH = 10_000;
/** Below this a run could not even finish one loop before continuing as new again. */
const MIN_CONTINUE_AS_NEW_HISTORY_LENGTH = 50;
/**
 * Over the history limit a trajectory continues as new after this long without an event
 * (workflow time): see the main loop.
 */
export const CONTINUE_AS_NEW_QUIET_MS = 5 * 60_000;

/** The rules' view of the world now: the Amsterdam date of the workflow clock, and `patched()`. */
function context(): RuleContext {
  return { today: todayInAmsterdam(new Date()), isPatched: (id) => patched(id) };
}

export async function trajectoryWorkflow(input: TrajectoryInput): Promise<TrajectoryResult> {
  const state: TrajectoryState = input.carried
    ? (input.carried as TrajectoryState)
    : beginTrajectory(createInitialState(input), input, context());
  let changed = false;
  /** The context of the first handler since the last turn (see the header). */
  let cause: OtelContext | undefined;
  const touch = (): void => {
    state.stateVersion += 1;
    changed = true;
    cause ??= otelContext.active();
  };

  /**
   * Timers that are due fire before a signal or update is applied. When the worker was down, a
   * deadline that passed meanwhile and a decision queued meanwhile reach the workflow in one
   * workflow task (for a trajectory started meanwhile: with the start), and the SDK runs the
   * handler before the main loop wakes: without this the decision came first (a PIP removed
   * the PIP deadline before its escalation fired), unlike in an undisturbed run.
   */
  const fireDue = (ctx: RuleContext): void => {
    if (fireDueTimers(state, ctx) > 0) touch();
  };

  setHandler(trajectoryViewQuery, () => buildView(state, context().today));

  const applyPartnerEvents = (events: PartnerEvent[]): void => {
    const ctx = context();
    fireDue(ctx);
    for (const event of events) if (applyPartnerEvent(state, event, ctx)) touch();
  };
  setHandler(partnerEventSignal, (event) => applyPartnerEvents([event]));
  // A burst of one trajectory's events from the API (src/api/partner/signal-queue.ts), in order.
  setHandler(partnerEventsSignal, applyPartnerEvents);

  for (const decision of TRAJECTORY_DECISIONS) {
    setHandler(
      decision.update,
      (decisionInput: unknown) => {
        const ctx = context();
        fireDue(ctx);
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

  /** Wakes the loop on the day of the next due timer; kept across signals. */
  const alarm = new DeadlineAlarm();
  for (;;) {
    changed = false;
    if (fireDueTimers(state, context()) > 0) state.stateVersion += 1;
    upsertSearchAttributesWhenChanged(state);
    // Every timer command of this round is given now, BEFORE the turn's local activity; after
    // the turn the loop only waits. The SDK can deliver a local activity's result together with
    // the next workflow task's signal in a run, but separately in its replay (or the other way
    // round): a timer started after the result only when no handler had run yet took a timer
    // number in one and not in the other ("Timer fired event did not have expected timer id").
    // A command given before the turn, or after a wake-up, does not depend on that grouping.
    const wait = waitAfterTurn(state, historyLimit);
    if (wait.at === undefined) alarm.clear();
    else alarm.setFor(wait.at);
    const turnContext = cause ?? otelContext.active();
    cause = undefined;
    await otelContext.with(turnContext, () => runTurn(state));
    if (changed || state.effects.length > 0) continue; // a handler ran while we were busy
    if (state.status === 'AFGESLOTEN') break;

    await condition(() => changed || alarm.fired);
    if (!wait.continueAsNew || !wait.quiet || changed || state.effects.length > 0) continue;
    // Over the limit and no event for CONTINUE_AS_NEW_QUIET_MS: continue as new, in the workflow
    // task of the alarm — never in the task that recorded the turn's local-activity marker (the
    // time-skipping test server keeps the new run waiting for over a minute then). An event that
    // reaches the server while the worker completes the continue-as-new task makes the server
    // refuse the completion, and the worker evicts the run and replays its whole history: the
    // quiet period keeps a stream of events from turning every turn into a refused task and a
    // full replay (test/workflows/continue-as-new.test.ts).
    alarm.clear();
    await condition(allHandlersFinished);
    if (!changed && state.effects.length === 0) {
      await continueAsNew<typeof trajectoryWorkflow>({ ...input, carried: state });
    }
  }

  alarm.clear();
  await condition(allHandlersFinished);
  return {
    trajectoryId: state.trajectoryId,
    closeReason: state.closeReason ?? 'PLICHT_VERVALLEN',
    closedOn: state.closedOn ?? context().today,
  };
}

/**
 * Writes the pending effects and (when the state changed since) the projection in one local
 * activity (one transaction; the regular activity when the local attempts fail). The projection
 * goes first in the transaction, so a workflow started without the API (a script, a replayed
 * start) has its row before its first task. Effects that handlers
 * push while the turn runs stay for the next turn.
 */
async function runTurn(state: TrajectoryState): Promise<void> {
  const taken = state.effects.length;
  const project = state.projectedVersion !== state.stateVersion;
  if (taken === 0 && !project) return;
  const writes = state.effects.slice(0, taken).map((effect) => activityCallOf(state, effect));
  const view = project ? buildView(state, context().today) : undefined;
  const turn: TrajectoryTurnInput = { workflowId: state.workflowId, writes, ...(view ? { view } : {}) };
  try {
    await local.applyTrajectoryTurn(turn);
  } catch (error) {
    // A few quick local attempts failed (e.g. the database is down): the same turn as a regular
    // activity, retried without limit and visible to a beheerder as a failing activity.
    if (isCancellation(error)) throw error;
    await retrying.applyTrajectoryTurn(turn);
  }
  state.effects.splice(0, taken);
  if (view) state.projectedVersion = view.stateVersion;
}

/**
 * How the main loop waits after a turn, taken from the state before the turn (see the loop):
 * the alarm's instant (the start of the day of the next due timer; over the history limit at
 * the latest CONTINUE_AS_NEW_QUIET_MS from now), whether the run is due to continue as new,
 * and whether the alarm is the quiet period's (not a due timer's).
 */
function waitAfterTurn(
  state: TrajectoryState,
  historyLimit: number,
): { at?: number; continueAsNew: boolean; quiet: boolean } {
  const next = nextDueTimer(state, context().today);
  const due = next ? startOfDayInAmsterdam(next.date).getTime() : undefined;
  const info = workflowInfo();
  const continueAsNew = info.continueAsNewSuggested || info.historyLength > historyLimit;
  if (!continueAsNew) return { ...(due !== undefined ? { at: due } : {}), continueAsNew, quiet: false };
  const quietAt = Date.now() + CONTINUE_AS_NEW_QUIET_MS;
  return due !== undefined && due <= quietAt
    ? { at: due, continueAsNew, quiet: false }
    : { at: quietAt, continueAsNew, quiet: true };
}

/** Facts only (search-attributes.ts), upserted when they changed. */
function upsertSearchAttributesWhenChanged(state: TrajectoryState): void {
  const { fingerprint, updates } = searchAttributesOf(state);
  if (fingerprint === state.searchAttributesFingerprint) return;
  state.searchAttributesFingerprint = fingerprint;
  upsertSearchAttributes(updates);
}

/**
 * The one durable timer of the main loop: set for the start of the day of the next due timer
 * (timers.ts) and KEPT while that day stays the same. A signal or update wakes the loop without
 * touching it; only a moved deadline replaces it. Before, every wake-up cancelled the loop's
 * timer and started a new one (`condition(fn, timeout)`): two history events and a server timer
 * per partner event, and most of the timers of a three-year trajectory.
 */
class DeadlineAlarm {
  private current: { at: number; fired: boolean; scope: CancellationScope } | undefined;

  /** True once the alarm set for `at` went off (and until it is set again). */
  get fired(): boolean {
    return this.current?.fired === true;
  }

  /** Sets the alarm for the instant `at` (ms), unless it is set for that instant already. */
  setFor(at: number): void {
    if (this.current && this.current.at === at && !this.current.fired) return;
    this.clear();
    const scope = new CancellationScope();
    const entry = { at, fired: false, scope };
    this.current = entry;
    scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          entry.fired = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
  }

  /** No alarm (nothing scheduled, the loop ends, or it continues as new). */
  clear(): void {
    if (this.current && !this.current.fired) this.current.scope.cancel();
    this.current = undefined;
  }
}
