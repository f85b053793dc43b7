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
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnv } from '../test/support/temporal';
import { createTestDatabase, type TestDatabase } from '../test/support/db';
import { loadConfig } from '../src/config';
import { buildDataConverter } from '../src/runtime/composition';
import {
  type PhaseFigures,
  SdkLog,
  type Target,
  loadAverage,
  now,
  ratioRange,
  runScenario,
  summarize,
} from './measure';
import { type ApiFigures, firstLine, measureApi } from './measure-api';
import { parseParams } from './params';
import { logProblems, processCpuSeconds, removeRunDir, startBenchProcesses, type BenchProcesses } from './processes';
import { type Row, fmt, printTable } from './report';
import { baselineTarget, subjectTarget } from './targets';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_PATH = path.join(BENCH_DIR, 'results', 'latest.json');

// --- main --------------------------------------------------------------------------------

interface Cleanup {
  env?: TestWorkflowEnvironment;
  db?: TestDatabase;
  pgClient?: pg.Client;
  startPool?: pg.Pool;
  processes?: BenchProcesses;
}

async function cleanup(state: Cleanup): Promise<void> {
  await state.processes?.stop().catch((error: unknown) => console.error('processen stoppen mislukt:', error));
  if (state.processes && !process.env.BENCH_KEEP_LOGS) removeRunDir(state.processes.dir);
  await state.pgClient?.end().catch(() => undefined);
  await state.startPool?.end().catch(() => undefined);
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

  // Quiet SDK logs of this process (the client): warnings and errors only (the table is the output).
  const sdkLog = new SdkLog();
  Runtime.install({ logger: new DefaultLogger('WARN', sdkLog.log) });

  const state: Cleanup = {};
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
    // Cleanup drops the database WITH (FORCE): a connection it terminates (here or in the start
    // pool below) is not an error of the run (once seen crashing the bench after its results were written).
    state.pgClient.on('error', () => undefined);
    await state.pgClient.connect();
    const namespace = env.namespace ?? 'default';
    const client = env.client;
    const runId = randomBytes(3).toString('hex');
    console.log(
      `bench: Temporal dev server ${env.address} en database klaar in ${((now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const ids = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${runId}-${String(i).padStart(4, '0')}`);

    // The workers and the API, each a process of its own (bench/processes.ts), running before
    // any measurement; only one target gets traffic at a time (an idle worker only long-polls).
    state.processes = await startBenchProcesses({ runId, temporalAddress: env.address, databaseUrl: db.url });
    const processes = state.processes;
    const baselineBundleSeconds = processes.bundleSeconds.baseline;
    const subjectBundleSeconds: number | null = processes.bundleSeconds.subject;
    const expected = { signals: 2 };
    const baseline = baselineTarget(client, processes.baselineQueue, expected, params.concurrency);
    // The subject is the service as deployed: payloads encrypted by the codec on worker and
    // client alike (the same configuration as the service processes); the baseline is bare
    // Temporal with the default converter.
    const subjectConfig = loadConfig(processes.serviceEnv);
    const subjectClient = new Client({
      connection: env.connection,
      namespace,
      dataConverter: buildDataConverter(subjectConfig),
    });
    state.startPool = new pg.Pool({ connectionString: db.url, max: params.concurrency });
    state.startPool.on('error', () => undefined);
    const subject: Target<WorkflowHandle> = subjectTarget(
      subjectClient,
      processes.subjectQueue,
      state.pgClient,
      state.startPool,
      params.update,
    );
    const cpuBefore = serviceCpu(processes);

    if (params.warmup > 0) {
      await runScenario(baseline, ids('warm-base', params.warmup), params, 2, 1);
      await runScenario(subject, ids('warm-subj', params.warmup), params, 2, 1);
    }
    expected.signals = params.signals;

    // Rounds: baseline and subject alternate, so a burst of load elsewhere hits both.
    const baselineRounds: PhaseFigures[] = [];
    const subjectRounds: PhaseFigures[] = [];
    let lastSubjectIds: string[] = [];
    let firstSubjectIds: string[] = [];
    for (let round = 1; round <= params.rounds; round++) {
      console.log(`bench: ronde ${round}/${params.rounds}: baseline …`);
      baselineRounds.push(
        await runScenario(baseline, ids(`base-r${round}`, params.trajectories), params, params.signals, params.queries),
      );
      console.log(`bench: ronde ${round}/${params.rounds}: subject …`);
      lastSubjectIds = ids(`subj-r${round}`, params.trajectories);
      if (round === 1) firstSubjectIds = lastSubjectIds;
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
    if (subjectRounds.length > 0) {
      try {
        apiFigures = await measureApi({
          params,
          apiUrl: processes.apiUrl,
          prisma: db.prisma,
          pgClient: state.pgClient,
          trajectoryIds: lastSubjectIds,
          warmupIds: params.rounds > 1 ? firstSubjectIds : ids('warm-subj', params.warmup),
        });
      } catch (error) {
        apiFigures = { status: 'skipped', note: `API-meting mislukt: ${firstLine(error)}` };
      }
    }
    const cpuAfter = serviceCpu(processes);
    await processes.stop();
    const serviceProblems = [
      ['subject-worker', logProblems(path.join(processes.dir, 'subject-worker.log'))],
      ['API', logProblems(path.join(processes.dir, 'api.log'))],
      ['baseline-worker', logProblems(path.join(processes.dir, 'baseline-worker.log'))],
    ] as const;
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
    for (const [name, problems] of serviceProblems) {
      if (problems.size === 0) console.log(`  ${name}: geen waarschuwingen of fouten in het log`);
      for (const [key, count] of problems) console.log(`  ${name} log: ${count}× ${key}`);
    }
    const serviceCpuSeconds = Object.fromEntries(
      Object.entries(cpuAfter).map(([name, after]) => {
        const before = cpuBefore[name as keyof typeof cpuBefore];
        return [name, after !== null && before !== null ? after - before : null];
      }),
    );
    console.log(
      `  CPU of the measured phases: ${Object.entries(serviceCpuSeconds)
        .map(([name, seconds]) => `${name} ${fmt(seconds)} s`)
        .join(', ')}`,
    );
    const loadAtEnd = loadAverage();
    const cpu = process.cpuUsage(cpuAtStart);
    const totalSeconds = (now() - runStarted) / 1000;
    console.log(
      `  load average start ${loadAtStart.join(' / ')}, end ${loadAtEnd.join(' / ')}, max 1-min sample ${Math.max(...loadSamples).toFixed(2)}; ` +
        `the bench process (load generator) used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; bundling: baseline ${baselineBundleSeconds.toFixed(1)} s, subject ${fmt(subjectBundleSeconds)} s; total ${totalSeconds.toFixed(1)} s`,
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
        ratios,
        api: apiFigures,
        sdkLog: sdkLog.summary(),
        serviceCpuSeconds,
        serviceLogProblems: Object.fromEntries(
          serviceProblems.map(([name, problems]) => [name, Object.fromEntries(problems)]),
        ),
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

/** CPU seconds so far of each service process (the bench process's own is reported apart). */
function serviceCpu(processes: BenchProcesses) {
  return {
    'baseline worker': processCpuSeconds(processes.baselineWorker.pid),
    'subject worker': processCpuSeconds(processes.subjectWorker.pid),
    API: processCpuSeconds(processes.api.pid),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench mislukt:', error);
    process.exit(1);
  },
);
