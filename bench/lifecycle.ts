/**
 * P3, the lifecycle bench (`npm run bench:lifecycle`): N trajectories (default 1,000, the
 * framework's route mix) driven through their whole three years on the time-skipping server —
 * intake, PIP, eleven quarterly talks with provider hours, modules and exams, completion and
 * closing — against a bare workflow with the same signals and updates and as many timers and
 * activities as the subject used (counted from the subject's histories first).
 *
 * Reports per target: wall time, workflow tasks/s, history events per trajectory, and the
 * worker's peak RSS (the bench process hosts the worker; the subject runs first, so the
 * baseline's peak includes what the subject left). The subject is the service as deployed:
 * the real workflow bundle, the real activities on PostgreSQL, the payload codec.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, type WorkflowHandleWithFirstExecutionRunId as WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../src/config';
import { createPrismaClient } from '../src/db/client';
import { startOfDayInAmsterdam } from '../src/domain/today';
import { DEFAULT_GEMEENTEN, DEFAULT_POLICY, LEEFGEBIEDEN, type IsoDate } from '../src/domain/types';
import { buildDataConverter } from '../src/runtime/composition';
import { createTrajectoryWorker } from '../src/worker';
import {
  closeTrajectoryUpdate,
  partnerEventSignal,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  TRAJECTORY_WORKFLOW_TYPE,
  trajectoryViewQuery,
  trajectoryWorkflowId,
  vaststellenPipUpdate,
  type PartnerEvent,
  type TrajectoryInput,
} from '../src/workflows/trajectory/messages';
import { createTestDatabase, type TestDatabase } from '../test/support/db';
import { envToday, sleepUntil, createWorkflowTestEnv } from '../test/workflows/helpers';
import {
  lifecycleBaselineQuery,
  lifecycleBaselineSignal,
  lifecycleBaselineUpdate,
  type LifecycleBaselineInput,
} from './lifecycle-baseline-workflow';
import { pipLevel, planFor, scriptFor, stepDays, type LifecyclePlan, type ScriptAction } from './lifecycle-script';
import { benchFlags } from './cli';
import { ErrorLog, now, pool } from './measure';

const BASELINE_PATH = fileURLToPath(new URL('./lifecycle-baseline-workflow.ts', import.meta.url));
const EventType = proto.temporal.api.enums.v1.EventType;

interface Target {
  name: 'baseline' | 'subject';
  start(id: string, plan: LifecyclePlan, today: IsoDate): Promise<WorkflowHandle>;
  act(handle: WorkflowHandle, plan: LifecyclePlan, action: ScriptAction, eventId: string): Promise<void>;
}

interface TargetFigures {
  wallSeconds: number;
  failures: number;
  failureSamples: string[];
  completed: number;
  perTrajectory: {
    events: number;
    workflowTasks: number;
    timers: number;
    activities: number;
    signals: number;
    updates: number;
  };
  workflowTasksPerSecond: number;
  peakRssMb: number;
}

const USAGE = `Gebruik: npm run bench:lifecycle -- [--trajectories N (1000; 1–5000)] [--concurrency C (16; 1–64)]
  [--max-seconds S (3600)]   (of BENCH_TRAJECTORIES, BENCH_CONCURRENCY, BENCH_MAX_SECONDS)`;

function params() {
  const flags = benchFlags('bench:lifecycle', USAGE, {
    trajectories: { type: 'string', default: process.env.BENCH_TRAJECTORIES ?? '1000' },
    concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
    'max-seconds': { type: 'string', default: process.env.BENCH_MAX_SECONDS ?? '3600' },
  });
  return {
    trajectories: flags.int('trajectories', 1, 5000),
    concurrency: flags.int('concurrency', 1, 64),
    maxSeconds: flags.int('max-seconds', 1, 86_400),
  };
}

// --- the two targets ----------------------------------------------------------------------

function subjectTarget(client: Client, taskQueue: string, db: TestDatabase): Target {
  return {
    name: 'subject',
    async start(id, plan, today) {
      const input: TrajectoryInput = {
        trajectoryId: id,
        gemeente: DEFAULT_GEMEENTEN[plan.index % DEFAULT_GEMEENTEN.length]!,
        policy: DEFAULT_POLICY,
        servedGemeenten: [...DEFAULT_GEMEENTEN],
        targetGroup: plan.targetGroup,
        ondertussengroep: false,
        onBijstand: plan.onBijstand,
        consulentId: 'consulent-bench',
        dates: { inschrijving: today, vestiging: today, plichtStart: today },
      };
      // As the API starts a trajectory: the minimal row first (tasks reference it), then the workflow.
      await db.prisma.trajectory.create({
        data: {
          id,
          workflowId: trajectoryWorkflowId(id),
          gemeente: input.gemeente,
          targetGroup: input.targetGroup,
          ondertussengroep: false,
          onBijstand: input.onBijstand,
          phase: plan.targetGroup === 'asielstatushouder' ? 'KOPPELING' : 'BREDE_INTAKE',
          consulentId: input.consulentId ?? null,
          stateVersion: 0,
        },
      });
      return client.workflow.start(TRAJECTORY_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: trajectoryWorkflowId(id),
        args: [input],
      });
    },
    async act(handle, plan, action, eventId) {
      switch (action.kind) {
        case 'signal':
          return handle.signal(partnerEventSignal, { ...action.event, eventId } as PartnerEvent);
        case 'awaitComplete':
          return waitUntil(async () => (await handle.query(trajectoryViewQuery)).completion?.complete === true, 60_000);
        case 'update':
          await subjectUpdate(handle, plan, action.name, action.date);
      }
    },
  };
}

async function subjectUpdate(handle: WorkflowHandle, plan: LifecyclePlan, name: string, date: IsoDate): Promise<void> {
  switch (name) {
    case 'consent':
      await handle.executeUpdate(recordConsentUpdate, {
        args: [{ date, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] }],
      });
      return;
    case 'warmeOverdracht':
      await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
        args: [{ date, form: 'VIDEO', backgroundHandedOver: true }],
      });
      return;
    case 'bredeIntake':
      await handle.executeUpdate(recordBredeIntakeUpdate, {
        args: [
          {
            date,
            leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((gebied) => [gebied, true])) as never,
            leerbaarheidstoets: plan.leerroute === 'Z' ? 'B1_NIET_HAALBAAR' : 'B1_HAALBAAR',
          },
        ],
      });
      return;
    case 'pip':
      await handle.executeUpdate(vaststellenPipUpdate, {
        args: [{ dagtekening: date, leerroute: plan.leerroute, ...pipLevel(plan.leerroute) }],
      });
      return;
    case 'voortgangsgesprek':
      await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date, outcome: 'OP_SCHEMA' }] });
      return;
    case 'close':
      await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date, reason: 'PLICHT_VOLDAAN' }] });
      return;
  }
}

function baselineTarget(client: Client, taskQueue: string, shape: { timers: number; timerActivities: number }): Target {
  return {
    name: 'baseline',
    start(id) {
      const input: LifecycleBaselineInput = { id, ...shape, spanDays: 3 * 365 };
      return client.workflow.start('lifecycleBaselineWorkflow', {
        taskQueue,
        workflowId: `lifecycle-base-${id}`,
        args: [input],
      });
    },
    async act(handle, _plan, action, eventId) {
      switch (action.kind) {
        case 'signal':
          return handle.signal(lifecycleBaselineSignal, { eventId, type: action.event.type });
        case 'awaitComplete':
          // The bare workflow has no rules; one query stands for the subject's check.
          await handle.query(lifecycleBaselineQuery);
          return;
        case 'update':
          await handle.executeUpdate(lifecycleBaselineUpdate, {
            args: [{ kind: action.name === 'close' ? 'close' : action.name, date: action.date }],
          });
      }
    },
  };
}

// --- driving one target through the three years -------------------------------------------

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * `sleepUntil`, without waiting forever for the server's answer: in a 1,000-trajectory run the
 * answer to one UnlockTimeSkippingWithSleep never came (the server's clock had long passed the
 * target and was locked again, the worker idle, no workflow task pending) and the run hung for
 * good. Every 10 s the server's time is read; once it is past the target, the step goes on.
 */
