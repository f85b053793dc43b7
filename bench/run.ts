/**
 * `npm run bench`: throughput and latency of the trajectory workflow against a bare Temporal
 * baseline measured in the same run (developers' guide: performance is measured here, as
 * ratios, never asserted by timed tests). See bench/README.md for what each figure means.
 *
 *   npm run bench -- --trajectories 50 --signals 10 --queries 5
 *
 * Starts its own Temporal dev server and a throw-away PostgreSQL database (dropped at the
 * end), runs the baseline then the subject, each on its own task queue with its own worker,
 * prints a table and writes bench/results/latest.json. Loopback only; bounded by --max-seconds.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import pg from 'pg';
import pino from 'pino';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnv } from '../test/support/temporal';
import { createTestDatabase, type TestDatabase } from '../test/support/db';
import { createPrismaClient, type PrismaClient } from '../src/db/client';
import { createTrajectoryWorker, WORKFLOWS_PATH } from '../src/worker';
import { DEFAULT_GEMEENTEN, DEFAULT_POLICY } from '../src/domain/types';
import { loadConfig } from '../src/config';
import { buildDataConverter } from '../src/runtime/composition';
import { createApiKey } from '../src/api/auth/api-keys';
import {
  partnerEventSignal,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  TRAJECTORY_WORKFLOW_TYPE,
  trajectoryViewQuery,
  trajectoryWorkflowId,
  type TrajectoryInput,
  type TrajectoryView,
  type UrenEvent,
} from '../src/workflows/trajectory/messages';
import {
  baselineDecisionUpdate,
  baselineEventSignal,
  baselineViewQuery,
  type BaselineEvent,
  type BaselineInput,
  type BaselineView,
} from './baseline-workflow';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const BASELINE_WORKFLOW_PATH = path.join(BENCH_DIR, 'baseline-workflow.ts');
const API_APP_PATH = path.join(BENCH_DIR, '..', 'src', 'api', 'app.ts');
const RESULTS_PATH = path.join(BENCH_DIR, 'results', 'latest.json');

// --- parameters --------------------------------------------------------------------------

interface Params {
  /** K: workflows per target. */
  trajectories: number;
  /** M: partner events (signals) per workflow. */
  signals: number;
  /** Q: queries per workflow. */
  queries: number;
  /** Client calls in flight at once (per phase). */
  concurrency: number;
  /** Which decision Update the subject gets. */
  update: 'consent' | 'warme-overdracht';
  /** Longest wait for the projection to catch up, per wait. */
  projectionTimeoutSeconds: number;
  /** Hard limit on the whole run (it stops itself, cleans up and exits 2). */
  maxSeconds: number;
  /** API throughput comparison: 'auto' (when src/api/app.ts exists) or 'off'. */
  api: 'auto' | 'off';
  /** Warm-up workflows per target before measuring (not counted). */
  warmup: number;
  /** Alternating baseline/subject rounds; the table shows medians. */
  rounds: number;
}

const LIMITS: Record<'trajectories' | 'signals' | 'queries' | 'concurrency', number> = {
  trajectories: 500,
  signals: 200,
  queries: 100,
  concurrency: 64,
};

function parseParams(argv: string[]): Params {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`onbekend argument: ${arg}\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} mist een waarde`);
    flags.set(name, value);
  }
  const known = new Set([
    'trajectories',
    'signals',
    'queries',
    'concurrency',
    'update',
    'projection-timeout',
    'max-seconds',
    'api',
    'warmup',
    'rounds',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`onbekende optie --${name}\n${USAGE}`);

  const get = (name: string, env: string, fallback: string) => flags.get(name) ?? process.env[env] ?? fallback;
  const int = (name: string, env: string, fallback: number, min: number, max: number) => {
    const raw = get(name, env, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} (${env}) moet een geheel getal van ${min} t/m ${max} zijn, niet "${raw}"`);
    }
    return value;
  };
  const update = get('update', 'BENCH_UPDATE', 'consent');
  if (update !== 'consent' && update !== 'warme-overdracht') throw new Error(`--update: consent of warme-overdracht`);
  const api = get('api', 'BENCH_API', 'auto');
  if (api !== 'auto' && api !== 'off') throw new Error(`--api: auto of off`);
  return {
    trajectories: int('trajectories', 'BENCH_TRAJECTORIES', 30, 1, LIMITS.trajectories),
    signals: int('signals', 'BENCH_SIGNALS', 10, 1, LIMITS.signals),
    queries: int('queries', 'BENCH_QUERIES', 5, 1, LIMITS.queries),
    concurrency: int('concurrency', 'BENCH_CONCURRENCY', 8, 1, LIMITS.concurrency),
    update,
    projectionTimeoutSeconds: int('projection-timeout', 'BENCH_PROJECTION_TIMEOUT', 20, 1, 600),
    maxSeconds: int('max-seconds', 'BENCH_MAX_SECONDS', 300, 30, 3600),
    api,
    warmup: int('warmup', 'BENCH_WARMUP', 2, 0, 20),
    rounds: int('rounds', 'BENCH_ROUNDS', 3, 1, 10),
  };
}

const USAGE = `Gebruik: npm run bench -- [opties]   (elk ook als omgevingsvariabele)
  --trajectories K     workflows per doel (BENCH_TRAJECTORIES, standaard 30, max ${LIMITS.trajectories})
  --signals M          partner-events per workflow (BENCH_SIGNALS, standaard 10, max ${LIMITS.signals})
  --queries Q          queries per workflow (BENCH_QUERIES, standaard 5, max ${LIMITS.queries})
  --concurrency C      gelijktijdige client-aanroepen (BENCH_CONCURRENCY, standaard 8)
  --update U           consent | warme-overdracht (BENCH_UPDATE, standaard consent)
  --projection-timeout S  max wachten op de projectie (BENCH_PROJECTION_TIMEOUT, standaard 20)
  --max-seconds S      harde grens voor de hele run (BENCH_MAX_SECONDS, standaard 300)
  --api auto|off       API-doorvoer meten als src/api/app.ts bestaat (BENCH_API, standaard auto)
  --warmup N           opwarm-workflows per doel, niet meegeteld (BENCH_WARMUP, standaard 2)
  --rounds R           afwisselende rondes baseline/subject, tabel = mediaan (BENCH_ROUNDS, standaard 3)`;

// --- small helpers -----------------------------------------------------------------------

const now = () => performance.now();

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; errors are counted, not thrown. */
async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
  errors: ErrorLog,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await fn(items[index]!, index);
      } catch (error) {
        errors.add(error);
      }
    }
  });
  await Promise.all(lanes);
}

class ErrorLog {
  count = 0;
  readonly samples: string[] = [];
  add(error: unknown): void {
    this.count++;
    if (this.samples.length < 3) {
      const cause = error instanceof WorkflowUpdateFailedError && error.cause ? ` (${error.cause.message})` : '';
      this.samples.push(
        `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${cause}`.slice(0, 300),
      );
    }
  }
}

/**
 * SDK warnings and errors (e.g. failing activities, which retry) are counted, not dumped:
 * the first of each kind is printed in one line, the counts go into the summary.
 */
class SdkLog {
  readonly counts = new Map<string, number>();
  private printed = 0;
  readonly log = (entry: LogEntry): void => {
    const meta = (entry.meta ?? {}) as Record<string, unknown>;
    const error = meta.error as { message?: unknown } | undefined;
    const what = [meta.activityType, meta.workflowType].filter(Boolean).join('/');
    const key = `${entry.level} ${entry.message}${what ? ` [${what}]` : ''}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count === 1 && this.printed < 8) {
      this.printed++;
      const detail =
        typeof error?.message === 'string' ? `: ${error.message.split('\n').find((line) => line.trim()) ?? ''}` : '';
      console.error(`  [sdk ${entry.level}] ${key}${detail}`.slice(0, 400));
    }
  };
  summary(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loadAverage(): [number, number, number] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100) as [number, number, number];
}

