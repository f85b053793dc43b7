/**
 * The whole service for DUO/privacy tests: a throw-away database, the run's Temporal dev
 * server with OUR data converter (payload codec) on worker and client, real workflows and
 * activities (plus outbox delivery), the API with DUO's Notificatie router mounted, listening
 * on a port so that the DUO simulator can call it, and a logger whose lines are captured.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { inject } from 'vitest';
import { createActivities } from '../../../src/activities';
import { createOutboxDeliveryActivities } from '../../../src/activities/outbox-delivery';
import { createApp, resolveDeps } from '../../../src/api/app';
import { createDuoIntegration } from '../../../src/api/duo/wiring';
import { loadConfig, type Config } from '../../../src/config';
import { createDuoClient } from '../../../src/integrations/duo/client';
import { REDACTED_PATHS } from '../../../src/logger';
import { codecKeysFromRecord, generateCodecKey } from '../../../src/temporal/codec';
import { createDataConverter } from '../../../src/temporal/data-converter';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../../../src/worker';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../../scripts/duo/simulator';
import { createTestDatabase, type TestDatabase } from '../../support/db';

export const GEMEENTEN = ['altena', 'drimmelen', 'geertruidenberg', 'oosterhout'];

export interface DuoStack {
  url: string;
  app: ReturnType<typeof createApp>;
  db: TestDatabase;
  config: Config;
  /** Client WITH the codec. */
  client: Client;
  /** The connection, for raw (undecoded) history. */
  connection: Connection;
  sim: DuoSimulator;
  logLines: string[];
  delivery: ReturnType<typeof createOutboxDeliveryActivities>;
  apiDeps: ReturnType<typeof resolveDeps>;
  close(): Promise<void>;
}

export async function createDuoStack(): Promise<DuoStack> {
  const address = inject('temporalAddress');
  const taskQueue = `duo-test-${randomUUID()}`;
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    GEMEENTEN: GEMEENTEN.join(','),
    // One key per harness: trajectory ids (hence workflow ids) derive from it, and every test
    // file shares one Temporal dev server — a fixed key made two files' workflows collide.
    PSEUDONYM_KEY: `test-pseudonym-${randomUUID()}`,
    LOG_LEVEL: 'info',
  });
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[verwijderd]' } },
    new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    }),
  );
  const dataConverter = createDataConverter(codecKeysFromRecord({ test1: generateCodecKey() }, 'test1'));
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });

  const sim = await startDuoSimulator();
  const duo = createDuoClient({
    baseUrl: sim.url,
    sourceOin: SIM_GEMEENTE_OIN,
    targetOin: SIM_DUO_OIN,
    timeoutMs: 5_000,
  });
  const delivery = createOutboxDeliveryActivities({ prisma: db.prisma, keyrings: {}, duo: { duo } });

  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
    activities: { ...createActivities({ prisma: db.prisma }), ...delivery },
    dataConverter,
  });
  const running = worker.run();

  const apiDeps = { config, prisma: db.prisma, temporal: client, logger, databaseUrl: db.url };
  const integration = createDuoIntegration({
    apiDeps: resolveDeps(apiDeps),
    duo,
    duoOin: SIM_DUO_OIN,
    gemeenteByOin: { [SIM_GEMEENTE_OIN]: 'altena' },
    // Sender authentication (mutual TLS, proxy header) has its own test (duo-sender-auth.test.ts);
    // here the simulator stands for an authenticated DUO.
    authenticateSender: () => ({ authenticated: true, oin: SIM_DUO_OIN }),
  });
  const app = createApp({ ...apiDeps, extraRouters: [{ path: '/duo/v1', router: integration.router }] });
  let server!: Server;
  const url = await new Promise<string>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  sim.setNotifyUrl(`${url}/duo/v1/notificaties`);

  return {
    url,
    app,
    db,
    config,
    client,
    connection,
    sim,
    logLines,
    delivery,
    apiDeps: resolveDeps(apiDeps),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await sim.close().catch(() => undefined);
      worker.shutdown();
      await running.catch(() => undefined);
      await nativeConnection.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await db.drop();
    },
  };
}
