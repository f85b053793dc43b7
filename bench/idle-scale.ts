/**
 * `npm run bench:idle -- --trajectories N` (P4): N open trajectories, started through the real
 * API (`POST /trajectories`, API and worker as separate processes, bench/service-stack.ts) on
 * one Temporal dev server (persisted to SQLite) and one throw-away PostgreSQL database, then
 * left idle. At each checkpoint (10 000, 25 000, 50 000, 100 000 … up to N) it waits until
 * every started workflow has written its first projection and measures: start time and
 * starts/s, the worker's RSS (its own process), werkvoorraad and beheer list latency through
 * the API, PostgreSQL and Temporal bytes per trajectory. At the end: history events of a sample.
 * Results (also after each checkpoint, so a stopped run keeps what it reached) go to
 * bench/results/idle-scale.json.
 *
 *   npm run bench:idle -- --trajectories 10000
 *   npm run bench:idle -- --trajectories 100000 --max-seconds 3600
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Connection, Client } from '@temporalio/client';
import { trajectoryWorkflowId } from '../src/workflows/trajectory/messages';
import { benchFlags } from './cli';
import { ErrorLog, loadAverage, now, percentile, timeLists, type TimedList } from './measure';
import {
  processMemoryMb,
  startScaleInfra,
  startServices,
  startTrajectoriesViaApi,
  token,
  waitForCount,
  type ScaleInfra,
  type StartFigures,
  type Services,
} from './service-stack';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_PATH = path.join(BENCH_DIR, 'results', 'idle-scale.json');
/** Per three-year trajectory, when bench/results/lifecycle.json is missing: README, P3 at 1,000 trajectories (3 December 2026). */
const LIFECYCLE_EVENTS_FALLBACK = 424;

const USAGE = `Gebruik: npm run bench:idle -- [--trajectories N (10000)] [--checkpoints 1000,10000,…] [--requests R (200)]
  [--concurrency C (16)] [--sample S (20 historieën)] [--max-seconds S (3600: daarna niet verder starten, wel meten)]
  [--worker-max-cached W (WORKER_MAX_CACHED_WORKFLOWS van de worker; leeg: SDK-standaard)]
  [--catch-up-seconds S (600: per meetpunt max zo lang wachten tot de worker alles heeft ingehaald)]
  [--settle-seconds S (1800: na het laatste meetpunt zo lang wachten tot alles is ingehaald, dan opnieuw meten; 0: niet)] [--keep]`;
const flags = benchFlags('bench:idle', USAGE, {
  trajectories: { type: 'string', default: process.env.BENCH_IDLE_TRAJECTORIES ?? '10000' },
  checkpoints: { type: 'string', default: '1000,10000,25000,50000,100000' },
  requests: { type: 'string', default: '200' },
  concurrency: { type: 'string', default: '16' },
  sample: { type: 'string', default: '20' },
  // The worker's WORKER_MAX_CACHED_WORKFLOWS (unset: the SDK's default, from the heap limit).
  'worker-max-cached': { type: 'string', default: process.env.BENCH_WORKER_MAX_CACHED ?? '' },
  'max-seconds': { type: 'string', default: process.env.BENCH_MAX_SECONDS ?? '3600' },
  // At each checkpoint, wait at most this long for the worker to catch up before measuring.
  'catch-up-seconds': { type: 'string', default: '600' },
  // After the last checkpoint, if the worker had not caught up: wait at most this long and measure again.
  'settle-seconds': { type: 'string', default: '1800' },
  keep: { type: 'boolean', default: false },
});
const { values } = flags;
const N = flags.int('trajectories', 1, 1_000_000);
const R = flags.int('requests', 1, 10_000);
const C = flags.int('concurrency', 1, 128);
const S = flags.int('sample', 1, 1000);
const MAX_SECONDS = flags.int('max-seconds', 10, 24 * 3600);
const CATCH_UP_SECONDS = flags.int('catch-up-seconds', 0, 24 * 3600);
const SETTLE_SECONDS = flags.int('settle-seconds', 0, 24 * 3600);
const WORKER_MAX_CACHED = !values['worker-max-cached'] ? null : flags.int('worker-max-cached', 0, 1_000_000);
const CHECKPOINTS = [
  ...new Set([
    ...(values.checkpoints ?? '').split(',').map((c) => flags.int('checkpoints', 1, 1_000_000, c.trim())),
    N,
  ]),
]
  .filter((c) => c <= N)
  .sort((a, b) => a - b);