// --- what one target (baseline or subject) must provide ----------------------------------

/** One benchmark target: how to start, signal, query and update one workflow. */
interface Target<H> {
  name: 'baseline' | 'subject';
  start(id: string): Promise<H>;
  signal(handle: H, id: string, index: number): Promise<void>;
  query(handle: H): Promise<{ stateVersion: number }>;
  update(handle: H): Promise<{ stateVersion: number }>;
  /**
   * Which of `items` already show their last signal (baseline: in the query; subject: in the
   * projection row), with the time (performance.now()) it was seen.
   */
  visible(items: Array<{ id: string; handle: H }>, signals: number): Promise<Map<string, number>>;
  /** Resolves when the update's effect is durable (baseline: workflow result; subject: projection ≥ stateVersion). */
  waitDurable(
    items: Array<{ id: string; handle: H; stateVersion: number }>,
    deadline: number,
  ): Promise<Map<string, number>>;
}

interface PhaseFigures {
  workflows: number;
  signalsPerWorkflow: number;
  queriesPerWorkflow: number;
  startSeconds: number;
  startsPerSecond: number;
  startLatencyP50Ms: number | null;
  startLatencyP95Ms: number | null;
  signalSeconds: number;
  signalsPerSecond: number;
  signalLatencyP50Ms: number | null;
  signalLatencyP95Ms: number | null;
  /** Signal phase start → last event visible for every workflow. */
  signalsVisibleSeconds: number | null;
  signalsProcessedPerSecond: number | null;
  /** Last signal acknowledged → visible, per workflow. */
  visibilityLagP50Ms: number | null;
  visibilityLagP95Ms: number | null;
  visibilityTimeouts: number;
  queryLatencyP50Ms: number | null;
  queryLatencyP95Ms: number | null;
  updateLatencyP50Ms: number | null;
  updateLatencyP95Ms: number | null;
  durableTimeouts: number;
  /** Update acknowledged → durable (subject: projection row has the update's stateVersion). */
  durableLagP50Ms: number | null;
  durableLagP95Ms: number | null;
  endToEndSeconds: number;
  errors: Record<string, { count: number; samples: string[] }>;
  loadAverageAfter: [number, number, number];
}

