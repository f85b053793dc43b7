/**
 * The processes of `npm run bench`, as deployed: the subject's worker and its API each a
 * process of their own (`src/main.ts worker|api`, as in docker-compose), the bare baseline's
 * worker a process of its own too (bench/baseline-worker.ts). The bench process itself is
 * only the load generator: before, it hosted both workers, the API and the client on one
 * event loop, so the subject's activities and API requests queued behind each other and
 * behind the client (the bench process used a whole core while the machine's second core
 * idled), which the baseline — workflow tasks only, on worker threads — never paid.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { PROJECT_ROOT } from '../src/temporal/binaries';
import { bundleWorkflows } from '../src/worker';
import { ServiceProcess } from '../scripts/faults/stack';
import { apiProcess, benchServiceEnv, workerProcess } from './service-stack';

const BASELINE_WORKFLOW_PATH = path.join(PROJECT_ROOT, 'bench', 'baseline-workflow.ts');

export interface BenchProcesses {
  dir: string;
  baselineQueue: string;
  subjectQueue: string;
  apiUrl: string;
  /** Environment of the service processes: the bench's own client must load the same config (codec keys). */
  serviceEnv: Record<string, string>;
  baselineWorker: ServiceProcess;
  subjectWorker: ServiceProcess;
  api: ServiceProcess;
  /** Seconds the workflow code took to bundle (baseline, subject). */
  bundleSeconds: { baseline: number; subject: number };
  stop(): Promise<void>;
}

export async function startBenchProcesses(options: {
  runId: string;
  temporalAddress: string;
  databaseUrl: string;
}): Promise<BenchProcesses> {
  const dir = path.join(PROJECT_ROOT, '.data', 'bench', `run-${options.runId}`);
  mkdirSync(dir, { recursive: true });
  const logger = new DefaultLogger('WARN');
  const bundle = async (make: () => Promise<{ code: string }>, file: string) => {
    const started = performance.now();
    writeFileSync(path.join(dir, file), (await make()).code);
    return (performance.now() - started) / 1000;
  };
  const bundleSeconds = {
    baseline: await bundle(
      () => bundleWorkflowCode({ workflowsPath: BASELINE_WORKFLOW_PATH, logger }),
      'baseline-bundle.js',
    ),
    // The subject as the worker runs it (with its preloaded modules).
    subject: await bundle(() => bundleWorkflows(logger), 'subject-bundle.js'),
  };

  const baselineQueue = `bench-baseline-${options.runId}`;
  const subjectQueue = `bench-subject-${options.runId}`;
  const serviceEnv = benchServiceEnv({
    databaseUrl: options.databaseUrl,
    temporalAddress: options.temporalAddress,
    taskQueue: subjectQueue,
    bundlePath: path.join(dir, 'subject-bundle.js'),
  });
  const readyFile = path.join(dir, 'baseline-worker.ready');
  const baselineWorker = new ServiceProcess(
    'worker',
    {
      TEMPORAL_ADDRESS: options.temporalAddress,
      BENCH_TASK_QUEUE: baselineQueue,
      BENCH_BUNDLE_PATH: path.join(dir, 'baseline-bundle.js'),
      BENCH_READY_FILE: readyFile,
    },
    path.join(dir, 'baseline-worker.log'),
    () => Promise.resolve(existsSync(readyFile)),
    'bench/baseline-worker.ts',
  );
  const subjectWorker = await workerProcess(serviceEnv, path.join(dir, 'subject-worker.log'));
  const { process: api, url: apiUrl } = await apiProcess(serviceEnv, path.join(dir, 'api.log'));
  const all = [baselineWorker, subjectWorker, api];
  const stop = async () => {
    await Promise.all(all.map((service) => service.stop()));
  };
  try {
    // One after the other: on 2 cores parallel starts only slow each other down.
    for (const service of all) await service.start(120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    dir,
    baselineQueue,
    subjectQueue,
    apiUrl,
    serviceEnv,
    baselineWorker,
    subjectWorker,
    api,
    bundleSeconds,
    stop,
  };
}

/** CPU seconds (user + system) a process used so far, from /proc (Linux); null when unknown. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * Warnings and errors in a service process's log (pino JSON, level ≥ 40), counted by message:
 * failing work would pollute the figures, so the run reports it.
 */
export function logProblems(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      if (/\b(WARN|ERROR)\b/.test(line)) counts.set(line.slice(0, 160), (counts.get(line.slice(0, 160)) ?? 0) + 1);
      continue;
    }
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 40) {
        const key = `${entry.level === 40 ? 'WARN' : 'ERROR'} ${String(entry.msg ?? '').slice(0, 160)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } catch {
      // Not a log record.
    }
  }
  return counts;
}

/** Removes the run's bundles and logs unless asked to keep them. */
export function removeRunDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
