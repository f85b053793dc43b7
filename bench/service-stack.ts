/**
 * The deployed shape for the scale benches (`bench:idle`, `bench:scaleout`): a Temporal dev
 * server persisted to a SQLite file under .data/bench/, a throw-away PostgreSQL database, and
 * the API and the worker as **separate processes** (`node --import tsx src/main.ts api|worker`,
 * as in docker-compose; `ServiceProcess` from the fault runs), so a worker's RSS is its own
 * and two workers really run in parallel. The workflow code is bundled once for all workers.
 */
import { mkdirSync, rmSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { seedDevelopmentKeys, type DevelopmentKey } from '../src/api/auth/seed-dev-keys';
import { startDevTemporal, type DevTemporal } from '../src/runtime/dev-temporal';
import { PROJECT_ROOT } from '../src/temporal/binaries';
import { bundleWorkflows } from '../src/worker';
import { DEFAULT_GEMEENTEN } from '../src/domain/types';
import { freePort, httpOk, ServiceProcess } from '../scripts/faults/stack';
import { createTestDatabase, type TestDatabase } from '../test/support/db';
import { ErrorLog, now, percentile, pool } from './measure';

export interface ScaleInfra {
  dir: string;
  temporal: DevTemporal;
  db: TestDatabase;
  bundlePath: string;
  keys: DevelopmentKey[];
  /** Bytes of the dev server's SQLite file(s) (its persistence). */
  temporalBytes(): number;
  close(keep?: boolean): Promise<void>;
}

export async function startScaleInfra(name: string): Promise<ScaleInfra> {
  const dir = path.join(PROJECT_ROOT, '.data', 'bench', `${name}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  const [port, uiPort] = [await freePort(), await freePort()];
  const [temporal, db, bundle] = await Promise.all([
    startDevTemporal({ dataDir: path.join(dir, 'temporal'), port, uiPort }),
    createTestDatabase(),
    bundleWorkflows(new DefaultLogger('WARN')),
  ]);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  const keys = await seedDevelopmentKeys(db.prisma, DEFAULT_GEMEENTEN);
  const sqlite = path.join(dir, 'temporal', 'temporal.db');
  return {
    dir,
    temporal,
    db,
    bundlePath,
    keys,
    temporalBytes: () =>
      ['', '-wal', '-shm'].reduce((sum, suffix) => {
        const file = sqlite + suffix;
        return sum + (existsSync(file) ? statSync(file).size : 0);
      }, 0),
    async close(keep = false) {
      await temporal.stop().catch(() => undefined);
      if (keep) {
        console.log(`bewaard: ${dir} en database ${db.url}`);
        await db.prisma.$disconnect().catch(() => undefined);
        return;
      }
      await db.drop().catch((error: unknown) => console.error('database opruimen mislukt:', error));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Services {
  apiUrls: string[];
  apis: ServiceProcess[];
  workers: ServiceProcess[];
  stop(): Promise<void>;
}

/**
 * `apis` API processes and `workers` worker processes on one task queue (development keys, no DUO).
 * `workerEnv` is added to the workers' environment only (e.g. `WORKER_MAX_CACHED_WORKFLOWS`).
 */
export async function startServices(
  infra: ScaleInfra,
  options: { name: string; taskQueue: string; apis: number; workers: number; workerEnv?: Record<string, string> },
): Promise<Services> {
  const base = benchServiceEnv({
    databaseUrl: infra.db.url,
    temporalAddress: infra.temporal.address,
    taskQueue: options.taskQueue,
    bundlePath: infra.bundlePath,
  });
  const apis: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  const apiUrls: string[] = [];
  for (let i = 0; i < options.apis; i++) {
    const api = await apiProcess(base, path.join(infra.dir, `${options.name}-api${i}.log`));
    apiUrls.push(api.url);
    apis.push(api.process);
  }
  for (let i = 0; i < options.workers; i++) {
    workers.push(
      await workerProcess({ ...base, ...options.workerEnv }, path.join(infra.dir, `${options.name}-worker${i}.log`)),
    );
  }
  const all = [...apis, ...workers];
  try {
    // One after the other: on 2 cores parallel starts only slow each other down.
    for (const service of all) await service.start();
  } catch (error) {
    await Promise.all(all.map((service) => service.stop()));
    throw error;
  }
  return { apiUrls, apis, workers, stop: async () => void (await Promise.all(all.map((service) => service.stop()))) };
}

/**
 * The environment of the benches' service processes: development keys, no DUO, the workflow
 * bundle built once for the run, and the per-key rate limit raised (the figure is the service,
 * not the limit of 600 per minute).
 */
export function benchServiceEnv(options: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  bundlePath: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    WORKFLOW_BUNDLE_PATH: options.bundlePath,
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_FAILURE_LIMIT: '1000000',
  };
}

/** An API process (`src/main.ts api`) on free ports, ready when its /readyz answers 200. */
export async function apiProcess(
  env: Record<string, string>,
  logFile: string,
): Promise<{ process: ServiceProcess; url: string }> {
  const [port, health] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const service = new ServiceProcess(
    'api',
    { ...env, PORT: String(port), WORKER_HEALTH_PORT: String(health) },
    logFile,
    () => httpOk(`${url}/readyz`),
  );
  return { process: service, url };
}

/** A worker process (`src/main.ts worker`) on free ports, ready when its /healthz answers 200. */
export async function workerProcess(env: Record<string, string>, logFile: string): Promise<ServiceProcess> {
  const [port, health] = [await freePort(), await freePort()];
  return new ServiceProcess('worker', { ...env, PORT: String(port), WORKER_HEALTH_PORT: String(health) }, logFile, () =>
    httpOk(`http://127.0.0.1:${health}/healthz`),
  );
}

/** Resident set (current and peak) of a process, in MB, from /proc (Linux). */
export function processMemoryMb(pid: number | undefined): { rss: number; peak: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * A valid BSN (elfproef) per number, distinct for distinct n < 10 million: the first digit
 * 1, 2, … then the seven digits of n, then the check digit (a prefix whose check digit would be
 * 10 moves on to the next first digit; changing the first digit changes the sum by 9, never 0 mod 11).
 */
export function benchBsn(n: number): string {
  for (let first = 1; ; first++) {
    const prefix = `${first}${String(n).padStart(7, '0')}`;
    const sum = [...prefix].reduce((t, d, i) => t + Number(d) * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) return `${prefix}${check}`;
  }
}

export function token(keys: DevelopmentKey[], role: DevelopmentKey['role'], gemeente: string | null): string {
  const key = keys.find((k) => k.role === role && k.gemeente === gemeente && !k.partnerId);
  if (!key) throw new Error(`geen ontwikkelsleutel voor ${role} ${gemeente ?? 'regio'}`);
  return key.key;
}

export interface StartFigures {
  started: number;
  seconds: number;
  startsPerSecond: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  trajectoryIds: string[];
  errors: ErrorLog;
}

/**
 * POST /trajectories for trajectory numbers [from, to): round robin over the API processes and
 * the four gemeenten (each gemeente's consulent), a mix of asielstatushouders on bijstand (at
 * koppeling) and gezinsmigranten (at the brede intake), registered in the last 30 days.
 */
export async function startTrajectoriesViaApi(
  infra: ScaleInfra,
  apiUrls: string[],
  from: number,
  to: number,
  options: { concurrency: number; bsnOffset: number; stopAt?: number },
): Promise<StartFigures> {
  const errors = new ErrorLog();
  const latencies: number[] = [];
  const trajectoryIds: string[] = [];
  const tokens = DEFAULT_GEMEENTEN.map((gemeente) => token(infra.keys, 'consulent', gemeente));
  const numbers = Array.from({ length: to - from }, (_, i) => from + i);
  const t0 = now();
  await pool(
    numbers,
    options.concurrency,
    async (n) => {
      if (options.stopAt !== undefined && Date.now() >= options.stopAt) return;
      const asiel = n % 2 === 0;
      const inschrijving = new Date(Date.now() - (n % 30) * 86_400_000).toISOString().slice(0, 10);
      const started = now();
      const response = await fetch(`${apiUrls[n % apiUrls.length]}/trajectories`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[n % tokens.length]}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          bsn: benchBsn(options.bsnOffset + n),
          targetGroup: asiel ? 'asielstatushouder' : 'gezinsmigrant',
          onBijstand: asiel,
          dates: { inschrijving },
        }),
      });
      const text = await response.text();
      latencies.push(now() - started);
      if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      trajectoryIds.push((JSON.parse(text) as { trajectoryId: string }).trajectoryId);
    },
    errors,
  );
  const seconds = (now() - t0) / 1000;
  return {
    started: trajectoryIds.length,
    seconds,
    startsPerSecond: trajectoryIds.length / seconds,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    trajectoryIds,
    errors,
  };
}

/** Waits until `count(sql)` reaches `target` or the deadline passes; returns the time (performance.now()) or null. */
export async function waitForCount(
  query: () => Promise<number>,
  target: number,
  deadline: number,
  intervalMs = 100,
): Promise<{ at: number | null; reached: number }> {
  for (;;) {
    const reached = await query();
    if (reached >= target) return { at: now(), reached };
    if (Date.now() >= deadline) return { at: null, reached };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