async function runScenario<H>(
  target: Target<H>,
  ids: string[],
  params: Params,
  signalsPerWorkflow: number,
  queriesPerWorkflow: number,
): Promise<PhaseFigures> {
  const errors = {
    start: new ErrorLog(),
    signal: new ErrorLog(),
    visible: new ErrorLog(),
    query: new ErrorLog(),
    update: new ErrorLog(),
  };
  const started: Array<{ id: string; handle: H }> = [];
  const t0 = now();

  // 1. starts
  const startLatencies: number[] = [];
  await pool(
    ids,
    params.concurrency,
    async (id) => {
      const t = now();
      const handle = await target.start(id);
      startLatencies.push(now() - t);
      started.push({ id, handle });
    },
    errors.start,
  );
  const t1 = now();

  // 2. signals: each workflow gets its events in order, workflows in parallel
  // A watcher checks, every 20 ms, the workflows whose last signal is acknowledged (so the
  // lag is measured from that ack, not from the end of the whole phase).
  const signalLatencies: number[] = [];
  const lastAck = new Map<string, number>();
  const acked: Array<{ id: string; handle: H }> = [];
  const visible = new Map<string, number>();
  let signalsDone = false;
  const watcher = (async () => {
    let deadline = Infinity;
    for (;;) {
      const candidates = acked.filter(({ id }) => !visible.has(id));
      if (candidates.length > 0) {
        try {
          for (const [id, at] of await target.visible(candidates, signalsPerWorkflow)) visible.set(id, at);
        } catch (error) {
          errors.visible.add(error);
        }
      }
      if (signalsDone) {
        if (deadline === Infinity) deadline = now() + params.projectionTimeoutSeconds * 1000;
        if (acked.every(({ id }) => visible.has(id)) || now() >= deadline) return;
      }
      await sleep(20);
    }
  })();
  await pool(
    started,
    params.concurrency,
    async (item) => {
      for (let j = 0; j < signalsPerWorkflow; j++) {
        const t = now();
        await target.signal(item.handle, item.id, j);
        const done = now();
        signalLatencies.push(done - t);
        if (j === signalsPerWorkflow - 1) {
          lastAck.set(item.id, done);
          acked.push(item);
        }
      }
    },
    errors.signal,
  );
  const t2 = now();
  signalsDone = true;
  await watcher;
  const t3 = Math.max(t2, ...visible.values());
  const visibilityLags = [...visible].flatMap(([id, at]) =>
    lastAck.has(id) ? [Math.max(0, at - lastAck.get(id)!)] : [],
  );
  const allVisible = visible.size === started.length && started.length > 0;

  // 3. queries
  const queryLatencies: number[] = [];
  await pool(
    started,
    params.concurrency,
    async ({ handle }) => {
      for (let q = 0; q < queriesPerWorkflow; q++) {
        const t = now();
        await target.query(handle);
        queryLatencies.push(now() - t);
      }
    },
    errors.query,
  );

  // 4. one decision update each
  const updateLatencies: number[] = [];
  const updated: Array<{ id: string; handle: H; stateVersion: number; ackAt: number }> = [];
  await pool(
    started,
    params.concurrency,
    async ({ id, handle }) => {
      const t = now();
      try {
        const view = await target.update(handle);
        const ackAt = now();
        updated.push({ id, handle, stateVersion: view.stateVersion, ackAt });
      } finally {
        updateLatencies.push(now() - t);
      }
    },
    errors.update,
  );

  // 5. durable
  const durable = await target.waitDurable(updated, now() + params.projectionTimeoutSeconds * 1000);
  const t5 = now();
  const durableLags = updated.flatMap((item) =>
    durable.has(item.id) ? [Math.max(0, durable.get(item.id)! - item.ackAt)] : [],
  );

  const seconds = (ms: number) => ms / 1000;
  const signalCount = signalLatencies.length;
  return {
    workflows: started.length,
    signalsPerWorkflow,
    queriesPerWorkflow,
    startSeconds: seconds(t1 - t0),
    startsPerSecond: started.length / seconds(t1 - t0),
    startLatencyP50Ms: percentile(startLatencies, 50),
    startLatencyP95Ms: percentile(startLatencies, 95),
    signalSeconds: seconds(t2 - t1),
    signalsPerSecond: signalCount / seconds(t2 - t1),
    signalLatencyP50Ms: percentile(signalLatencies, 50),
    signalLatencyP95Ms: percentile(signalLatencies, 95),
    signalsVisibleSeconds: allVisible ? seconds(t3 - t1) : null,
    signalsProcessedPerSecond: allVisible ? signalCount / seconds(t3 - t1) : null,
    visibilityLagP50Ms: percentile(visibilityLags, 50),
    visibilityLagP95Ms: percentile(visibilityLags, 95),
    visibilityTimeouts: started.length - visible.size,
    queryLatencyP50Ms: percentile(queryLatencies, 50),
    queryLatencyP95Ms: percentile(queryLatencies, 95),
    updateLatencyP50Ms: percentile(updateLatencies, 50),
    updateLatencyP95Ms: percentile(updateLatencies, 95),
    durableTimeouts: updated.length - durable.size,
    durableLagP50Ms: percentile(durableLags, 50),
    durableLagP95Ms: percentile(durableLags, 95),
    endToEndSeconds: seconds(t5 - t0),
    errors: Object.fromEntries(
      Object.entries(errors)
        .filter(([, log]) => log.count > 0)
        .map(([phase, log]) => [phase, { count: log.count, samples: log.samples }]),
    ),
    loadAverageAfter: loadAverage(),
  };
}

/** Median of each figure over the rounds (errors and timeouts summed). */
function summarize(rounds: PhaseFigures[]): PhaseFigures | null {
  const first = rounds[0];
  if (!first) return null;
  const median = (values: Array<number | null>): number | null => {
    const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return present.length === values.length ? percentile(present, 50) : null;
  };
  const out: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(first)) {
    if (typeof value === 'number' || value === null)
      out[key] = median(rounds.map((r) => r[key as keyof PhaseFigures] as number | null));
  }
  out.visibilityTimeouts = rounds.reduce((sum, r) => sum + r.visibilityTimeouts, 0);
  out.durableTimeouts = rounds.reduce((sum, r) => sum + r.durableTimeouts, 0);
  const errors: PhaseFigures['errors'] = {};
  for (const r of rounds) {
    for (const [phase, log] of Object.entries(r.errors)) {
      const into = (errors[phase] ??= { count: 0, samples: [] });
      into.count += log.count;
      into.samples.push(...log.samples.slice(0, 3 - into.samples.length));
    }
  }
  out.errors = errors;
  out.loadAverageAfter = rounds[rounds.length - 1]!.loadAverageAfter;
  return out as unknown as PhaseFigures;
}

