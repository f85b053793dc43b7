/**
 * `npm run bench:monitor`: the region's quarter figures at scale. Seeds a throw-away
 * PostgreSQL database with N trajectories (default 100 000) over four gemeenten and three
 * years, with their voortgang tasks, outbox messages and MonitorEvent rows — in SQL
 * (generate_series), not through workflows — then asks `GET /beheer/monitor/cijfers?periode=…`
 * as the regional beheerder over a real HTTP listener R times and reports p50/p95/max against
 * the bound (200 ms p95), next to a bare PostgreSQL baseline measured in the same run (one
 * GROUP BY over the same table, straight through `pg`). Then, on the same data, the lists people
 * open all day (issue 13's P4 bound: p99 ≤ 50 ms): the werkvoorraad of a consulent and the
 * beheer list of a gemeente and of the region.
 *
 *   npm run bench:monitor -- --trajectories 100000 --requests 60 --periode 2026-Q4
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../src/api/app';
import { createApiKey } from '../src/api/auth/api-keys';
import { loadConfig } from '../src/config';
import { DEFAULT_GEMEENTEN } from '../src/domain/types';
import { createTestDatabase } from '../test/support/db';
import { benchFlags } from './cli';
import { timeLists, type TimedList } from './measure';
import { seedMonitorData } from './monitor-seed';

const BOUND_P95_MS = 200;
const LIST_BOUND_P99_MS = 50;
const RESULTS_PATH = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'monitor-scale.json');

const USAGE = `Gebruik: npm run bench:monitor -- [--trajectories N (100000)] [--requests R (60)] [--periode 2026-Q4] [--keep]
  (of BENCH_MONITOR_TRAJECTORIES, BENCH_MONITOR_REQUESTS)`;
const flags = benchFlags('bench:monitor', USAGE, {
  trajectories: { type: 'string', default: process.env.BENCH_MONITOR_TRAJECTORIES ?? '100000' },
  requests: { type: 'string', default: process.env.BENCH_MONITOR_REQUESTS ?? '60' },
  periode: { type: 'string', default: '2026-Q4' },
  /** Keep the seeded database (its URL is printed) to profile the queries with EXPLAIN ANALYZE. */
  keep: { type: 'boolean', default: false },
});
const { values } = flags;
const N = flags.int('trajectories', 1, 1_000_000);
const R = flags.int('requests', 1, 10_000);
const PERIODE = values.periode ?? '2026-Q4';
if (!/^\d{4}-Q[1-4]$/.test(PERIODE)) flags.fail('--periode: een kwartaal als 2026-Q4');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1)!,
  };
};

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const seedStart = Date.now();
    const client = await pool.connect();
    try {
      await seedMonitorData(client, N);
    } finally {
      client.release();
    }
    const counts = (
      await pool.query<{ t: string; tasks: string; events: string; outbox: string }>(
        `SELECT (SELECT count(*) FROM "Trajectory") t, (SELECT count(*) FROM "Task") tasks,
                (SELECT count(*) FROM "MonitorEvent") events, (SELECT count(*) FROM "OutboxMessage") outbox`,
      )
    ).rows[0]!;
    console.log(
      `seeded ${counts.t} trajectories, ${counts.tasks} tasks, ${counts.events} monitor events, ${counts.outbox} outbox messages in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
      TEMPORAL_CODEC_KEYS: 'b1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
      TEMPORAL_CODEC_CURRENT_KEY_ID: 'b1',
      LOG_LEVEL: 'silent',
    });
    // A normal key (development keys are refused with NODE_ENV=production).
    const regio = await createApiKey(db.prisma, {
      subject: 'bench@regio',
      role: 'beheerder',
      gemeente: null,
      partnerId: null,
    });
    // The figures never call Temporal: a lazy client that would connect only on first use.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({
      config,
      prisma: db.prisma,
      temporal,
      logger: pino({ level: 'silent' }),
      rateLimit: { windowMs: 60_000, limit: 1_000_000 },
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/beheer/monitor/cijfers?periode=${PERIODE}`;
    try {
      const ask = async () => {
        const started = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${regio.token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
        return { ms: performance.now() - started, body };
      };
      const baseline = async () => {
        const started = performance.now();
        await pool.query(`SELECT gemeente, count(*) FROM "Trajectory" GROUP BY gemeente`);
        return performance.now() - started;
      };
      for (let i = 0; i < 5; i++) {
        await ask();
        await baseline();
      }
      const subject: number[] = [];
      const bare: number[] = [];
      let sample = '';
      // Alternate, so that load from elsewhere on the machine hits both.
      for (let i = 0; i < R; i++) {
        const answer = await ask();
        subject.push(answer.ms);
        sample = answer.body;
        bare.push(await baseline());
      }
      // Where the time goes: each table on its own (same scope as the request).
      const { FIGURE_TABLES } = await import('../src/monitor/figures');
      const { parsePeriode, amsterdamDateOf } = await import('../src/domain/period');
      const { monitorSettingsFor } = await import('../src/config');
      const scope = {
        prisma: db.prisma,
        gemeenten: [...DEFAULT_GEMEENTEN],
        period: parsePeriode(PERIODE)!,
        asOf: amsterdamDateOf(new Date()),
        settings: (g: string) => monitorSettingsFor(config, g),
      };
      const perTable: string[] = [];
      for (const [id, table] of Object.entries(FIGURE_TABLES)) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          await table(scope);
          times.push(performance.now() - started);
        }
        perTable.push(`${id} ${stats(times).p50.toFixed(1)}`);
      }
      console.log(`per table, p50 of 5 (ms): ${perTable.join(', ')}`);
      const s = stats(subject);
      const b = stats(bare);
      const instroom = (
        JSON.parse(sample) as { tables: Array<{ id: string; rows: Array<Record<string, unknown>> }> }
      ).tables
        .find((t) => t.id === 'instroom')!
        .rows.find((r) => r.gemeente === 'regio');
      console.log(`\nregion's ${PERIODE} figures (10 tables), ${N} trajectories, ${R} requests over HTTP:`);
      console.log('| measure                                   | p50 ms | p95 ms | max ms |');
      console.log('| ----------------------------------------- | -----: | -----: | -----: |');
      console.log(
        `| GET /beheer/monitor/cijfers (regio)       | ${s.p50.toFixed(1).padStart(6)} | ${s.p95.toFixed(1).padStart(6)} | ${s.max.toFixed(1).padStart(6)} |`,
      );
      console.log(
        `| baseline: bare GROUP BY gemeente via pg   | ${b.p50.toFixed(1).padStart(6)} | ${b.p95.toFixed(1).padStart(6)} | ${b.max.toFixed(1).padStart(6)} |`,
      );
      console.log(`ratio p95 subject/baseline: ${(s.p95 / b.p95).toFixed(1)}×`);
      console.log(`regio instroom ${PERIODE}: ${JSON.stringify(instroom)}`);
      const ok = s.p95 <= BOUND_P95_MS;
      console.log(`${ok ? 'PASS' : 'FAIL'}: p95 ${s.p95.toFixed(1)} ms ${ok ? '≤' : '>'} ${BOUND_P95_MS} ms`);
      const lists = await measureLists(db.prisma, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const listsOk = Object.values(lists).every((l) => l.p99 <= LIST_BOUND_P99_MS);
      console.log(`${listsOk ? 'PASS' : 'FAIL'}: lists p99 ${listsOk ? '≤' : '>'} ${LIST_BOUND_P99_MS} ms`);
      mkdirSync(path.dirname(RESULTS_PATH), { recursive: true });
      writeFileSync(
        RESULTS_PATH,
        `${JSON.stringify({ at: new Date().toISOString(), trajectories: N, requests: R, periode: PERIODE, monitor: { subject: s, baseline: b, boundP95Ms: BOUND_P95_MS }, lists, listBoundP99Ms: LIST_BOUND_P99_MS }, null, 2)}\n`,
      );
      console.log(`results in ${path.relative(process.cwd(), RESULTS_PATH)}`);
      process.exitCode = ok && listsOk ? 0 : 1;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  } finally {
    await pool.end();
    if (values.keep) {
      console.log(`kept database: ${db.url}`);
      await db.prisma.$disconnect();
    } else await db.drop();
  }
}

