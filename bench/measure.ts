/** Measuring one target: the scenario (start, signals, updates, queries, projection), its figures and ratios. */
import os from 'node:os';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type LogEntry } from '@temporalio/worker';
import { type Params } from './params';

// --- small helpers -----------------------------------------------------------------------

export const now = () => performance.now();

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface TimedList {
  label: string;
  route: string;
  /** API key; empty for a route without authentication. */
  bearer: string;
}

/**
 * GETs each list `rounds` times over HTTP after 5 unmeasured requests each, interleaved so that
 * load from elsewhere on the machine hits every list alike. Only 200 answers are timed (ms); any
 * other is counted and given to `onFailure` (which may throw to end the measurement).
 */
export async function timeLists(
  baseUrl: string,
  lists: TimedList[],
  rounds: number,
  onFailure: (list: TimedList, status: number, body: string) => void,
): Promise<Array<{ samples: number[]; failures: number }>> {
  const results = lists.map(() => ({ samples: [] as number[], failures: 0 }));
  const ask = async (i: number) => {
    const list = lists[i]!;
    const started = now();
    const response = await fetch(`${baseUrl}${list.route}`, { headers: { authorization: `Bearer ${list.bearer}` } });
    const body = await response.text();
    if (response.status !== 200) {
      results[i]!.failures++;
      onFailure(list, response.status, body);
      return null;
    }
    return now() - started;
  };
  for (let i = 0; i < lists.length; i++) for (let w = 0; w < 5; w++) await ask(i);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < lists.length; i++) {
      const ms = await ask(i);
      if (ms !== null) results[i]!.samples.push(ms);
    }
  }
  return results;
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; errors are counted, not thrown. */
export async function pool<T>(
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

export class ErrorLog {
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
export class SdkLog {
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

export function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function loadAverage(): [number, number, number] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100) as [number, number, number];
}

// --- what one target (baseline or subject) must provide ----------------------------------

/** One benchmark target: how to start, signal, query and update one workflow. */
export interface Target<H> {
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

export interface PhaseFigures {
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

export async function runScenario<H>(
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
export function summarize(rounds: PhaseFigures[]): PhaseFigures | null {
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
export function ratioRange(
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
