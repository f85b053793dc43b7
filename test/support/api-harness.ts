/**
 * The API under test: a throw-away database, a client on the run's Temporal dev server, a
 * worker on a unique task queue (real workflows and activities), and the app for supertest.
 *
 *   const h = await createApiHarness();           // beforeAll
 *   await request(h.app).get('/tasks').set(h.auth('consulent', 'altena'))
 *   await h.close();                              // afterAll
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import pino from 'pino';
import { inject } from 'vitest';
import { createActivities } from '../../src/activities';
import { createApp } from '../../src/api/app';
import { developmentPartnerId, seedDevelopmentKeys, type DevelopmentKey } from '../../src/api/auth/seed-dev-keys';
import type { ApiDeps } from '../../src/api/http/deps';
import { loadConfig, type Config } from '../../src/config';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../../src/worker';
import { createTestDatabase, type TestDatabase } from './db';

export const GEMEENTEN = ['altena', 'drimmelen', 'geertruidenberg', 'oosterhout'];

export interface ApiHarness {
  app: ReturnType<typeof createApp>;
  db: TestDatabase;
  config: Config;
  client: Client;
  worker: Worker | null;
  keys: DevelopmentKey[];
  /** Authorization header of a development key. */
  auth(role: 'consulent' | 'teamleider' | 'beheerder', gemeente: string | 'regio'): { Authorization: string };
  partnerAuth(kind: string): { Authorization: string };
  partnerId(kind: string): string;
  /** Another app on the same database and config, with other deps (e.g. a dead Temporal client). */
  appWith(overrides: Partial<ApiDeps>): ReturnType<typeof createApp>;
  /**
   * A second worker on its own task queue with some activities replaced (e.g. one that always
   * throws), and an app that starts trajectories on that queue.
   */
  workerWith(activities: Partial<ReturnType<typeof createActivities>>): Promise<ExtraWorker>;
  close(): Promise<void>;
}

export interface ExtraWorker {
  taskQueue: string;
  app: ReturnType<typeof createApp>;
  stop(): Promise<void>;
}

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Worker/runtime logs at ERROR unless TEST_LOG_LEVEL asks for more (once per test process). */
function quietTemporalRuntime(): void {
  const level = (process.env.TEST_LOG_LEVEL?.toUpperCase() ?? 'ERROR') as LogLevel;
  try {
    Runtime.install({
      logger: new DefaultLogger(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'ERROR'),
    });
  } catch {
    // Already installed in this process (another harness, or the SDK's default): keep it.
  }
}

export async function createApiHarness(
  options: {
    withWorker?: boolean;
    appDeps?: Partial<ApiDeps>;
    env?: Record<string, string>;
    /** The worker's delivery dependencies (e.g. a mailer to a sink); none by default. */
    delivery?: Parameters<typeof createActivities>[0]['delivery'];
  } = {},
): Promise<ApiHarness> {
  quietTemporalRuntime();
  const address = inject('temporalAddress');
  const taskQueue = `api-test-${randomUUID()}`;
  const db = await createTestDatabase();
  const config = loadConfig({
    // Development on loopback: the only mode that accepts the development keys the tests use.
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    // Tests send many deliberately unauthenticated requests; the limiter has its own test.
    AUTH_FAILURE_LIMIT: '1000000',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    GEMEENTEN: GEMEENTEN.join(','),
    // One key per harness: trajectory ids (hence workflow ids) derive from it, and every test
    // file shares one Temporal dev server — a fixed key made two files' workflows collide.
    PSEUDONYM_KEY: `test-pseudonym-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let nativeConnection: NativeConnection | null = null;
  if (options.withWorker !== false) {
    nativeConnection = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
      activities: createActivities({ prisma: db.prisma, ...(options.delivery ? { delivery: options.delivery } : {}) }),
    });
    running = worker.run();
  }

  const keys = await seedDevelopmentKeys(db.prisma, GEMEENTEN);
  const baseDeps: ApiDeps = {
    config,
    prisma: db.prisma,
    temporal: client,
    logger: silentLogger,
    databaseUrl: db.url,
    timeouts: { queryMs: 2_000, updateMs: 20_000, rpcMs: 3_000, readinessMs: 2_000 },
    ...options.appDeps,
  };
  const app = createApp(baseDeps);
  const extraWorkers: ExtraWorker[] = [];
  const find = (predicate: (key: DevelopmentKey) => boolean) => {
    const key = keys.find(predicate);
    if (!key) throw new Error('no such development key');
    return { Authorization: `Bearer ${key.key}` };
  };
  return {
    app,
    db,
    config,
    client,
    worker,
    keys,
    auth: (role, gemeente) => find((k) => k.role === role && k.gemeente === (gemeente === 'regio' ? null : gemeente)),
    partnerAuth: (kind) => find((k) => k.role === 'partner' && k.partnerId === developmentPartnerId(kind)),
    partnerId: developmentPartnerId,
    appWith: (overrides) => createApp({ ...baseDeps, ...overrides }),
    async workerWith(activities) {
      const extraQueue = `api-test-extra-${randomUUID()}`;
      const extraConnection = await NativeConnection.connect({ address });
      const extra = await Worker.create({
        connection: extraConnection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: extraQueue,
        workflowsPath: WORKFLOWS_PATH,
        bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
        activities: { ...createActivities({ prisma: db.prisma }), ...activities },
      });
      const extraRunning = extra.run();
      let stopped: Promise<void> | undefined;
      const handle: ExtraWorker = {
        taskQueue: extraQueue,
        app: createApp({ ...baseDeps, config: { ...config, TEMPORAL_TASK_QUEUE: extraQueue } }),
        stop: () =>
          (stopped ??= (async () => {
            extra.shutdown();
            await extraRunning.catch(() => undefined);
            await extraConnection.close().catch(() => undefined);
          })()),
      };
      extraWorkers.push(handle);
      return handle;
    },
    async close() {
      for (const extra of extraWorkers) await extra.stop();
      if (worker && running) {
        worker.shutdown();
        await running.catch(() => undefined);
      }
      await nativeConnection?.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await (app.locals.werkplek as { close(): Promise<void> } | undefined)?.close().catch(() => undefined);
      await db.drop();
    },
  };
}

/** A valid BSN (elfproef) per seed number, so tests never collide. */
export function testBsn(seed: number): string {
  for (let n = seed * 1000; ; n++) {
    const candidate = String(100_000_000 + (n % 800_000_000)).padStart(9, '0');
    const digits = [...candidate].map(Number);
    const sum = digits.reduce((t, d, i) => t + d * (i === 8 ? -1 : 9 - i), 0);
    if (sum % 11 === 0) return candidate;
  }
}
