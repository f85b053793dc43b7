/**
 * The Temporal worker: runs trajectory workflows and their activities. Activities get their
 * dependencies (database, partner endpoints) injected here, as in the Temporal samples.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker, type Logger } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities } from './activities';
import type { PrismaClient } from './db/client';
import type { Config } from './config';
import { buildOutboxDeliveryDeps } from './runtime/composition';
import { workerTracingOptions, type Tracing } from './observability/tracing';

export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once per worker thread and shared by all its workflows (the SDK's
 * `preloadModules`). Every other module of the bundle is evaluated again for each workflow the
 * worker creates or brings back into its cache: the reused V8 context keeps workflows apart.
 * Only pure modules without per-workflow state belong here. "Today" keeps its Intl formatter
 * and the last day asked for (pure caches): built again for every workflow they cost 0.7 ms of
 * worker CPU per trajectory start (profile of 600 starts).
 */
export const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: [fileURLToPath(new URL('./domain/today.ts', import.meta.url))],
};

/** The workflow bundle the worker runs, for a prebuilt WORKFLOW_BUNDLE_PATH (benches, fault runs, tests). */
export function bundleWorkflows(logger: Logger) {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger, ...WORKFLOW_BUNDLER_OPTIONS });
}

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  config: Config;
  dataConverter?: DataConverter;
  /** Traces through workflows and activities (src/observability/tracing.ts); null: none. */
  tracing?: Tracing | null;
}

export async function createTrajectoryWorker(options: WorkerOptions): Promise<Worker> {
  const connection = await NativeConnection.connect({ address: options.address });
  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // A prebuilt bundle (WORKFLOW_BUNDLE_PATH, made by bundleWorkflowCode) starts in a second
    // instead of bundling the workflow code at every start.
    ...(options.config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: options.config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: WORKFLOW_BUNDLER_OPTIONS }),
    activities: createActivities({
      prisma: options.prisma,
      delivery: buildOutboxDeliveryDeps(options.config),
    }),
    dataConverter: options.dataConverter,
    ...(options.config.WORKER_MAX_CACHED_WORKFLOWS !== undefined
      ? { maxCachedWorkflows: options.config.WORKER_MAX_CACHED_WORKFLOWS }
      : {}),
    ...workerTracingOptions(options.tracing ?? null, { workflows: true }),
  });
}
