/**
 * A disturbed run of the trajectory script compared with the undisturbed reference: the
 * scenario's faults are injected at seeded points of progress (trajectories done), the run
 * settles, and every end state and every receiver count is compared. Shared by worker-kill,
 * temporal-restart and postgres-stop.
 */
import { compareEndStates, receiverCounts, settle } from '../observe';
import { newStats, playAll, type TrajectoryScript } from '../script';
import type { Deployment } from '../stack';
import {
  castOf,
  referenceRun,
  scriptsFor,
  seedDuoPersons,
  targetOf,
  type ScenarioContext,
  type ScenarioResult,
} from './common';

export interface Disturbance {
  /** After how many finished trajectories the fault is injected (in order). */
  after: number;
  inject(deployment: Deployment): Promise<Record<string, unknown>>;
}

export async function disturbedRun(
  ctx: ScenarioContext,
  name: string,
  plan: (scripts: TrajectoryScript[]) => Disturbance[],
): Promise<ScenarioResult> {
  const { trajectories } = ctx.options;
  const reference = await referenceRun(ctx);
  const scripts = scriptsFor(ctx, ctx.nextCast());
  const deployment = await ctx.deployment();
  {
    seedDuoPersons(deployment.duo, scripts);
    const pending = plan(scripts).sort((a, b) => a.after - b.after);
    const planned = pending.length;
    const injections: Array<Record<string, unknown>> = [];
    const injectionErrors: string[] = [];
    let injecting: Promise<void> = Promise.resolve();
    const schedule = (disturbance: Disturbance) => {
      injecting = injecting.then(async () => {
        try {
          injections.push(await disturbance.inject(deployment));
        } catch (error) {
          injectionErrors.push(error instanceof Error ? error.message : String(error));
        }
      });
    };
    const stats = newStats();
    const played = await playAll(targetOf(deployment), scripts, {
      concurrency: ctx.options.concurrency,
      stats,
      onDone: (done) => {
        while (pending[0] && pending[0].after <= done) schedule(pending.shift()!);
      },
    });
    const ids = castOf(scripts, played);
    // Faults not yet due when the script ended happen now (timers and deliveries still run).
    for (const disturbance of pending.splice(0)) schedule(disturbance);
    await injecting;
    const settled = await settle(deployment.prisma, ids, {
      timeoutMs: ctx.options.settleTimeoutMs,
      until: (state) => compareEndStates(reference.state, state).differing.length === 0,
    });
    const differences = compareEndStates(reference.state, settled.state);
    const receivers = receiverCounts(deployment.duo, deployment.partner, ids);
    const lostDuo = reference.receivers.duoKeys.filter((k) => !receivers.duoKeys.includes(k)).length;
    const extraDuo = receivers.duoKeys.filter((k) => !reference.receivers.duoKeys.includes(k)).length;
    const lostWebhooks = reference.receivers.webhookKeys.filter((k) => !receivers.webhookKeys.includes(k)).length;
    const extraWebhooks = receivers.webhookKeys.filter((k) => !reference.receivers.webhookKeys.includes(k)).length;
    const count = (kind: string) =>
      [...reference.state.values()].reduce((t, fp) => t + ((fp[kind] as unknown[] | undefined)?.length ?? 0), 0);
    const figures = {
      trajectories,
      injections,
      settleSeconds: settled.ms / 1000,
      referenceSeconds: reference.seconds,
      apiCalls: stats.calls,
      apiRetries: stats.retries,
      tasks: { reference: count('tasks'), lost: differences.lost.tasks, duplicated: differences.extra.tasks },
      outbox: { reference: count('outbox'), lost: differences.lost.outbox, duplicated: differences.extra.outbox },
      inbox: { reference: count('inbox'), lost: differences.lost.inbox, duplicated: differences.extra.inbox },
      duoCalls: {
        reference: reference.receivers.duoEffects,
        effects: receivers.duoEffects,
        received: receivers.duoWrites,
        lost: lostDuo,
        duplicated: receivers.duoDuplicateEffects + extraDuo,
      },
      webhooks: {
        reference: reference.receivers.webhookEffects,
        effects: receivers.webhookEffects,
        received: receivers.webhooks,
        lost: lostWebhooks,
        duplicated: receivers.webhookDuplicateEffects + extraWebhooks,
      },
      differingTrajectories: differences.differing.length,
    };
    const failures: string[] = [...injectionErrors];
    if (injections.length !== planned) failures.push(`${injections.length} van ${planned} storingen uitgevoerd`);
    if (!settled.settled) {
      failures.push(`niet tot rust gekomen binnen de termijn ${(settled.unsettled ?? []).join(' | ')}`.trim());
    }
    if (differences.differing.length > 0) {
      failures.push(`${differences.differing.length} trajecten met een andere eindtoestand dan de ongestoorde run`);
    }
    const unexpected = stats.unexpected.filter(
      (u) => !reference.unexpected.some((r) => r.index === u.index && r.step === u.step && r.status === u.status),
    );
    if (unexpected.length > 0) failures.push(`${unexpected.length} antwoorden anders dan in de ongestoorde run`);
    if (figures.duoCalls.lost || figures.duoCalls.duplicated) failures.push('DUO-aanroepen verloren of dubbel');
    if (figures.webhooks.lost || figures.webhooks.duplicated) failures.push('partner-webhooks verloren of dubbel');
    return {
      passed: failures.length === 0,
      failures,
      figures,
      details: {
        examples: differences.examples,
        unexpected: unexpected.slice(0, 10),
        referenceUnexpected: reference.unexpected.slice(0, 10),
      },
    };
  }
}
