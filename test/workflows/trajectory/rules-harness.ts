/**
 * Runs the trajectory's rules in memory, the way workflow.ts runs them — the same decision
 * table, signal handler, timers and effect → activity translation — without a Temporal server:
 * a "run" answers `executeUpdate`/`signal`/`query` like a workflow handle, a refused decision
 * throws the same WorkflowUpdateFailedError, and `sleepUntil` moves the shared clock, firing
 * every timer due on the way. Activity calls are recorded like the workflow tests' fakes.
 * Wiring (the worker, continue-as-new, replay) is tested in test/workflows/*.test.ts.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { activityCallOf } from '../../../src/workflows/trajectory/activity-calls';
import type { RuleContext } from '../../../src/workflows/trajectory/context';
import { TRAJECTORY_DECISIONS } from '../../../src/workflows/trajectory/decisions';
import { applyPartnerEvent } from '../../../src/workflows/trajectory/events';
import type {
  PartnerEvent,
  TrajectoryInput,
  TrajectoryResult,
  TrajectoryView,
} from '../../../src/workflows/trajectory/messages';
import { beginTrajectory } from '../../../src/workflows/trajectory/phases';
import { createInitialState, type TrajectoryState } from '../../../src/workflows/trajectory/state';
import { fireDueTimers, nextDueTimer } from '../../../src/workflows/trajectory/timers';
import { buildView } from '../../../src/workflows/trajectory/view';
import type { IsoDate } from '../../../src/domain/types';
import { emptyCalls, recordWrite, type RecordedCalls, type TrajectoryHandle } from '../support/trajectory';

/** A fixed first day for the rule tests (a Monday; no time zone in play). */
export const RULES_START_DATE: IsoDate = '2026-03-02';

function contextOn(today: IsoDate): RuleContext {
  return { today, isPatched: () => true };
}

export class RulesRun implements TrajectoryHandle {
  readonly state: TrajectoryState;
  /** Updates the validator accepted (a refused one leaves no trace). */
  acceptedUpdates = 0;

  constructor(
    private readonly env: RulesEnv,
    input: TrajectoryInput,
  ) {
    this.state = beginTrajectory(createInitialState(input), input, contextOn(env.today));
    this.fireDue();
  }

  async executeUpdate<Ret, Args extends unknown[]>(
    def: UpdateDefinition<Ret, Args>,
    options: { args: Args },
  ): Promise<Ret> {
    const decision = TRAJECTORY_DECISIONS.find((candidate) => candidate.update.name === def.name);
    if (!decision) throw new Error(`no decision registered for update ${def.name}`);
    const [input] = options.args;
    const verdict = decision.validate(this.state, input, contextOn(this.env.today));
    if (!verdict.ok) {
      throw new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.create({ type: verdict.rule, message: verdict.reason, nonRetryable: true }),
      );
    }
    this.acceptedUpdates += 1;
    const result: unknown = decision.apply(this.state, input, contextOn(this.env.today));
    this.state.stateVersion += 1;
    this.fireDue(); // the main loop wakes up after every state change
    return (result ?? buildView(this.state, this.env.today)) as Ret;
  }

  async signal(_def: unknown, event: PartnerEvent): Promise<void> {
    if (applyPartnerEvent(this.state, event, contextOn(this.env.today))) this.state.stateVersion += 1;
    this.fireDue();
  }

  async query(): Promise<TrajectoryView> {
    return buildView(this.state, this.env.today);
  }

  /** Resolves like the workflow's result once the trajectory is closed. */
  async result(): Promise<TrajectoryResult> {
    if (this.state.status !== 'AFGESLOTEN') throw new Error('the trajectory is still running');
    return {
      trajectoryId: this.state.trajectoryId,
      closeReason: this.state.closeReason ?? 'PLICHT_VERVALLEN',
      closedOn: this.state.closedOn ?? this.env.today,
    };
  }

  /** The next timer date after `today`, if any. */
  nextTimerDate(): IsoDate | undefined {
    return nextDueTimer(this.state, this.env.today)?.date;
  }

  /** Fires every timer due on `today` (the main loop woke up). */
  fireDue(): void {
    if (fireDueTimers(this.state, contextOn(this.env.today)) > 0) this.state.stateVersion += 1;
    this.runEffects();
  }

  private runEffects(): void {
    const { calls } = this.env;
    for (const effect of this.state.effects.splice(0)) {
      const call = activityCallOf(this.state, effect);
      recordWrite(calls, call);
      if (call.activity === 'enqueueOutboundMessage') calls.delivered.push(call.input.key);
    }
  }
}

/** A clock and the recorded calls, shared by the runs of one test. */
export class RulesEnv {
  readonly calls: RecordedCalls = emptyCalls();
  private readonly runs: RulesRun[] = [];

  constructor(public today: IsoDate = RULES_START_DATE) {}

  start(input: TrajectoryInput): RulesRun {
    const run = new RulesRun(this, input);
    this.runs.push(run);
    return run;
  }

  /** Moves the clock to `date`, firing every timer on its day, earliest first (never backwards). */
  sleepUntil(date: IsoDate): void {
    for (;;) {
      const next = this.runs
        .map((run) => run.nextTimerDate())
        .filter((due): due is IsoDate => due !== undefined && due <= date)
        .sort()[0];
      if (!next) break;
      this.today = next;
      for (const run of this.runs) run.fireDue();
    }
    if (date > this.today) this.today = date;
    for (const run of this.runs) run.fireDue();
  }
}