async function moveClockTo(env: TestWorkflowEnvironment, date: IsoDate): Promise<void> {
  const target = startOfDayInAmsterdam(date).getTime() + 60_000;
  const sleeping = sleepUntil(env, date).then(() => true);
  sleeping.catch(() => undefined); // awaited below until abandoned
  for (;;) {
    if (await Promise.race([sleeping, delay(10_000).then(() => false)])) return;
    const serverNow = await env.currentTimeMs();
    if (serverNow >= target) {
      console.log(
        `lifecycle: klok staat op ${new Date(serverNow).toISOString()} (doel ${date}) zonder antwoord op de sleep; verder`,
      );
      return;
    }
  }
}

/**
 * Waits until the workflow has closed by reading its status, not with `result()`: the
 * time-skipping client's `result()` unlocks and locks the server's clock around every wait, and
 * with sixteen of them at once the test server of a 1,000-trajectory run lost count ("Unbalanced
 * lock and unlock calls"), logged that stack trace without end (gigabytes in seconds) and never
 * answered. The last step closes every trajectory, so no timer has to run for it. A workflow
 * still open after two minutes counts as an error.
 */
async function waitClosed(handle: WorkflowHandle): Promise<void> {
  const deadline = now() + 120_000;
  for (;;) {
    const { status } = await handle.describe();
    if (status.name === 'FAILED' || status.name === 'TERMINATED' || status.name === 'TIMED_OUT') {
      throw new Error(`${handle.workflowId}: ${status.name}`);
    }
    if (status.name !== 'RUNNING') return;
    if (now() > deadline) throw new Error(`${handle.workflowId}: twee minuten na de laatste stap nog open`);
    await delay(200);
  }
}

