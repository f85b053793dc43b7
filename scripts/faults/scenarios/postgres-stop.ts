/**
 * Scenario postgres-stop: stop the run's own PostgreSQL cluster (pg_ctl stop -m fast) in the
 * middle of the script for `--postgres-down` seconds (30 in the full run), then start it again.
 * Meanwhile `/readyz` must answer 503 naming `postgres`, and the worker's activities fail and
 * are retried by Temporal. Pass: those, and once PostgreSQL is back every end state equal to the
 * undisturbed run (0 lost, 0 duplicated).
 */
import type { ScenarioContext, ScenarioResult } from './common';
import { disturbedRun } from './disturbed';
import { readyz } from './temporal-restart';

export async function postgresStop(ctx: ScenarioContext): Promise<ScenarioResult> {
  const downMs = ctx.options.postgresDownMs;
  const checks: string[] = [];
  const result = await disturbedRun(ctx, 'postgres-stop', () => [
    {
      after: Math.floor(ctx.options.trajectories * 0.4),
      async inject(deployment) {
        const stoppedAt = Date.now();
        await ctx.infra.pg.stop();
        const readiness = await readyz(deployment);
        const processesDuring = { api: deployment.api.running(), worker: deployment.worker.running() };
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, downMs - (Date.now() - stoppedAt))));
        await ctx.infra.pg.start();
        const downSeconds = (Date.now() - stoppedAt) / 1000;
        const back = Date.now();
        let readyAgainMs = -1;
        while (Date.now() - back < 120_000) {
          if ((await readyz(deployment)).status === 200) {
            readyAgainMs = Date.now() - back;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        if (readiness.status !== 503 || !readiness.down.includes('postgres')) {
          checks.push(`/readyz tijdens de storing: ${readiness.status} ${JSON.stringify(readiness.down)}`);
        }
        if (!deployment.api.running() || !deployment.worker.running()) {
          checks.push('API of worker is gestopt door de storing');
        }
        if (readyAgainMs < 0) checks.push('/readyz niet weer 200');
        ctx.log(
          `  PostgreSQL ${downSeconds.toFixed(0)} s gestopt; /readyz ${readiness.status} (${readiness.down.join(', ')}); weer gereed na ${(readyAgainMs / 1000).toFixed(1)} s`,
        );
        return {
          fault: 'PostgreSQL gestopt en herstart',
          downSeconds,
          readyzDuring: readiness,
          processesDuring,
          readySecondsAfterRestart: readyAgainMs / 1000,
        };
      },
    },
  ]);
  result.failures.push(...checks);
  result.passed &&= checks.length === 0;
  return result;
}
