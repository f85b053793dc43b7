/**
 * `npm run bench:scaleout` (P5): P1 (trajectory starts) and P2 (partner events) through the
 * API, with one API process + one worker process against two API processes + two worker
 * processes, on one Temporal dev server and one PostgreSQL database (bench/service-stack.ts:
 * separate processes, so they really run in parallel). Each set has its own task queue; both
 * are running before the first measurement and take turns for --rounds rounds (so that load
 * from elsewhere hits both). Reports each figure per set and the factor two/one, with the CPU
 * seconds the service processes used (on a 2-core machine the factor is bounded by the cores,
 * which PostgreSQL, the dev server and this load generator share). Results:
 * bench/results/scale-out.json.
 *
 *   npm run bench:scaleout -- --trajectories 60 --signals 5 --rounds 2
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { developmentPartnerId } from '../src/api/auth/seed-dev-keys';
import { benchFlags } from './cli';
import { ErrorLog, isoDaysAgo, loadAverage, now, percentile, pool } from './measure';
import { type Row, printTable } from './report';
import { pollProjection } from './targets';
import {
  startScaleInfra,
  startServices,
  startTrajectoriesViaApi,
  type ScaleInfra,
  type Services,
} from './service-stack';

const RESULTS_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'scale-out.json');

const USAGE = `Gebruik: npm run bench:scaleout -- [--trajectories K (60)] [--signals M (5)] [--concurrency C (16)]
  [--rounds R (2)] [--projection-timeout S (300)]`;
const flags = benchFlags('bench:scaleout', USAGE, {
  trajectories: { type: 'string', default: process.env.BENCH_TRAJECTORIES ?? '60' },
  signals: { type: 'string', default: process.env.BENCH_SIGNALS ?? '5' },
  concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
  rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '2' },
  'projection-timeout': { type: 'string', default: '300' },
});
const K = flags.int('trajectories', 1, 2000);
const M = flags.int('signals', 1, 100);
const C = flags.int('concurrency', 1, 128);
const ROUNDS = flags.int('rounds', 1, 10);
const PROJECTION_TIMEOUT_MS = flags.int('projection-timeout', 10, 3600) * 1000;

interface SetFigures {
  startsPerSecond: number;
  startsProcessedPerSecond: number | null;
  startLatencyP95Ms: number | null;
  eventsPerSecond: number;
  eventsProcessedPerSecond: number | null;
  eventLatencyP95Ms: number | null;
  errors: number;
  /** CPU seconds of the set's API and worker processes during the round, ÷ wall seconds. */
  serviceCores: number;
  loadAverage: [number, number, number];
}