/**
 * The werkvoorraad (consulent altena) and the beheer list (beheerder altena, beheerder regio)
 * over HTTP, R requests each, interleaved (timeLists); a failed request ends the bench.
 */
async function measureLists(
  prisma: Parameters<typeof createApiKey>[0],
  baseUrl: string,
): Promise<Record<string, ReturnType<typeof stats>>> {
  const key = async (role: 'consulent' | 'beheerder', gemeente: string | null) =>
    (await createApiKey(prisma, { subject: `bench-${role}@${gemeente ?? 'regio'}`, role, gemeente, partnerId: null }))
      .token;
  const lists: TimedList[] = [
    { label: 'GET /tasks (consulent altena)', route: '/tasks', bearer: await key('consulent', 'altena') },
    {
      label: 'GET /beheer/trajectories (beheerder altena)',
      route: '/beheer/trajectories',
      bearer: await key('beheerder', 'altena'),
    },
    {
      label: 'GET /beheer/trajectories (beheerder regio)',
      route: '/beheer/trajectories',
      bearer: await key('beheerder', null),
    },
  ];
  const timed = await timeLists(baseUrl, lists, R, (list, status, body) => {
    throw new Error(`${list.route}: HTTP ${status}: ${body.slice(0, 300)}`);
  });
  console.log(`\nthe lists on the same data, ${R} requests each over HTTP (bound p99 ≤ ${LIST_BOUND_P99_MS} ms):`);
  console.log('| list                                          | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('| --------------------------------------------- | -----: | -----: | -----: | -----: |');
  const result: Record<string, ReturnType<typeof stats>> = {};
  for (const [j, { label }] of lists.entries()) {
    const l = (result[label] = stats(timed[j]!.samples));
    const cells = [l.p50, l.p95, l.p99, l.max].map((v) => v.toFixed(1).padStart(6));
    console.log(`| ${label.padEnd(45)} | ${cells.join(' | ')} |`);
  }
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
