/**
 * The bare baseline of the lifecycle bench (bench/lifecycle.ts, P3): the same traffic as a
 * trajectory's three years — the same signals and updates from the same driver script, and as
 * many timers and activities as the subject used (measured from its histories first) — but
 * trivial handlers: a counter, and one trivial local activity per turn and per timer.
 *
 * Workflow code: deterministic, imports only @temporalio/workflow (bundled by the worker).
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

export interface LifecycleBaselineInput {
  id: string;
  /** Timers to run, evenly spread over `spanDays` (the subject's average per trajectory). */
  timers: number;
  spanDays: number;
  /** How many of the fired timers cause an activity (the subject's activities beyond its signal and update turns). */
  timerActivities: number;
}

export interface LifecycleBaselineView {
  signals: number;
  updates: number;
  timersFired: number;
  closed: boolean;
}

export interface LifecycleBaselineActivities {
  touch(counter: number): Promise<number>;
}

export const lifecycleBaselineSignal = defineSignal<[{ eventId: string; type: string }]>('lifecycleBaselineEvent');
export const lifecycleBaselineUpdate = defineUpdate<LifecycleBaselineView, [{ kind: string; date: string }]>(
  'lifecycleBaselineDecision',
);
export const lifecycleBaselineQuery = defineQuery<LifecycleBaselineView>('lifecycleBaselineView');

const { touch } = proxyLocalActivities<LifecycleBaselineActivities>({ startToCloseTimeout: '10 seconds' });

export async function lifecycleBaselineWorkflow(input: LifecycleBaselineInput): Promise<LifecycleBaselineView> {
  const view: LifecycleBaselineView = { signals: 0, updates: 0, timersFired: 0, closed: false };
  const seen = new Set<string>();
  let pendingTurns = 0;
  let turnsRequested = 0;
  let turnsDone = 0;

  setHandler(lifecycleBaselineSignal, (event) => {
    if (seen.has(event.eventId)) return;
    seen.add(event.eventId);
    view.signals += 1;
    pendingTurns += 1;
  });
  setHandler(lifecycleBaselineQuery, () => view);
  // An update is one more turn (as the subject applies a decision and its effects in one turn);
  // it answers once that turn's activity has run.
  setHandler(lifecycleBaselineUpdate, async (decision) => {
    view.updates += 1;
    pendingTurns += 1;
    const turn = ++turnsRequested;
    await condition(() => turnsDone >= turn);
    if (decision.kind === 'close') view.closed = true;
    return view;
  });

  // The timers, spread over the termijn as the subject's deadlines are.
  const intervalMs = Math.max(1, Math.floor((input.spanDays * 86_400_000) / Math.max(1, input.timers)));
  void (async () => {
    for (let i = 0; i < input.timers && !view.closed; i++) {
      await sleep(intervalMs);
      view.timersFired += 1;
      // Spread the timer activities evenly over the timers.
      const due = Math.floor(((i + 1) * input.timerActivities) / Math.max(1, input.timers));
      const before = Math.floor((i * input.timerActivities) / Math.max(1, input.timers));
      if (due > before) pendingTurns += 1;
    }
  })();

  // One activity per turn with new signals or a fired timer (as the subject's one turn activity).
  while (!view.closed) {
    await condition(() => pendingTurns > 0 || view.closed);
    if (pendingTurns > 0) {
      pendingTurns = 0;
      const covered = turnsRequested;
      await touch(view.signals + view.timersFired);
      turnsDone = covered;
    }
  }
  await condition(allHandlersFinished);
  return view;
}