/** utime + stime of a process in seconds (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function runSet(
  infra: ScaleInfra,
  services: Services,
  pgClient: pg.Client,
  partner: { id: string; token: string },
  bsnOffset: number,
): Promise<SetFigures> {
  const pids = [...services.apis, ...services.workers].map((s) => s.pid);
  const cpuBefore = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
  const roundStarted = now();
  // P1: starts through the API, round robin over the set's API processes.
  const t0 = now();
  const starts = await startTrajectoriesViaApi(infra, services.apiUrls, 0, K, { concurrency: C, bsnOffset });
  const ids = starts.trajectoryIds;
  const startsSeen = await pollProjection(
    pgClient,
    now() + PROJECTION_TIMEOUT_MS,
    ids.map((id) => ({ id, value: '0' })),
    `SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::int[]) AS p(id, v) ON t.id = p.id WHERE t."stateVersion" > p.v`,
  );
  const startsProcessed = startsSeen.size === ids.length ? Math.max(...startsSeen.values()) - t0 : null;

  // P2: M partner events per trajectory through the API.
  await infra.db.prisma.partnerAssignment.createMany({
    data: ids.map((trajectoryId) => ({ partnerId: partner.id, trajectoryId })),
    skipDuplicates: true,
  });
  const errors = new ErrorLog();
  const latencies: number[] = [];
  const t1 = now();
  await pool(
    ids,
    C,
    async (id, index) => {
      for (let j = 0; j < M; j++) {
        const started = now();
        const apiUrl = services.apiUrls[(index + j) % services.apiUrls.length]!;
        const response = await fetch(`${apiUrl}/partner/trajectories/${encodeURIComponent(id)}/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${partner.token}`,
            'content-type': 'application/json',
            'idempotency-key': `${id}-scale-${j}`,
          },
          body: JSON.stringify({ type: 'UREN', occurredOn: isoDaysAgo(1), kind: 'TAAL_KNM', hours: 1 }),
        });
        const text = await response.text();
        latencies.push(now() - started);
        if (response.status !== 202) errors.add(new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`));
      }
    },
    errors,
  );
  const t2 = now();
  const eventsSeen = await pollProjection(
    pgClient,
    now() + PROJECTION_TIMEOUT_MS,
    ids.map((id) => ({ id, value: String(M) })),
    `SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::numeric[]) AS p(id, h) ON t.id = p.id
     WHERE COALESCE((t.state->'modules'->'hours'->>'TAAL_KNM')::numeric, 0) >= p.h`,
  );
  const eventsProcessed = eventsSeen.size === ids.length ? Math.max(t2, ...eventsSeen.values()) - t1 : null;
  const cpuAfter = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
  const events = latencies.length;
  for (const sample of [...starts.errors.samples, ...errors.samples].slice(0, 2)) console.log(`  fout: ${sample}`);
  return {
    startsPerSecond: starts.startsPerSecond,
    startsProcessedPerSecond: startsProcessed === null ? null : ids.length / (startsProcessed / 1000),
    startLatencyP95Ms: starts.latencyP95Ms,
    eventsPerSecond: events / ((t2 - t1) / 1000),
    eventsProcessedPerSecond: eventsProcessed === null ? null : events / (eventsProcessed / 1000),
    eventLatencyP95Ms: percentile(latencies, 95),
    errors: starts.errors.count + errors.count,
    serviceCores: (cpuAfter - cpuBefore) / ((now() - roundStarted) / 1000),
    loadAverage: loadAverage(),
  };
}

const median = (xs: number[]) => percentile(xs, 50);

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  console.log(
    `bench:scaleout: K=${K} starts, M=${M} partner events each, concurrency ${C}, ${ROUNDS} rounds; ` +
      `${os.cpus().length} CPU, load ${loadAverage().join(' / ')}`,
  );
  let infra: ScaleInfra | undefined;
  const sets: Services[] = [];
  const cleanup = async () => {
    for (const set of sets) await set.stop().catch(() => undefined);
    await infra?.close().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    infra = await startScaleInfra('scaleout');
    const setupStarted = now();
    sets.push(await startServices(infra, { name: 'one', taskQueue: 'bench-scale-one', apis: 1, workers: 1 }));
    sets.push(await startServices(infra, { name: 'two', taskQueue: 'bench-scale-two', apis: 2, workers: 2 }));
    console.log(
      `bench:scaleout: 3 API- en 3 workerprocessen gereed in ${((now() - setupStarted) / 1000).toFixed(0)} s`,
    );
    const db = new pg.Client({ connectionString: infra.db.url });
    await db.connect();
    const partnerId = developmentPartnerId('TAALAANBIEDER');
    const partnerKey = infra.keys.find((key) => key.partnerId === partnerId);
    if (!partnerKey) throw new Error('geen ontwikkelsleutel voor de taalaanbieder');
    const figures: [SetFigures[], SetFigures[]] = [[], []];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which set goes first.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const s of order) {
          console.log(
            `bench:scaleout: ronde ${round + 1}/${ROUNDS}: ${s === 0 ? '1 API + 1 worker' : '2 API + 2 workers'} …`,
          );
          const result = await runSet(
            infra,
            sets[s]!,
            db,
            { id: partnerId, token: partnerKey.key },
            (round * 2 + s + 1) * 10_000,
          );
          figures[s]!.push(result);
          console.log(`  ${JSON.stringify(result)}`);
        }
      }
    } finally {
      await db.end().catch(() => undefined);
    }
    const metric = (label: string, key: keyof SetFigures, unit: string, better: Row['better']): Row => {
      const pick = (set: SetFigures[]) =>
        set.map((f) => f[key] as number | null).filter((v): v is number => v !== null);
      const ratios = figures[0]
        .map((one, i) => [one[key], figures[1][i]?.[key]] as const)
        .filter(
          (pair): pair is readonly [number, number] =>
            typeof pair[0] === 'number' && typeof pair[1] === 'number' && pair[0] > 0,
        )
        .map(([one, two]) => two / one);
      return {
        label,
        baseline: median(pick(figures[0])),
        subject: median(pick(figures[1])),
        unit,
        better,
        range: ratios.length ? [Math.min(...ratios), Math.max(...ratios)] : null,
      };
    };
    const rows: Row[] = [
      metric('P1 starts/s (acknowledged)', 'startsPerSecond', '1/s', 'higher'),
      metric('P1 starts/s (processed, projection)', 'startsProcessedPerSecond', '1/s', 'higher'),
      metric('P1 start latency p95', 'startLatencyP95Ms', 'ms', 'lower'),
      metric('P2 partner events/s (acknowledged)', 'eventsPerSecond', '1/s', 'higher'),
      metric('P2 partner events/s (processed, projection)', 'eventsProcessedPerSecond', '1/s', 'higher'),
      metric('P2 event latency p95', 'eventLatencyP95Ms', 'ms', 'lower'),
      metric('CPU cores used by the service processes', 'serviceCores', 'cores', 'higher'),
    ];
    console.log('');
    printTable(rows, ['metric', '1 API + 1 worker', '2 API + 2 workers', 'factor']);
    console.log(`  load average at the end ${loadAverage().join(' / ')} on ${os.cpus().length} CPU`);
    mkdirSync(path.dirname(RESULTS_PATH), { recursive: true });
    const factors = Object.fromEntries(
      rows.filter((r) => r.baseline && r.subject !== null).map((r) => [r.label, r.subject! / r.baseline!]),
    );
    writeFileSync(
      RESULTS_PATH,
      `${JSON.stringify({ startedAt, params: { K, M, C, rounds: ROUNDS }, cpus: os.cpus().length, one: figures[0], two: figures[1], factors, rows }, null, 2)}\n`,
    );
    console.log(`  resultaten: ${path.relative(process.cwd(), RESULTS_PATH)}`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:scaleout mislukt:', error);
    process.exit(1);
  },
);