/** Lowest and highest subject/baseline ratio of `key` over rounds paired in order. */
function ratioRange(
  baseline: PhaseFigures[],
  subject: PhaseFigures[],
  key: keyof PhaseFigures,
): [number, number] | null {
  const ratios = subject.flatMap((s, i) => {
    const b = baseline[i]?.[key];
    const v = s[key];
    return typeof b === 'number' && typeof v === 'number' && b > 0 ? [v / b] : [];
  });
  return ratios.length > 1 ? [Math.min(...ratios), Math.max(...ratios)] : null;
}

// --- baseline ----------------------------------------------------------------------------

function baselineTarget(
  client: Client,
  taskQueue: string,
  expected: { signals: number },
  concurrency: number,
): Target<WorkflowHandle> {
  return {
    name: 'baseline',
    start(id) {
      const input: BaselineInput = { id, expectedSignals: expected.signals };
      return client.workflow.start('baselineWorkflow', {
        taskQueue,
        workflowId: `bench-baseline-${id}`,
        args: [input],
      });
    },
    async signal(handle, id, index) {
      const event: BaselineEvent = {
        eventId: `${id}-uren-${index}`,
        occurredOn: isoDaysAgo(1),
        type: 'UREN',
        kind: 'TAAL_KNM',
        hours: 1,
      };
      await handle.signal(baselineEventSignal, event);
    },
    query: (handle) => handle.query(baselineViewQuery),
    update: (handle) => handle.executeUpdate(baselineDecisionUpdate, { args: [{ date: isoDaysAgo(1) }] }),
    async visible(items, signals) {
      // The bare workflow has no read model: "visible" = its query shows the last event.
      const seen = new Map<string, number>();
      const errors = new ErrorLog();
      await pool(
        items,
        concurrency,
        async ({ id, handle }) => {
          const view: BaselineView = await handle.query(baselineViewQuery);
          if (view.signals >= signals) seen.set(id, now());
        },
        errors,
      );
      if (errors.count > 0 && seen.size === 0) throw new Error(errors.samples[0]);
      return seen;
    },
    async waitDurable(items, deadline) {
      const done = new Map<string, number>();
      const timeout = sleep(Math.max(0, deadline - now())).then(() => 'timeout' as const);
      await Promise.all(
        items.map(async ({ id, handle }) => {
          const outcome = await Promise.race([handle.result().then(() => 'done' as const), timeout]);
          if (outcome === 'done') done.set(id, now());
        }),
      );
      return done;
    },
  };
}

// --- subject -----------------------------------------------------------------------------

/**
 * A valid input as in the workflow tests: a gezinsmigrant starting at the brede intake, or
 * (for the warme-overdracht update, which needs it) an asielstatushouder starting at koppeling.
 */
export function benchTrajectoryInput(trajectoryId: string, updateKind: Params['update'] = 'consent'): TrajectoryInput {
  const asiel = updateKind === 'warme-overdracht';
  return {
    trajectoryId,
    gemeente: DEFAULT_GEMEENTEN[0],
    policy: DEFAULT_POLICY,
    servedGemeenten: [...DEFAULT_GEMEENTEN],
    targetGroup: asiel ? 'asielstatushouder' : 'gezinsmigrant',
    ondertussengroep: false,
    onBijstand: asiel,
    consulentId: 'consulent-bench',
    dates: { inschrijving: isoDaysAgo(14), vestiging: isoDaysAgo(14), plichtStart: isoDaysAgo(14) },
  };
}

