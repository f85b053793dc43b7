/**
 * The inbox drain workflow (started by a Temporal Schedule): every due row is one activity on
 * the inbox task queue; a row that keeps failing after its retries waits for the next drain and
 * never stops the others.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INBOX_DRAIN_WORKFLOW_TYPE,
  type InboxDrainActivities,
  type InboxDrainResult,
} from '../../src/workflows/inbox-drain/messages';
import { bundleWorkflows, createWorkflowTestEnv, type Harness } from './helpers';

let harness: Harness;

beforeAll(async () => {
  const [env, bundle] = await Promise.all([createWorkflowTestEnv(), bundleWorkflows()]);
  harness = { env, bundle };
});

afterAll(async () => {
  await harness?.env.teardown();
});

describe('inbox drain workflow', () => {
  it('delivers every listed row as its own activity; a row that keeps failing is left for the next drain', async () => {
    const workflowQueue = `test-${randomUUID()}`;
    const inboxQueue = `${workflowQueue}-inbox`;
    const attempts = new Map<string, number>();
    const activities: InboxDrainActivities = {
      async listDueInboxRows({ limit }) {
        expect(limit).toBe(100);
        return [
          { id: 'a', kind: 'PARTNER' },
          { id: 'broken', kind: 'PARTNER' },
          { id: 'duo-1', kind: 'DUO' },
          { id: 'flaky', kind: 'PARTNER' },
          { id: 'closed', kind: 'PARTNER' },
        ];
      },
      async deliverPartnerInboxRow({ id }) {
        const attempt = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, attempt);
        if (id === 'broken' || (id === 'flaky' && attempt === 1)) {
          throw ApplicationFailure.retryable('Temporal onbereikbaar', 'InboxRowNotDelivered');
        }
        return id === 'closed' ? 'FAILED' : 'DELIVERED';
      },
      async processDuoInboxRow() {
        return 'IGNORED';
      },
    };
    const workflowWorker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: workflowQueue,
      workflowBundle: harness.bundle,
    });
    const inboxWorker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: inboxQueue,
      activities,
    });
    const result = await workflowWorker.runUntil(
      inboxWorker.runUntil(
        harness.env.client.workflow.execute(INBOX_DRAIN_WORKFLOW_TYPE, {
          workflowId: `inbox-drain-${randomUUID()}`,
          taskQueue: workflowQueue,
          args: [{ inboxTaskQueue: inboxQueue }],
        }) as Promise<InboxDrainResult>,
      ),
    );
    expect(result).toEqual({
      rows: 5,
      outcomes: { DELIVERED: 2, IGNORED: 1, FAILED: 1, PARKED: 0, SKIPPED: 0, RETRY_LATER: 1 },
    });
    // The INBOX_ROW preset: three attempts for the broken row, a second one that helped for the flaky row.
    expect(attempts.get('broken')).toBe(3);
    expect(attempts.get('flaky')).toBe(2);
  });
});
