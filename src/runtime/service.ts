/**
 * Starts this process's roles (API, worker, or both) against a given PostgreSQL and
 * Temporal, and stops them in the right order. Shared by `npm start` (both roles, embedded
 * servers) and `src/main.ts` (one role per container in docker-compose). Each role's code is
 * loaded only when the process runs it: a worker process never loads the API.
 */
import http from 'node:http';
import { isLoopbackHost, type Config } from '../config';
import { serveMetrics } from '../observability/metrics';
import type { Logger } from '../logger';
import { createPrismaClient } from '../db/client';
import { connectClient } from '../temporal/connection';
import { buildDataConverter } from './composition';
import { ensureSwiSchedule } from '../swi/schedule';
import { ensureDigestSchedule } from '../temporal/digest-schedule';
import { redeliverWaitingMessages } from '../temporal/outbox-redelivery';
import { OUTBOX_STATUS } from '../activities/outbox';
import { installTemporalRuntime } from '../temporal/runtime';
import { clientTracingInterceptors, startTracing } from '../observability/tracing';

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
  /** With the development keys: where the development partners deliver (the partner simulator). */
  developmentPartnerEndpointUrl?: string;
}): Promise<RunningService> {
  const { config, logger } = options;
  // One log stream (the SDK's output through pino) and the worker's SDK metrics: before any connection.
  installTemporalRuntime({ logger, metricsBindAddress: config.TEMPORAL_METRICS_BIND });
  const prisma = createPrismaClient(options.databaseUrl, { poolMax: config.DATABASE_POOL_MAX });
  // One data converter (payload encryption) for worker and client alike.
  const dataConverter = buildDataConverter(config);
  // Traces (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set): before any client or worker exists.
  const tracing = await startTracing({
    serviceName: options.roles.length === 1 ? `inburgering-${options.roles[0]}` : 'inburgering',
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const interceptors = clientTracingInterceptors(tracing);
  const stops: Array<() => Promise<void>> = [() => prisma.$disconnect()];
  // Last: flush the spans of everything stopped before.
  if (tracing) stops.push(() => tracing.shutdown());
  const stop = async () => {
    const failures: unknown[] = [];
    for (const step of stops) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'Stoppen niet volledig gelukt');
  };

  try {
    if (options.roles.includes('worker')) {
      const { createTrajectoryWorker } = await import('../worker');
      const worker = await createTrajectoryWorker({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        prisma,
        config,
        dataConverter,
        tracing,
      });
      const running = worker.run();
      // Shutdown lets running activity and workflow tasks finish: no work is lost.
      stops.unshift(async () => {
        // The SDK also reacts to SIGINT/SIGTERM itself: it may be draining already.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
      logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker gestart');
      // The quarterly CBS delivery (SWI): the schedule follows the served gemeenten.
      const scheduler = await connectClient({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter,
        ...(interceptors ? { interceptors } : {}),
      });
      try {
        const outcome = await ensureSwiSchedule(scheduler, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          gemeenten: config.GEMEENTEN,
        });
        logger.info({ outcome }, 'SWI-kwartaalschema ingesteld');
      } catch (error) {
        logger.warn({ err: error }, 'SWI-kwartaalschema niet ingesteld (volgende start opnieuw)');
      }
      try {
        const outcome = await ensureDigestSchedule(scheduler, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          hour: config.NOTICE_DIGEST_HOUR,
        });
        logger.info({ outcome, hour: config.NOTICE_DIGEST_HOUR }, 'schema dagoverzicht meldingen ingesteld');
      } catch (error) {
        logger.warn({ err: error }, 'schema dagoverzicht niet ingesteld (volgende start opnieuw)');
      }
      if (config.DUO_BASE_URL) {
        // Messages that waited for the DUO connection (WACHT_OP_DUO) go now that DUO is configured.
        try {
          const sent = await redeliverWaitingMessages(scheduler, prisma, config.TEMPORAL_TASK_QUEUE, {
            recipient: 'DUO',
            statuses: [OUTBOX_STATUS.WAITING_FOR_DUO],
          });
          if (sent > 0) logger.info({ sent }, 'DUO-berichten die op de koppeling wachtten worden verstuurd');
        } catch (error) {
          logger.warn({ err: error }, 'wachtende DUO-berichten niet verstuurd (volgende start opnieuw)');
        }
      }
      await scheduler.connection.close();
      if (!options.roles.includes('api')) {
        const health = await startWorkerHealthServer(config, () => worker.getState());
        stops.unshift(health.close);
      }
    }

    let developmentKeys: RunningService['developmentKeys'] = [];
    if (options.roles.includes('api')) {
      const [{ startApiServer }, { seedDevelopmentKeys }, { buildApiExtras }, inbox, werkplek] = await Promise.all([
        import('../api/server'),
        import('../api/auth/seed-dev-keys'),
        import('../api/extras'),
        Promise.all([import('../api/inbox/activities'), import('../api/inbox/worker')]),
        Promise.all([import('../werkplek/auth/dev-accounts'), import('../werkplek/werkplek')]),
      ]);
      const [{ createInboxActivities }, { createInboxWorker, ensureInboxDrainSchedule }] = inbox;
      const [{ developmentAccounts, seedDevelopmentPeople }, { usesDevelopmentIdentityProvider }] = werkplek;
      const temporal = await connectClient({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter,
        ...(interceptors ? { interceptors } : {}),
      });
      stops.push(() => temporal.connection.close());
      if (options.seedDevelopmentKeys) {
        developmentKeys = await seedDevelopmentKeys(prisma, config.GEMEENTEN, {
          ...(options.developmentPartnerEndpointUrl
            ? { partnerEndpointUrl: options.developmentPartnerEndpointUrl }
            : {}),
        });
      }
      if (options.seedDevelopmentKeys && usesDevelopmentIdentityProvider(config)) {
        await seedDevelopmentPeople(prisma, developmentAccounts(config.GEMEENTEN));
      }
      const apiDeps = { config, prisma, temporal, logger, databaseUrl: options.databaseUrl };
      const extras = buildApiExtras(config, apiDeps);
      const api = await startApiServer({ ...apiDeps, extraRouters: extras.extraRouters });
      stops.unshift(() => api.close());

      // Inbox rows that could not be signalled (and DUO notifications whose pull failed) are
      // delivered by the inbox drain: a Temporal Schedule, with its activities run here.
      const inboxWorker = await createInboxWorker({
        address: options.temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        dataConverter,
        tracing,
        activities: createInboxActivities({
          prisma,
          temporal,
          logger: logger.child({ component: 'inbox-drain' }),
          signalTimeoutMs: 5_000,
          ...(extras.duoNotifications ? { duo: extras.duoNotifications } : {}),
        }),
      });
      const inboxRunning = inboxWorker.run();
      stops.unshift(async () => {
        if (inboxWorker.getState() === 'RUNNING') inboxWorker.shutdown();
        await inboxRunning;
      });
      await ensureInboxDrainSchedule(temporal, config.TEMPORAL_TASK_QUEUE);
      if (extras.duoListener) {
        const { startDuoNotificatieListener } = await import('../api/duo/listener');
        const listener = await startDuoNotificatieListener(extras.duoListener);
        stops.unshift(() => listener.close());
        logger.info({ port: listener.port }, 'DUO Notificatie API (mutual TLS) gestart');
      }
      logger.info({ port: config.PORT }, 'API gestart');
    }
    return { developmentKeys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A worker-only process has no API: this answers GET /healthz for container health checks, and
 * GET /metrics (this process's metrics, e.g. DUO calls; same access rules as the API's).
 */
async function startWorkerHealthServer(config: Config, state: () => string): Promise<{ close: () => Promise<void> }> {
  const port = config.WORKER_HEALTH_PORT;
  const metricsSettings = { token: config.METRICS_TOKEN, host: config.HOST, loopback: isLoopbackHost(config.HOST) };
  const server = http.createServer((request, response) => {
    if (request.url === '/metrics' && request.method === 'GET') {
      void serveMetrics(metricsSettings, request, response).catch(() => response.destroy());
      return;
    }
    const current = state();
    const healthy = request.url === '/healthz' && current === 'RUNNING';
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', worker: current }));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