function subjectTarget(
  client: Client,
  taskQueue: string,
  pgClient: pg.Client,
  prisma: PrismaClient,
  updateKind: Params['update'],
): Target<WorkflowHandle> {
  return {
    name: 'subject',
    async start(id) {
      // As the API starts a trajectory (src/api/trajectories/start-trajectory.ts): first the
      // minimal Trajectory row (stateVersion 0; tasks reference it), then the workflow.
      const input = benchTrajectoryInput(id, updateKind);
      const workflowId = trajectoryWorkflowId(id);
      await prisma.trajectory.createMany({
        data: [
          {
            id,
            workflowId,
            gemeente: input.gemeente,
            targetGroup: input.targetGroup,
            ondertussengroep: input.ondertussengroep,
            onBijstand: input.onBijstand,
            phase: input.targetGroup === 'asielstatushouder' ? 'KOPPELING' : 'BREDE_INTAKE',
            consulentId: input.consulentId ?? null,
            stateVersion: 0,
          },
        ],
        skipDuplicates: true,
      });
      return client.workflow.start(TRAJECTORY_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    },
    async signal(handle, id, index) {
      const event: UrenEvent = {
        eventId: `${id}-uren-${index}`,
        occurredOn: isoDaysAgo(1),
        type: 'UREN',
        kind: 'TAAL_KNM',
        hours: 1,
      };
      await handle.signal(partnerEventSignal, event);
    },
    query: (handle) => handle.query(trajectoryViewQuery),
    update(handle): Promise<TrajectoryView> {
      return updateKind === 'consent'
        ? handle.executeUpdate(recordConsentUpdate, {
            args: [{ date: isoDaysAgo(1), scope: ['TAALAANBIEDER', 'DUO'] }],
          })
        : handle.executeUpdate(recordWarmeOverdrachtUpdate, {
            args: [{ date: isoDaysAgo(1), form: 'VIDEO', backgroundHandedOver: true }],
          });
    },
    async visible(items, signals) {
      // The projection row reflects the last event when its timeline names the event id, or
      // (timeline trimmed / hours only) when the summed TAAL_KNM hours reach M.
      return pollProjection(
        pgClient,
        0,
        items.map(({ id }) => ({ id, value: `${id}-uren-${signals - 1}` })),
        `
        SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::text[]) AS p(id, ev) ON t.id = p.id
        WHERE t.state->'timeline' @> jsonb_build_array(jsonb_build_object('eventId', p.ev))
           OR COALESCE((t.state->'modules'->'hours'->>'TAAL_KNM')::numeric, 0) >= ${Number(signals)}`,
      );
    },
    async waitDurable(items, deadline) {
      return pollProjection(
        pgClient,
        deadline,
        items.map(({ id, stateVersion }) => ({ id, value: String(stateVersion) })),
        `
        SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::int[]) AS p(id, v) ON t.id = p.id
        WHERE t."stateVersion" >= p.v`,
      );
    },
  };
}

/** Polls `sql` (params: ids, values) every 20 ms until every id is returned or the deadline passes. */
async function pollProjection(
  pgClient: pg.Client,
  deadline: number,
  pending: Array<{ id: string; value: string }>,
  sql: string,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let rest = pending;
  while (rest.length > 0) {
    const res = await pgClient.query<{ id: string }>(sql, [rest.map((p) => p.id), rest.map((p) => p.value)]);
    const at = now();
    for (const row of res.rows) seen.set(row.id, at);
    rest = rest.filter((p) => !seen.has(p.id));
    if (rest.length === 0 || at >= deadline) break;
    await sleep(20);
  }
  return seen;
}

// --- API (optional second ratio) ---------------------------------------------------------

interface ApiFigures {
  status: 'measured' | 'skipped';
  note: string;
  events?: number;
  /** First POST → last 202. */
  seconds?: number;
  eventsPerSecond?: number;
  latencyP50Ms?: number | null;
  latencyP95Ms?: number | null;
  /** First POST → every projection row shows all API events (null: not within the timeout). */
  processedSeconds?: number | null;
  processedPerSecond?: number | null;
  errors?: { count: number; samples: string[] };
}

interface ApiContext {
  params: Params;
  databaseUrl: string;
  prisma: PrismaClient;
  temporal: Client;
  pgClient: pg.Client;
  /** Subject trajectories that already got M direct signals. */
  trajectoryIds: string[];
}

/**
 * POST /partner/trajectories/:id/events on a real listener (127.0.0.1, ephemeral port) for the
 * subject's trajectories: M UREN events each, one Idempotency-Key per event, as a
 * TAALAANBIEDER partner assigned to them. The rate limit is raised for the run (the default,
 * 600 per minute per key, would otherwise be what we measure).
 */
async function measureApi(ctx: ApiContext): Promise<ApiFigures> {
  const { params } = ctx;
  if (params.api === 'off') return { status: 'skipped', note: 'uitgezet met --api off' };
  if (!existsSync(API_APP_PATH)) return { status: 'skipped', note: 'src/api/app.ts bestaat (nog) niet' };
  let createApp: (deps: Record<string, unknown>) => Express;
  try {
    const mod = (await import(pathToFileURL(API_APP_PATH).href)) as { createApp?: unknown };
    if (typeof mod.createApp !== 'function')
      return { status: 'skipped', note: 'src/api/app.ts exporteert (nog) geen createApp' };
    createApp = mod.createApp as typeof createApp;
  } catch (error) {
    return { status: 'skipped', note: `src/api/app.ts laden mislukt: ${firstLine(error)}` };
  }
  const existing = await ctx.pgClient.query<{ id: string }>(`SELECT id FROM "Trajectory" WHERE id = ANY($1::text[])`, [
    ctx.trajectoryIds,
  ]);
  const ids = existing.rows.map((row) => row.id).sort();
  if (ids.length === 0)
    return { status: 'skipped', note: 'geen geprojecteerde trajecten in PostgreSQL: de API zou 404 geven' };

  const partnerId = 'bench-taalaanbieder';
  await ctx.prisma.partner.upsert({
    where: { id: partnerId },
    create: { id: partnerId, kind: 'TAALAANBIEDER', name: 'Benchmark' },
    update: {},
  });
  await ctx.prisma.partnerAssignment.createMany({
    data: ids.map((trajectoryId) => ({ partnerId, trajectoryId })),
    skipDuplicates: true,
  });
  const { token } = await createApiKey(ctx.prisma, { subject: 'bench', role: 'partner', gemeente: null, partnerId });

  // The API process's own pool, like in production.
  const apiPrisma = createPrismaClient(ctx.databaseUrl);
  let server: Server | undefined;
  try {
    const app = createApp({
      config: loadConfig(),
      prisma: apiPrisma,
      temporal: ctx.temporal,
      logger: pino({ level: 'silent' }),
      databaseUrl: ctx.databaseUrl,
      rateLimit: { windowMs: 60_000, limit: 1_000_000 },
    });
    server = await new Promise<Server>((resolve, reject) => {
      const listening = createServer(app).listen(0, '127.0.0.1', () => resolve(listening));
      listening.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const errors = new ErrorLog();
    const latencies: number[] = [];
    const t0 = now();
    await pool(
      ids,
      params.concurrency,
      async (id) => {
        for (let j = 0; j < params.signals; j++) {
          const t = now();
          const response = await fetch(
            `http://127.0.0.1:${port}/partner/trajectories/${encodeURIComponent(id)}/events`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': `${id}-api-${j}`,
              },
              body: JSON.stringify({ type: 'UREN', occurredOn: isoDaysAgo(1), kind: 'TAAL_KNM', hours: 1 }),
            },
          );
          const text = await response.text();
          latencies.push(now() - t);
          if (response.status !== 202) errors.add(new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`));
        }
      },
      errors,
    );
    const t1 = now();
    // Processed: the projection shows the direct M hours plus the M hours posted here.
    const target = 2 * params.signals;
    const seen = await pollProjection(
      ctx.pgClient,
      now() + params.projectionTimeoutSeconds * 1000,
      ids.map((id) => ({ id, value: String(target) })),
      `SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::numeric[]) AS p(id, h) ON t.id = p.id
       WHERE COALESCE((t.state->'modules'->'hours'->>'TAAL_KNM')::numeric, 0) >= p.h`,
    );
    const processed = seen.size === ids.length ? Math.max(t1, ...seen.values()) - t0 : null;
    const events = latencies.length;
    return {
      status: 'measured',
      note: `${ids.length} trajecten × ${params.signals} POSTs, ${params.concurrency} tegelijk, rate limit opgehoogd`,
      events,
      seconds: (t1 - t0) / 1000,
      eventsPerSecond: events / ((t1 - t0) / 1000),
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      processedSeconds: processed === null ? null : processed / 1000,
      processedPerSecond: processed === null ? null : events / (processed / 1000),
      ...(errors.count > 0 ? { errors: { count: errors.count, samples: errors.samples } } : {}),
    };
  } finally {
    if (server) {
      const closing = server;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    }
    await apiPrisma.$disconnect().catch(() => undefined);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

// --- output ------------------------------------------------------------------------------

type Row = {
  label: string;
  baseline: number | null;
  subject: number | null;
  unit: string;
  better: 'higher' | 'lower';
  ratio?: boolean;
  /** Lowest and highest per-round ratio (rounds paired in order). */
  range?: [number, number] | null;
};

function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

function printTable(rows: Row[], header = ['metric', 'baseline', 'subject', 'subject/baseline']): void {
  const withRange = rows.some((row) => row.range);
  if (withRange) header = [...header, 'per-round range'];
  const lines = rows.map((row) => {
    const ratio =
      row.ratio === false || row.baseline === null || row.subject === null || row.baseline === 0
        ? null
        : row.subject / row.baseline;
    const cells = [
      `${row.label} (${row.unit}, ${row.better} is better)`,
      fmt(row.baseline),
      fmt(row.subject),
      ratio === null ? '—' : `${ratio.toFixed(2)}×`,
    ];
    if (withRange)
      cells.push(ratio !== null && row.range ? `${row.range[0].toFixed(2)}–${row.range[1].toFixed(2)}×` : '');
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
}

// --- main --------------------------------------------------------------------------------

interface Cleanup {
  env?: TestWorkflowEnvironment;
  db?: TestDatabase;
  pgClient?: pg.Client;
  workerPrisma?: PrismaClient;
  workers: Array<{ worker: Worker; running: Promise<void> }>;
}

async function cleanup(state: Cleanup): Promise<void> {
  for (const { worker, running } of state.workers.splice(0)) {
    try {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    } catch {
      // Reported where it happened.
    }
  }
  await state.pgClient?.end().catch(() => undefined);
  await state.workerPrisma?.$disconnect().catch(() => undefined);
  await state.db?.drop().catch((error: unknown) => console.error('database opruimen mislukt:', error));
  await state.env?.teardown().catch((error: unknown) => console.error('Temporal dev server stoppen mislukt:', error));
}

async function main(): Promise<number> {
  const params = parseParams(process.argv.slice(2));
  const runStarted = now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  const cpuAtStart = process.cpuUsage();
  console.log(
    `bench: K=${params.trajectories} workflows, M=${params.signals} signals, Q=${params.queries} queries, concurrency ${params.concurrency}, ${params.rounds} rounds, ` +
      `node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), load ${loadAtStart.join(' / ')} (1/5/15 min)`,
  );

  // Quiet SDK logs: warnings and errors only (the table is the output).
  const sdkLog = new SdkLog();
  Runtime.install({ logger: new DefaultLogger('WARN', sdkLog.log) });

  const state: Cleanup = { workers: [] };
  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.error(`bench: ${reason}; opruimen…`);
    void cleanup(state).finally(() => process.exit(code));
  };
  const watchdog = setTimeout(
    () => stop(`tijdslimiet van ${params.maxSeconds} s bereikt`, 2),
    params.maxSeconds * 1000,
  );
  watchdog.unref();
  process.once('SIGINT', () => stop('SIGINT', 130));
  process.once('SIGTERM', () => stop('SIGTERM', 143));

  const loadSamples: number[] = [loadAtStart[0]];
  const sampler = setInterval(() => loadSamples.push(loadAverage()[0]), 5_000);
  sampler.unref();

  try {
    const setupStarted = now();
    [state.env, state.db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    const env = state.env;
    const db = state.db;
    state.pgClient = new pg.Client({ connectionString: db.url });
    await state.pgClient.connect();
    const namespace = env.namespace ?? 'default';
    const client = env.client;
    const runId = randomBytes(3).toString('hex');
    console.log(
      `bench: Temporal dev server ${env.address} en database klaar in ${((now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const ids = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${runId}-${String(i).padStart(4, '0')}`);

    // Workers: both bundled and running before any measurement; only one target gets
    // traffic at a time (an idle worker only long-polls).
    const baselineQueue = `bench-baseline-${runId}`;
    const bundleStarted = now();
    const baselineWorker = await Worker.create({
      connection: env.nativeConnection,
      namespace,
      taskQueue: baselineQueue,
      workflowsPath: BASELINE_WORKFLOW_PATH,
    });
    const baselineBundleSeconds = (now() - bundleStarted) / 1000;
    state.workers.push({ worker: baselineWorker, running: baselineWorker.run() });
    const expected = { signals: 2 };
    const baseline = baselineTarget(client, baselineQueue, expected, params.concurrency);

    let subject: Target<WorkflowHandle> | null = null;
    let subjectNote: string | null = null;
    let subjectBundleSeconds: number | null = null;
    let subjectClient: Client = client;
    if (!existsSync(WORKFLOWS_PATH)) {
      subjectNote = `${path.relative(process.cwd(), WORKFLOWS_PATH)} bestaat (nog) niet: subject niet gemeten`;
    } else {
      const subjectQueue = `bench-subject-${runId}`;
      // Its own pool, like the worker process in production (pg default: 10 connections).
      state.workerPrisma = createPrismaClient(db.url);
      const subjectStarted = now();
      try {
        // The subject is the service as deployed: payloads encrypted by the codec on worker and
        // client alike; the baseline is bare Temporal with the default converter.
        const subjectConfig = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
        const dataConverter = buildDataConverter(subjectConfig);
        subjectClient = new Client({ connection: env.connection, namespace, dataConverter });
        const subjectWorker = await createTrajectoryWorker({
          address: env.address,
          namespace,
          taskQueue: subjectQueue,
          prisma: state.workerPrisma,
          config: subjectConfig,
          dataConverter,
        });
        subjectBundleSeconds = (now() - subjectStarted) / 1000;
        state.workers.push({ worker: subjectWorker, running: subjectWorker.run() });
        subject = subjectTarget(subjectClient, subjectQueue, state.pgClient, db.prisma, params.update);
      } catch (error) {
        subjectNote = `subject-worker starten mislukt: ${firstLine(error)}`;
      }
    }

    if (params.warmup > 0) {
      await runScenario(baseline, ids('warm-base', params.warmup), params, 2, 1);
      if (subject) await runScenario(subject, ids('warm-subj', params.warmup), params, 2, 1);
    }
    expected.signals = params.signals;

    // Rounds: baseline and subject alternate, so a burst of load elsewhere hits both.
    const baselineRounds: PhaseFigures[] = [];
    const subjectRounds: PhaseFigures[] = [];
    let lastSubjectIds: string[] = [];
    for (let round = 1; round <= params.rounds; round++) {
      console.log(`bench: ronde ${round}/${params.rounds}: baseline …`);
      baselineRounds.push(
        await runScenario(baseline, ids(`base-r${round}`, params.trajectories), params, params.signals, params.queries),
      );
      if (!subject) continue;
      console.log(`bench: ronde ${round}/${params.rounds}: subject …`);
      lastSubjectIds = ids(`subj-r${round}`, params.trajectories);
      const figures = await runScenario(subject, lastSubjectIds, params, params.signals, params.queries);
      subjectRounds.push(figures);
      if (figures.workflows > 0 && figures.visibilityTimeouts === figures.workflows) {
        console.log(
          `bench: geen enkele projectie bijgewerkt binnen ${params.projectionTimeoutSeconds} s: verdere rondes overgeslagen`,
        );
        break;
      }
    }

    let apiFigures: ApiFigures = { status: 'skipped', note: 'subject niet gemeten' };
    if (subject && subjectRounds.length > 0) {
      try {
        apiFigures = await measureApi({
          params,
          databaseUrl: db.url,
          prisma: db.prisma,
          temporal: subjectClient,
          pgClient: state.pgClient,
          trajectoryIds: lastSubjectIds,
        });
      } catch (error) {
        apiFigures = { status: 'skipped', note: `API-meting mislukt: ${firstLine(error)}` };
      }
    }
    for (const { worker, running } of state.workers.splice(0)) {
      worker.shutdown();
      await running.catch((error: unknown) => console.error(`worker stoppen: ${firstLine(error)}`));
      if (worker.connection !== env.nativeConnection) await worker.connection?.close().catch(() => undefined);
    }
    const baselineFigures = summarize(baselineRounds)!;
    const subjectFigures = summarize(subjectRounds);

    // Report
    const b = baselineFigures;
    const s = subjectFigures;
    const metric = (
      label: string,
      key: keyof PhaseFigures,
      unit: string,
      better: Row['better'],
      ratio = true,
    ): Row => ({
      label,
      baseline: b[key] as number | null,
      subject: (s?.[key] ?? null) as number | null,
      unit,
      better,
      ratio,
      range: ratio ? ratioRange(baselineRounds, subjectRounds, key) : null,
    });
    const rows: Row[] = [
      metric('workflow starts/s', 'startsPerSecond', '1/s', 'higher'),
      metric('signals/s (acknowledged)', 'signalsPerSecond', '1/s', 'higher'),
      metric('signals/s (processed, visible)', 'signalsProcessedPerSecond', '1/s', 'higher'),
      metric('signal latency p50', 'signalLatencyP50Ms', 'ms', 'lower'),
      metric('signal latency p95', 'signalLatencyP95Ms', 'ms', 'lower'),
      metric('query latency p50', 'queryLatencyP50Ms', 'ms', 'lower'),
      metric('query latency p95', 'queryLatencyP95Ms', 'ms', 'lower'),
      metric('update latency p50', 'updateLatencyP50Ms', 'ms', 'lower'),
      metric('update latency p95', 'updateLatencyP95Ms', 'ms', 'lower'),
      metric('last event visible lag p50', 'visibilityLagP50Ms', 'ms', 'lower', false),
      metric('last event visible lag p95', 'visibilityLagP95Ms', 'ms', 'lower', false),
      metric('update durable lag p50', 'durableLagP50Ms', 'ms', 'lower', false),
      metric('update durable lag p95', 'durableLagP95Ms', 'ms', 'lower', false),
      metric('end-to-end', 'endToEndSeconds', 's', 'lower'),
    ];
    console.log('');
    printTable(rows);
    console.log(
      '  visible lag: baseline = last signal acked → query shows it; subject = last signal acked → projection row in PostgreSQL shows it (projection lag).\n' +
        '  durable lag: baseline = update acked → workflow completed; subject = update acked → projection row has its stateVersion.\n' +
        '  No ratio for the lags: they measure different things.',
    );
    if (subjectNote) console.log(`  subject: ${subjectNote}`);
    for (const [name, figures] of [
      ['baseline', b],
      ['subject', s],
    ] as const) {
      if (!figures) continue;
      for (const [phase, log] of Object.entries(figures.errors))
        console.log(`  ${name} ${phase}: ${log.count} fout(en), bv. ${log.samples[0]}`);
      if (figures.visibilityTimeouts > 0)
        console.log(
          `  ${name}: ${figures.visibilityTimeouts} workflow(s) niet zichtbaar bijgewerkt binnen ${params.projectionTimeoutSeconds} s`,
        );
      if (figures.durableTimeouts > 0)
        console.log(
          `  ${name}: ${figures.durableTimeouts} update(s) niet duurzaam binnen ${params.projectionTimeoutSeconds} s`,
        );
    }
    if (apiFigures.status === 'measured' && s) {
      console.log('');
      printTable(
        [
          {
            label: 'partner events/s (acknowledged)',
            baseline: s.signalsPerSecond,
            subject: apiFigures.eventsPerSecond ?? null,
            unit: '1/s',
            better: 'higher',
          },
          {
            label: 'partner events/s (processed, projection)',
            baseline: s.signalsProcessedPerSecond,
            subject: apiFigures.processedPerSecond ?? null,
            unit: '1/s',
            better: 'higher',
          },
          {
            label: 'latency p50',
            baseline: s.signalLatencyP50Ms,
            subject: apiFigures.latencyP50Ms ?? null,
            unit: 'ms',
            better: 'lower',
          },
          {
            label: 'latency p95',
            baseline: s.signalLatencyP95Ms,
            subject: apiFigures.latencyP95Ms ?? null,
            unit: 'ms',
            better: 'lower',
          },
        ],
        ['metric', 'direct signal', 'API POST', 'API/direct'],
      );
      console.log(`  API: ${apiFigures.note}`);
      if (apiFigures.errors)
        console.log(`  API: ${apiFigures.errors.count} fout(en), bv. ${apiFigures.errors.samples[0]}`);
    } else {
      console.log(`  API: overgeslagen — ${apiFigures.note}`);
    }

    for (const [key, count] of sdkLog.counts) console.log(`  SDK log: ${count}× ${key}`);
    const loadAtEnd = loadAverage();
    const cpu = process.cpuUsage(cpuAtStart);
    const totalSeconds = (now() - runStarted) / 1000;
    console.log(
      `  load average start ${loadAtStart.join(' / ')}, end ${loadAtEnd.join(' / ')}, max 1-min sample ${Math.max(...loadSamples).toFixed(2)}; ` +
        `this process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; bundling: baseline ${baselineBundleSeconds.toFixed(1)} s, subject ${fmt(subjectBundleSeconds)} s; total ${totalSeconds.toFixed(1)} s`,
    );

    const ratios = Object.fromEntries(
      rows
        .filter((r) => r.ratio !== false && r.baseline && r.subject !== null)
        .map((r) => [r.label, r.subject! / r.baseline!]),
    );
    if (apiFigures.status === 'measured' && s) {
      if (apiFigures.eventsPerSecond)
        ratios['API/direct partner events/s (acknowledged)'] = apiFigures.eventsPerSecond / s.signalsPerSecond;
      if (apiFigures.processedPerSecond && s.signalsProcessedPerSecond) {
        ratios['API/direct partner events/s (processed)'] = apiFigures.processedPerSecond / s.signalsProcessedPerSecond;
      }
    }
    mkdirSync(path.dirname(RESULTS_PATH), { recursive: true });
    const json = `${JSON.stringify(
      {
        startedAt,
        params,
        machine: {
          node: process.version,
          platform: `${os.platform()} ${os.release()}`,
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model ?? null,
          loadAverageStart: loadAtStart,
          loadAverageEnd: loadAtEnd,
          loadAverageMax1Min: Math.max(...loadSamples),
          processCpuSeconds: (cpu.user + cpu.system) / 1e6,
        },
        bundleSeconds: { baseline: baselineBundleSeconds, subject: subjectBundleSeconds },
        baseline: baselineFigures,
        subject: subjectFigures,
        rounds: { baseline: baselineRounds, subject: subjectRounds },
        subjectNote,
        ratios,
        api: apiFigures,
        sdkLog: sdkLog.summary(),
        totalSeconds,
      },
      null,
      2,
    )}\n`;
    // Formatted like the rest of the tree (prettier --check . also sees this file).
    const prettier = await import('prettier').catch(() => null);
    const formatted = prettier ? await prettier.format(json, { parser: 'json' }).catch(() => json) : json;
    writeFileSync(RESULTS_PATH, formatted);
    console.log(`  resultaten: ${path.relative(process.cwd(), RESULTS_PATH)}`);
    return subjectFigures ? 0 : 1;
  } finally {
    clearInterval(sampler);
    if (!stopping) await cleanup(state);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench mislukt:', error);
    process.exit(1);
  },
);