interface Checkpoint {
  trajectories: number;
  /** Measured again after the last checkpoint, once the worker caught up (--settle-seconds). */
  settled: boolean;
  startSeconds: number;
  startsPerSecond: number;
  startLatencyP50Ms: number | null;
  startLatencyP95Ms: number | null;
  /** Last start acknowledged → every projection written (stateVersion > 0). */
  catchUpSeconds: number | null;
  startErrors: number;
  worker: { rssMb: number; peakMb: number } | null;
  api: { rssMb: number; peakMb: number } | null;
  lists: Record<string, { p50Ms: number | null; p99Ms: number | null; maxMs: number | null; errors: number }>;
  postgres: { databaseBytes: number; bytesPerTrajectory: number; tables: Record<string, number> };
  temporal: { sqliteBytes: number; bytesPerTrajectory: number };
  loadAverage: [number, number, number];
}

async function measureLists(infra: ScaleInfra, apiUrl: string, errors: string[]): Promise<Checkpoint['lists']> {
  const lists: TimedList[] = [
    // The floor: the same process and HTTP round trip without a database query.
    { label: 'baseline GET /healthz', route: '/healthz', bearer: '' },
    {
      label: 'werkvoorraad GET /tasks (consulent altena)',
      route: '/tasks',
      bearer: token(infra.keys, 'consulent', 'altena'),
    },
    {
      label: 'GET /beheer/trajectories (beheerder regio)',
      route: '/beheer/trajectories',
      bearer: token(infra.keys, 'beheerder', null),
    },
    {
      label: 'GET /beheer/trajectories (beheerder altena)',
      route: '/beheer/trajectories',
      bearer: token(infra.keys, 'beheerder', 'altena'),
    },
  ];
  const timed = await timeLists(apiUrl, lists, R, (list, status, body) => {
    if (errors.length < 3) errors.push(`${list.route}: HTTP ${status} ${body.slice(0, 200)}`);
  });
  return Object.fromEntries(
    lists.map(({ label }, i) => {
      const { samples, failures } = timed[i]!;
      return [
        label,
        {
          p50Ms: percentile(samples, 50),
          p99Ms: percentile(samples, 99),
          maxMs: samples.length ? Math.max(...samples) : null,
          errors: failures,
        },
      ];
    }),
  );
}

