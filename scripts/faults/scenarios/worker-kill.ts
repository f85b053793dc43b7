/**
 * Scenario worker-kill: `kill -9` the worker at seeded random moments while the trajectories of
 * the script run (starts, partner events through the API, decisions, timers that fire on the
 * dev server), restart it each time, and compare every trajectory's end state with an
 * undisturbed run of the same script. Pass: every end state equal; 0 lost, 0 duplicated
 * tasks, outbox messages, DUO calls (at the DUO simulator) and partner webhooks (at the
 * receiving test server).
 */
import { prng } from '../script';
import type { ScenarioContext, ScenarioResult } from './common';
import { disturbedRun } from './disturbed';

export function workerKill(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { trajectories, kills, seed } = ctx.options;
  const began = Date.now();
  return disturbedRun(ctx, 'worker-kill', () => {
    const random = prng(seed);
    return Array.from({ length: kills }, () => ({
      // After a seeded share of the trajectories is done, plus a seeded delay.
      after: Math.floor((0.05 + random() * 0.85) * trajectories),
      delayMs: Math.floor(random() * 1500),
    })).map(({ after, delayMs }) => ({
      after,
      async inject(deployment) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const pid = deployment.worker.pid;
        const at = (Date.now() - began) / 1000;
        await deployment.worker.kill('SIGKILL');
        const failedBefore = deployment.worker.failedStarts;
        const recoveryMs = await deployment.worker.start();
        ctx.log(
          `  worker (pid ${pid}) kill -9 na ${after} trajecten; weer gereed na ${(recoveryMs / 1000).toFixed(1)} s`,
        );
        return {
          fault: 'kill -9 worker',
          afterTrajectories: after,
          atSeconds: at,
          pid,
          recoverySeconds: recoveryMs / 1000,
          /** Starts that ended before the worker was ready (started again, as a supervisor would). */
          exitedWhileStarting: deployment.worker.failedStarts - failedBefore,
        };
      },
    }));
  });
}
