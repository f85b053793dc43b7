/**
 * Outbox delivery runs as its own workflow per message (abandoned child of the trajectory):
 * an outage is retried with backoff, a refusal ends the delivery (a person got a task).
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_REJECTED, DELIVERY_UNAVAILABLE } from '../../src/temporal/activity-presets';
import { outboxDeliveryWorkflow } from '../../src/workflows/outbox-delivery/workflow';
import { bundleWorkflows, createWorkflowTestEnv, fakeActivities, type Harness } from './helpers';

let harness: Harness;

beforeAll(async () => {
  const [env, bundle] = await Promise.all([createWorkflowTestEnv(), bundleWorkflows()]);
  harness = { env, bundle };
});

afterAll(async () => {
  await harness?.env.teardown();
});

async function deliverWith(deliver: (attempt: number) => Promise<{ status: 'DELIVERED'; attempts: number }>) {
  const taskQueue = `test-${randomUUID()}`;
  const { activities } = fakeActivities();
  let attempts = 0;
  const worker = await Worker.create({
    connection: harness.env.nativeConnection,
    taskQueue,
    workflowBundle: harness.bundle,
    activities: { ...activities, deliverOutboxMessage: () => deliver(++attempts) },
  });
  const result = await worker.runUntil(
    harness.env.client.workflow.execute(outboxDeliveryWorkflow, {
      taskQueue,
      workflowId: `outbox-test-${randomUUID()}`,
      args: [{ key: 'trajectory-x/outbox/PIP_VASTGESTELD' }],
    }),
  );
  return { result, attempts };
}

describe('outbox delivery workflow', () => {
  it('retries a partner outage with backoff until the message is delivered', async () => {
    const { result, attempts } = await deliverWith(async (attempt) => {
      if (attempt < 3) throw ApplicationFailure.retryable('503 van partner', DELIVERY_UNAVAILABLE);
      return { status: 'DELIVERED', attempts: attempt };
    });
    expect(result.status).toBe('DELIVERED');
    expect(attempts).toBe(3);
  });

  it('ends after a refusal (4xx) without retrying: the activity made a task for a person', async () => {
    const { result, attempts } = await deliverWith(async () => {
      throw ApplicationFailure.nonRetryable('422 van partner: onbekend veld', DELIVERY_REJECTED);
    });
    expect(result.status).toBe('REFUSED');
    expect(attempts).toBe(1);
  });
});