/** One scripted call, failed (and counted) when it has no answer within `ms`, so one lost answer cannot hang the run. */
async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: geen antwoord binnen ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const ACTION_TIMEOUT_MS = 300_000;

async function drive(
  env: TestWorkflowEnvironment,
  target: Target,
  runId: string,
  n: number,
  concurrency: number,
): Promise<{ handles: WorkflowHandle[]; wallSeconds: number; errors: ErrorLog; peakRssMb: number }> {
  const errors = new ErrorLog();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const started = now();
  const today = await envToday(env);
  const plans = Array.from({ length: n }, (_, i) => planFor(i));
  const scripts = plans.map((plan) => scriptFor(plan, today));
  const handles: Array<WorkflowHandle | undefined> = [];
  await pool(
    plans,
    concurrency,
    async (plan, i) => {
      handles[i] = await target.start(`${target.name}-${runId}-${String(i).padStart(5, '0')}`, plan, today);
    },
    errors,
  );
  const days = stepDays(today);
  for (let step = 0; step < days.length; step++) {
    await moveClockTo(env, days[step]!);
    await pool(
      plans,
      concurrency,
      async (plan, i) => {
        const handle = handles[i];
        if (!handle) return;
        const actions = scripts[i]![step]!.actions;
        for (let a = 0; a < actions.length; a++) {
          const action = actions[a]!;
          await withTimeout(
            target.act(handle, plan, action, `${handle.workflowId}-${step}-${a}`),
            ACTION_TIMEOUT_MS,
            `${handle.workflowId} stap ${step + 1} ${action.kind === 'update' ? action.name : action.kind}`,
          );
        }
      },
      errors,
    );
    console.log(
      `lifecycle: ${target.name}: stap ${step + 1}/${days.length} (${days[step]}) klaar, ${errors.count} fouten`,
    );
  }
  await pool(
    handles.filter((h): h is WorkflowHandle => h !== undefined),
    concurrency,
    (handle) => waitClosed(handle),
    errors,
  );
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    handles: handles.filter((h): h is WorkflowHandle => h !== undefined),
    wallSeconds: (now() - started) / 1000,
    errors,
    peakRssMb: Math.round(peakRss / 1048576),
  };
}

