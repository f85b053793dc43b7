/**
 * The worker's capacity settings reach the SDK: WORKER_MAX_CACHED_WORKFLOWS bounds the sticky
 * cache (the worker's memory beside many idle trajectories); unset, the SDK's default applies.
 */
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTrajectoryWorker } from '../../src/worker';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const workers: Worker[] = [];
beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
});
afterAll(async () => {
  // A worker that never ran cannot shut down: run each, then stop it (closing its connection).
  await Promise.all(
    workers.map(async (worker) => {
      const running = worker.run();
      await new Promise((resolve) => setImmediate(resolve));
      worker.shutdown();
      await running;
    }),
  );
  await h?.close();
});

async function workerWith(config: ApiHarness['config']): Promise<Worker> {
  const worker = await createTrajectoryWorker({
    address: inject('temporalAddress'),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: `worker-settings-${workers.length}`,
    prisma: h.db.prisma,
    config,
  });
  workers.push(worker);
  return worker;
}

describe('worker settings', () => {
  it('WORKER_MAX_CACHED_WORKFLOWS sets the cache size; unset leaves the SDK default', async () => {
    const bounded = await workerWith({ ...h.config, WORKER_MAX_CACHED_WORKFLOWS: 7 });
    expect(bounded.options.maxCachedWorkflows).toBe(7);
    const { WORKER_MAX_CACHED_WORKFLOWS: _unset, ...rest } = h.config;
    const sdkDefault = await workerWith(rest as ApiHarness['config']);
    expect(sdkDefault.options.maxCachedWorkflows).toBeGreaterThan(7);
  });
});
