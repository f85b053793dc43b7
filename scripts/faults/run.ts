/**
 * `npm run faults`: fault injection against the real service, scripted and repeatable (issue 14 §1).
 *
 *   npm run faults                                  # every scenario, full size
 *   npm run faults -- --quick                       # reduced sizes
 *   npm run faults -- --ci                          # smallest sizes: what `npm test` runs (test/faults/)
 *   npm run faults -- --scenario worker-kill --trajectories 50 --kills 3 --seed 7
 *
 * Scenarios (each passes or fails on its own; `--scenario a,b` picks some):
 * - worker-kill       kill -9 the worker at seeded random moments while trajectories run;
 *                     every end state equals an undisturbed run's; 0 lost / 0 duplicated.
 * - temporal-restart  restart the Temporal dev server (file-persisted) mid-run; /readyz 503
 *                     naming temporal meanwhile; partner events kept in the inbox, delivered after.
 * - api-kill          kill -9 the API while partner events are posted by a client that retries
 *                     with the same Idempotency-Key; exactly one effect per event.
 * - postgres-stop     stop PostgreSQL for a while; /readyz names postgres; activities retry;
 *                     nothing lost once it is back.
 * - partner-endpoint  a partner endpoint that answers 500, hangs, or is slow: retries with
 *                     backoff, the trajectory is never held, a beheerder task after the budget.
 *
 * Everything it needs it starts itself, on free loopback ports, in .data/faults/<run>/: its own
 * PostgreSQL cluster (initdb/pg_ctl), a Temporal dev server persisted to a file, the DUO
 * simulator, a receiving partner endpoint, and the API and worker as separate processes
 * (`src/main.ts api|worker`). Results: .data/faults/<run>/summary.json; exit code 0 only when
 * every scenario passed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../src/temporal/binaries';
import { startDeployment, startInfra, type Deployment } from './stack';
import type { FaultOptions, ScenarioContext, ScenarioResult } from './scenarios/common';
import { apiKill } from './scenarios/api-kill';
import { partnerEndpoint } from './scenarios/partner-endpoint';
import { postgresStop } from './scenarios/postgres-stop';
import { temporalRestart } from './scenarios/temporal-restart';
import { workerKill } from './scenarios/worker-kill';

export const SCENARIOS: Record<string, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  'worker-kill': workerKill,
  'temporal-restart': temporalRestart,
  'api-kill': apiKill,
  'postgres-stop': postgresStop,
  'partner-endpoint': partnerEndpoint,
};

export interface FaultSummary {
  run: string;
  mode: 'ci' | 'quick' | 'full';
  options: FaultOptions;
  passed: boolean;
  seconds: number;
  scenarios: Array<{ name: string; seconds: number } & ScenarioResult>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      ci: { type: 'boolean', default: false },
      'partner-per-behaviour': { type: 'string' },
      'summary-file': { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string', default: '20261202' },
      trajectories: { type: 'string' },
      kills: { type: 'string' },
      concurrency: { type: 'string' },
      events: { type: 'string' },
      'postgres-down': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  // --ci: the smallest sizes that still exercise every scenario (inside `npm test`).
  const ci = values.ci ?? false;
  const quick = (values.quick ?? false) || ci;
  const size = <T>(full: T, reduced: T, smallest: T): T => (ci ? smallest : quick ? reduced : full);
  const options: FaultOptions = {
    seed: Number(values.seed),
    trajectories: Number(values.trajectories ?? size(200, 12, 4)),
    kills: Number(values.kills ?? size(5, 2, 1)),
    concurrency: Number(values.concurrency ?? size(8, 4, 4)),
    events: Number(values.events ?? size(10_000, 300, 60)),
    postgresDownMs: Number(values['postgres-down'] ?? size(30, 8, 5)) * 1000,
    settleTimeoutMs: size(900, 180, 240) * 1000,
    quick,
    partnerPerBehaviour: Number(values['partner-per-behaviour'] ?? size(6, 2, 1)),
  };
  const names = values.scenario ? values.scenario.split(',').map((s) => s.trim()) : Object.keys(SCENARIOS);
  for (const name of names) {
    if (!SCENARIOS[name]) {
      console.error(`Onbekend scenario: ${name} (bekend: ${Object.keys(SCENARIOS).join(', ')})`);
      process.exit(2);
    }
  }
  const run = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(PROJECT_ROOT, '.data', 'faults', run);
  mkdirSync(dir, { recursive: true });
  const log = (line: string) => console.log(line);
  log(
    `faults: ${ci ? 'CI-' : quick ? 'verkorte' : 'volledige'} run ${run} (seed ${options.seed}), scenario's: ${names.join(', ')}`,
  );
  const began = Date.now();
  const infra = await startInfra(path.join(dir, 'infra'));
  let closing = false;
  const stopAll = async (code: number) => {
    if (closing) return;
    closing = true;
    await Promise.all(deployments.map((d) => d.close().catch(() => undefined)));
    await infra.close();
    process.exit(code);
  };
  const deployments: Array<{ close(): Promise<void> }> = [];
  process.once('SIGINT', () => void stopAll(130));
  process.once('SIGTERM', () => void stopAll(143));
  // An error that escapes a scenario still stops what the run started (no cluster, dev server,
  // API or worker left behind holding its port).
  const crash = (error: unknown) => {
    console.error('faults: onverwachte fout', error);
    void stopAll(1);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  let deployment: Promise<Deployment> | undefined;
  let casts = 0;
  const ctx: ScenarioContext = {
    infra,
    options,
    log,
    deployment() {
      deployment ??= startDeployment(infra, {
        name: 'faults',
        pseudonymKey: `faults-pseudonym-${options.seed}`,
      }).then((started) => {
        deployments.push(started);
        return started;
      });
      return deployment;
    },
    nextCast: () => ++casts,
  };
  const summary: FaultSummary = {
    run,
    mode: ci ? 'ci' : quick ? 'quick' : 'full',
    options,
    passed: true,
    seconds: 0,
    scenarios: [],
  };
  const writeSummary = () => {
    const text = JSON.stringify(summary, null, 2);
    writeFileSync(path.join(dir, 'summary.json'), text);
    if (values['summary-file']) writeFileSync(values['summary-file'], text);
  };
  for (const name of names) {
    log(`\n▶ ${name}`);
    const started = Date.now();
    let result: ScenarioResult;
    try {
      result = await SCENARIOS[name]!(ctx);
    } catch (error) {
      result = {
        passed: false,
        failures: [`afgebroken: ${error instanceof Error ? error.stack : String(error)}`],
        figures: {},
      };
    }
    const seconds = (Date.now() - started) / 1000;
    summary.scenarios.push({ name, seconds, ...result });
    summary.passed &&= result.passed;
    log(`${result.passed ? '✔ GESLAAGD' : '✘ MISLUKT'} ${name} (${seconds.toFixed(0)} s)`);
    for (const failure of result.failures) log(`    - ${failure}`);
    log(`    ${JSON.stringify(result.figures)}`);
    writeSummary();
  }
  summary.seconds = (Date.now() - began) / 1000;
  writeSummary();
  await Promise.all(deployments.map((d) => d.close().catch(() => undefined)));
  await infra.close();
  if (!values.keep) rmSync(path.join(dir, 'infra', 'pg'), { recursive: true, force: true });
  log(
    `\nfaults: ${summary.passed ? 'GESLAAGD' : 'MISLUKT'} in ${summary.seconds.toFixed(0)} s — ${path.join(dir, 'summary.json')}`,
  );
  process.exit(summary.passed ? 0 : 1);
}

await main();