/** Counts per trajectory from the histories of every run (continue-as-new runs included). */
async function historyShape(client: Client, handles: WorkflowHandle[], concurrency: number) {
  const totals = { events: 0, workflowTasks: 0, timers: 0, activities: 0, signals: 0, updates: 0 };
  const errors = new ErrorLog();
  await pool(
    handles,
    concurrency,
    async (handle) => {
      // Follow the continue-as-new chain from the first run (the test server has no list query).
      let runId: string | undefined = handle.firstExecutionRunId;
      while (runId) {
        const history = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        runId = undefined;
        for (const event of history.events ?? []) {
          totals.events++;
          switch (event.eventType) {
            case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
              totals.workflowTasks++;
              break;
            case EventType.EVENT_TYPE_TIMER_STARTED:
              totals.timers++;
              break;
            case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
              totals.activities++;
              break;
            case EventType.EVENT_TYPE_MARKER_RECORDED:
              totals.activities++;
              break; // local activities
            case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
              totals.signals++;
              break;
            case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
              totals.updates++;
              break;
            case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
              runId = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
              break;
          }
        }
      }
    },
    errors,
  );
  const per = (value: number) => Math.round((value / Math.max(1, handles.length)) * 10) / 10;
  return {
    totals,
    perTrajectory: {
      events: per(totals.events),
      workflowTasks: per(totals.workflowTasks),
      timers: per(totals.timers),
      activities: per(totals.activities),
      signals: per(totals.signals),
      updates: per(totals.updates),
    },
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('voltooiing niet gezien binnen de tijd');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const { trajectories, concurrency, maxSeconds } = params();
  const hardStop = setTimeout(() => {
    console.error(`lifecycle: langer dan ${maxSeconds} s: gestopt`);
    process.exit(2);
  }, maxSeconds * 1000);
  hardStop.unref();
  const load = () => os.loadavg()[0]!.toFixed(2);
  console.log(
    `lifecycle: ${trajectories} trajecten, gelijktijdig ${concurrency}; ${os.cpus().length} cores, load ${load()}`,
  );
  const [env, db] = await Promise.all([createWorkflowTestEnv(), createTestDatabase()]);
  const runId = randomBytes(3).toString('hex');
  const namespace = env.namespace ?? 'default';
  const workerPrisma = createPrismaClient(db.url);
  let baselineEnv: TestWorkflowEnvironment | undefined;
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
    const dataConverter = buildDataConverter(config);
    const subjectClient = new Client({ connection: env.connection, namespace, dataConverter });

    // 1. Subject: the real workflow and activities.
    const subjectQueue = `lifecycle-subject-${runId}`;
    const subjectWorker = await createTrajectoryWorker({
      address: env.address,
      namespace,
      taskQueue: subjectQueue,
      prisma: workerPrisma,
      config,
      dataConverter,
    });
    // The subject's worker runs until the subject is done: its outbox deliveries (own workflows)
    // have timers too, and the time-skipping server does not move on while a workflow task waits.
    const subjectRunning = subjectWorker.run();
    const subjectRun = await drive(
      env,
      subjectTarget(subjectClient, subjectQueue, db),
      runId,
      trajectories,
      concurrency,
    );
    const subjectShape = await historyShape(subjectClient, subjectRun.handles, concurrency);
    const closed = await db.prisma.trajectory.count({
      where: { id: { startsWith: `subject-${runId}` }, status: 'CLOSED' },
    });
    console.log(
      `lifecycle: subject klaar: ${subjectRun.wallSeconds.toFixed(1)} s, ${subjectShape.totals.workflowTasks} workflowtaken, ` +
        `piek-RSS ${subjectRun.peakRssMb} MB, ${closed} afgesloten, ${subjectRun.errors.count} fouten; load ${load()}`,
    );
    subjectWorker.shutdown();
    await subjectRunning;

    // 2. Baseline: as many timers per trajectory as the subject started, same script, on a fresh
    // time-skipping server of its own. On the subject's server (as before) a 1,000-trajectory
    // baseline also carried the subject's thousands of outbox delivery workflows and their timers
    // (and the subject's worker), and was slower per step than the subject itself.
    baselineEnv = await createWorkflowTestEnv();
    const baseEnv = baselineEnv;
    const baselineQueue = `lifecycle-baseline-${runId}`;
    const baselineWorker = await Worker.create({
      connection: baseEnv.nativeConnection,
      namespace: baseEnv.namespace ?? 'default',
      taskQueue: baselineQueue,
      workflowsPath: BASELINE_PATH,
      activities: { touch: async (counter: number) => counter },
    });
    const per = subjectShape.perTrajectory;
    const timers = Math.max(1, Math.round(per.timers));
    const timerActivities = Math.max(0, Math.min(timers, Math.round(per.activities - per.signals - per.updates)));
    console.log(`lifecycle: subject per traject: ${JSON.stringify(subjectShape.perTrajectory)}`);
    const baselineRun = await baselineWorker.runUntil(
      drive(
        baseEnv,
        baselineTarget(baseEnv.client, baselineQueue, { timers, timerActivities }),
        runId,
        trajectories,
        concurrency,
      ),
    );
    const baselineShape = await historyShape(baseEnv.client, baselineRun.handles, concurrency);

    const figures = (run: typeof subjectRun, shape: typeof subjectShape, completed: number): TargetFigures => ({
      wallSeconds: Math.round(run.wallSeconds * 10) / 10,
      failures: run.errors.count,
      failureSamples: run.errors.samples,
      completed,
      perTrajectory: shape.perTrajectory,
      workflowTasksPerSecond: Math.round((shape.totals.workflowTasks / run.wallSeconds) * 10) / 10,
      peakRssMb: run.peakRssMb,
    });
    const result = {
      at: new Date().toISOString(),
      trajectories,
      concurrency,
      cores: os.cpus().length,
      loadAtEnd: load(),
      baseline: figures(baselineRun, baselineShape, baselineRun.handles.length - baselineRun.errors.count),
      subject: figures(subjectRun, subjectShape, closed),
      wallTimeRatio: Math.round((subjectRun.wallSeconds / baselineRun.wallSeconds) * 100) / 100,
    };
    report(result);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/lifecycle.json', import.meta.url), JSON.stringify(result, null, 2));
  } finally {
    await workerPrisma.$disconnect().catch(() => undefined);
    await env.teardown().catch(() => undefined);
    await baselineEnv?.teardown().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

function report(result: {
  trajectories: number;
  baseline: TargetFigures;
  subject: TargetFigures;
  wallTimeRatio: number;
  loadAtEnd: string;
}): void {
  const rows: Array<[string, (f: TargetFigures) => string | number]> = [
    ['wandkloktijd (s)', (f) => f.wallSeconds],
    ['workflowtaken/s', (f) => f.workflowTasksPerSecond],
    ['piek-RSS worker (MB)', (f) => f.peakRssMb],
    ['history-events per traject', (f) => f.perTrajectory.events],
    ['workflowtaken per traject', (f) => f.perTrajectory.workflowTasks],
    ['timers per traject', (f) => f.perTrajectory.timers],
    ['activiteiten per traject', (f) => f.perTrajectory.activities],
    ['signalen / updates per traject', (f) => `${f.perTrajectory.signals} / ${f.perTrajectory.updates}`],
    ['afgerond', (f) => `${f.completed} van ${result.trajectories}`],
    ['fouten', (f) => f.failures],
  ];
  console.log(`\n| P3 levensloop (${result.trajectories} trajecten) | baseline | subject |\n|---|---|---|`);
  for (const [label, pick] of rows) console.log(`| ${label} | ${pick(result.baseline)} | ${pick(result.subject)} |`);
  console.log(
    `\nwandkloktijd subject/baseline: ${result.wallTimeRatio}× (doel ≤ 1,5×); load aan het eind ${result.loadAtEnd}`,
  );
  for (const sample of [...result.subject.failureSamples, ...result.baseline.failureSamples])
    console.log(`fout: ${sample}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
