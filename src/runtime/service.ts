/**
 * Starts this process's roles (API, worker, or both) against a given PostgreSQL and
 * Temporal, and stops them in the right order. Shared by `npm start` (both roles, embedded
 * servers) and `src/main.ts` (one role per container in docker-compose).
 */
import http from 'node:http';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createPrismaClient } from '../db/client';
import { connectClient } from '../temporal/connection';
import { createTrajectoryWorker } from '../worker';
import { startApiServer } from '../api/server';
import { startDuoNotificatieListener } from '../api/duo/listener';
import { seedDevelopmentKeys } from '../api/auth/seed-dev-keys';
import { buildApiExtras, buildDataConverter } from './composition';

export type Role = 'api' | 'worker';

export interface RunningService {
  developmentKeys: Array<{ label: string; key: string }>;
  stop(): Promise<void>;
}

export async function startService(options: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  temporalAddress: string;
  roles: Role[];
  seedDevelopmentKeys: boolean;
}): Promise<RunningService> {
  const { config, logger } = options;
  const prisma = createPrismaClient(options.databaseUrl);
  // One data converter (payload encryption) for worker and client alike.
  const dataConverter = buildDataConverter(config);
  const stops: Array<() => Promise<void>> = [() => prisma.$disconnect()];
  const stop = async () => {
    const failures: unknown[] = [];
    for (const step of stops) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'Stoppen niet volledig gelukt');
  };

  try {
    if (options.roles.includes('worker')) {
      const worker = await createTrajectoryWorker({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        prisma,
        config,
        dataConverter,
      });
      const running = worker.run();
      // Shutdown lets running activity and workflow tasks finish: no work is lost.
      stops.unshift(async () => {
        // The SDK also reacts to SIGINT/SIGTERM itself: it may be draining already.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
      logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker gestart');
      if (!options.roles.includes('api')) {
        const health = await startWorkerHealthServer(config.WORKER_HEALTH_PORT, () => worker.getState());
        stops.unshift(health.close);
      }
    }

    let developmentKeys: RunningService['developmentKeys'] = [];
    if (options.roles.includes('api')) {
      const temporal = await connectClient({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter,
      });
      stops.push(() => temporal.connection.close());
      if (options.seedDevelopmentKeys) developmentKeys = await seedDevelopmentKeys(prisma, config.GEMEENTEN);
      const apiDeps = { config, prisma, temporal, logger, databaseUrl: options.databaseUrl };
      const extras = buildApiExtras(config, apiDeps);
      const api = await startApiServer({ ...apiDeps, extraRouters: extras.extraRouters });
      stops.unshift(() => api.close());
      if (extras.duoListener) {
        const listener = await startDuoNotificatieListener(extras.duoListener);
        stops.unshift(() => listener.close());
        logger.info({ port: listener.port }, 'DUO Notificatie API (mutual TLS) gestart');
      }
      if (extras.retryPendingDuoNotifications) {
        const retry = extras.retryPendingDuoNotifications;
        // DUO notifications whose pull failed (DUO unreachable) are retried every minute.
        const timer = setInterval(() => {
          retry().catch((error: unknown) => logger.warn({ err: error }, 'DUO-notificaties opnieuw ophalen mislukt'));
        }, 60_000);
        stops.unshift(async () => clearInterval(timer));
      }
      logger.info({ port: config.PORT }, 'API gestart');
    }
    return { developmentKeys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A worker-only process has no API: this answers GET /healthz for container health checks. */
async function startWorkerHealthServer(port: number, state: () => string): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const current = state();
    const healthy = request.url === '/healthz' && current === 'RUNNING';
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', worker: current }));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