async function postgresBytes(pool: pg.Pool): Promise<{ database: number; tables: Record<string, number> }> {
  const database = Number(
    (await pool.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b')).rows[0]!.b,
  );
  const tables = await pool.query<{ name: string; b: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS b FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC`,
  );
  return { database, tables: Object.fromEntries(tables.rows.map((row) => [row.name, Number(row.b)])) };
}

function lifecycleEventsPerThreeYears(): { events: number; source: string } {
  const file = path.join(BENCH_DIR, 'results', 'lifecycle.json');
  if (existsSync(file)) {
    try {
      const result = JSON.parse(readFileSync(file, 'utf8')) as {
        trajectories: number;
        subject: { perTrajectory: { events: number } };
      };
      return {
        events: result.subject.perTrajectory.events,
        source: `bench/results/lifecycle.json (${result.trajectories} trajecten)`,
      };
    } catch {
      // fall through
    }
  }
  return {
    events: LIFECYCLE_EVENTS_FALLBACK,
    source: 'README, P3 bij 1000 trajecten (geen bench/results/lifecycle.json)',
  };
}

function write(result: unknown): void {
  mkdirSync(path.dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(result, null, 2)}\n`);
}

async function main(): Promise<number> {
  const runStarted = Date.now();
  const stopStartingAt = runStarted + MAX_SECONDS * 1000;
  console.log(
    `bench:idle: N=${N}, checkpoints ${CHECKPOINTS.join(', ')}, ${R} lijstverzoeken per lijst, concurrency ${C}, ` +
      `max ${MAX_SECONDS} s starten, worker-cache ${WORKER_MAX_CACHED ?? 'SDK-standaard'}; node ${process.version}, ${os.cpus().length} CPU, load ${loadAverage().join(' / ')}`,
  );
  let infra: ScaleInfra | undefined;
  let services: Services | undefined;
  let stopping = false;
  const cleanup = async () => {
    await services?.stop().catch(() => undefined);
    await infra?.close(values.keep).catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`bench:idle: ${signal}; opruimen…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    infra = await startScaleInfra('idle');
    const stack = infra;
    services = await startServices(infra, {
      name: 'idle',
      taskQueue: 'bench-idle',
      apis: 1,
      workers: 1,
      workerEnv: WORKER_MAX_CACHED === null ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(WORKER_MAX_CACHED) },
    });
    const workerPid = services.workers[0]!.pid;
    const apiPid = services.apis[0]!.pid;
    const apiUrl = services.apiUrls[0]!;
    console.log(`bench:idle: dev server ${infra.temporal.address}, API ${apiUrl}, worker pid ${workerPid}`);
    const pool = new pg.Pool({ connectionString: infra.db.url, max: 2 });
    const empty = await postgresBytes(pool);
    const emptyTemporal = infra.temporalBytes();
    const projected = async () =>
      Number(
        (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Trajectory" WHERE "stateVersion" > 0`)).rows[0]!.n,
      );

    const checkpoints: Checkpoint[] = [];
    const allIds: string[] = [];
    const listErrors: string[] = [];
    const startErrorSamples: string[] = [];
    let startSeconds = 0;
    let total = 0;
    let reachedLimit = false;
    const result = () => ({
      startedAt: new Date(runStarted).toISOString(),
      params: {
        trajectories: N,
        checkpoints: CHECKPOINTS,
        requests: R,
        concurrency: C,
        sample: S,
        maxSeconds: MAX_SECONDS,
        catchUpSeconds: CATCH_UP_SECONDS,
        settleSeconds: SETTLE_SECONDS,
        workerMaxCachedWorkflows: WORKER_MAX_CACHED,
      },
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null },
      reached: total,
      stoppedByTimeLimit: reachedLimit,
      checkpoints,
      startErrorSamples,
      listErrorSamples: listErrors,
    });

    /** Waits (at most waitMs) until every start is projected, then measures lists, memory and storage. */
    const measureCheckpoint = async (
      figures: Pick<StartFigures, 'latencyP50Ms' | 'latencyP95Ms' | 'errors'>,
      lastAck: number,
      waitMs: number,
      settled: boolean,
    ) => {
      const caughtUp = await waitForCount(projected, allIds.length, Date.now() + waitMs, 500);
      const catchUpSeconds = caughtUp.at === null ? null : (caughtUp.at - lastAck) / 1000;
      const lists = await measureLists(stack, apiUrl, listErrors);
      const bytes = await postgresBytes(pool);
      const temporalBytes = stack.temporalBytes();
      const worker = processMemoryMb(workerPid);
      const api = processMemoryMb(apiPid);
      const n = allIds.length;
      const checkpoint: Checkpoint = {
        trajectories: n,
        settled,
        startSeconds,
        startsPerSecond: n / startSeconds,
        startLatencyP50Ms: figures.latencyP50Ms,
        startLatencyP95Ms: figures.latencyP95Ms,
        catchUpSeconds,
        startErrors: figures.errors.count,
        worker: worker && { rssMb: worker.rss, peakMb: worker.peak },
        api: api && { rssMb: api.rss, peakMb: api.peak },
        lists,
        postgres: {
          databaseBytes: bytes.database,
          bytesPerTrajectory: (bytes.database - empty.database) / n,
          tables: Object.fromEntries(
            Object.entries(bytes.tables)
              .map(([name, b]) => [name, Math.round((b - (empty.tables[name] ?? 0)) / n)] as const)
              .filter(([, b]) => b > 0),
          ),
        },
        temporal: { sqliteBytes: temporalBytes, bytesPerTrajectory: (temporalBytes - emptyTemporal) / n },
        loadAverage: loadAverage(),
      };
      checkpoints.push(checkpoint);
      const list = Object.entries(lists)
        .map(
          ([label, l]) =>
            `${label.split(' (')[0]} ${label.includes('regio') ? 'regio' : ''} p50 ${l.p50Ms?.toFixed(1)} p99 ${l.p99Ms?.toFixed(1)} ms`,
        )
        .join('; ');
      console.log(
        `bench:idle: ${n} trajecten${settled ? ' (na afwachten)' : ''}: ${checkpoint.startsPerSecond.toFixed(1)} starts/s (${startSeconds.toFixed(0)} s), ` +
          `ingehaald ${catchUpSeconds === null ? `NIET (${caughtUp.reached})` : `${catchUpSeconds.toFixed(1)} s`} na de laatste start; ` +
          `worker RSS ${worker?.rss.toFixed(0)} MB (piek ${worker?.peak.toFixed(0)}), API RSS ${api?.rss.toFixed(0)} MB; ` +
          `PostgreSQL ${(checkpoint.postgres.bytesPerTrajectory / 1024).toFixed(1)} KiB/traject, Temporal ${(checkpoint.temporal.bytesPerTrajectory / 1024).toFixed(1)} KiB/traject; ` +
          `${list}; load ${checkpoint.loadAverage.join(' / ')}`,
      );
      if (figures.errors.count > 0)
        console.log(`  startfouten: ${figures.errors.count}, bv. ${figures.errors.samples[0]}`);
      write(result());
    };

    let lastAck = 0;
    for (const target of CHECKPOINTS) {
      if (reachedLimit) break;
      console.log(`bench:idle: starten ${total} → ${target} …`);
      const figures = await startTrajectoriesViaApi(infra, [apiUrl], total, target, {
        concurrency: C,
        bsnOffset: 0,
        stopAt: stopStartingAt,
      });
      lastAck = now();
      allIds.push(...figures.trajectoryIds);
      total += figures.started + figures.errors.count;
      startSeconds += figures.seconds;
      startErrorSamples.push(...figures.errors.samples.slice(0, 3 - startErrorSamples.length));
      if (Date.now() >= stopStartingAt && total < target) {
        reachedLimit = true;
        total = allIds.length;
        console.log(`bench:idle: tijdslimiet bereikt bij ${total} trajecten; meten en stoppen`);
      }
      await measureCheckpoint(figures, lastAck, CATCH_UP_SECONDS * 1000, false);
    }

    // The last checkpoint was measured while the worker still caught up (its lists under that
    // load): wait for the rest, up to --settle-seconds, and measure the idle system once more.
    const last = checkpoints.at(-1);
    if (last && last.catchUpSeconds === null && SETTLE_SECONDS > 0) {
      console.log(
        `bench:idle: ${allIds.length} trajecten nog niet ingehaald; wachten (max ${SETTLE_SECONDS} s) en opnieuw meten`,
      );
      const noStarts = { latencyP50Ms: null, latencyP95Ms: null, errors: new ErrorLog() };
      await measureCheckpoint(noStarts, lastAck, SETTLE_SECONDS * 1000, true);
    }

    // History events of a sample, spread over everything started.
    const connection = await Connection.connect({ address: infra.temporal.address });
    const client = new Client({ connection });
    const sample = Array.from(
      { length: Math.min(S, allIds.length) },
      (_, i) => allIds[Math.floor((i * allIds.length) / Math.min(S, allIds.length))]!,
    );
    const counts: number[] = [];
    for (const id of sample) {
      const history = await client.workflow.getHandle(trajectoryWorkflowId(id)).fetchHistory();
      counts.push(history.events?.length ?? 0);
    }
    await connection.close();
    const lifecycle = lifecycleEventsPerThreeYears();
    const history = {
      sample: counts.length,
      eventsAtIdleP50: percentile(counts, 50),
      eventsAtIdleMax: counts.length ? Math.max(...counts) : null,
      lifecycleEventsPerThreeYears: lifecycle.events,
      lifecycleSource: lifecycle.source,
      eventsPerTrajectoryYear: Math.round(lifecycle.events / 3),
    };
    console.log(
      `bench:idle: historie (steekproef ${counts.length}): ${history.eventsAtIdleP50} events na de start (max ${history.eventsAtIdleMax}); ` +
        `een hele levensloop ${lifecycle.events} events per drie jaar (${lifecycle.source}) → ≈ ${history.eventsPerTrajectoryYear} per traject-jaar`,
    );
    if (listErrors.length > 0) console.log(`  lijstfouten, bv. ${listErrors[0]}`);
    write({ ...result(), history, totalSeconds: (Date.now() - runStarted) / 1000 });
    console.log(`bench:idle: resultaten in ${path.relative(process.cwd(), RESULTS_PATH)}`);
    await pool.end();
    return 0;
  } finally {
    if (!stopping) await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:idle mislukt:', error);
    process.exit(1);
  },
);
