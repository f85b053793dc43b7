/**
 * Re-delivery of outbox messages that waited for something a person or an operator has now
 * supplied: a partner of their kind assigned to the trajectory (WACHT_OP_PARTNER, and FAILED or
 * HELD_NO_CONSENT messages of that kind), or the DUO connection configured (WACHT_OP_DUO, at the
 * start of a worker with DUO). Each message gets a fresh delivery workflow next to its first
 * one (`outbox-<key>-retry-<stamp>`); the delivery activity checks everything again (consent,
 * endpoint), so re-delivering too eagerly only makes a message wait again.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/client';
import {
  OUTBOX_DELIVERY_WORKFLOW_TYPE,
  outboxRetryWorkflowId,
  type OutboxDeliveryInput,
  type OutboxDeliveryResult,
} from '../workflows/outbox-delivery/messages';

export interface RedeliverySelection {
  recipient: string;
  statuses: string[];
  trajectoryId?: string;
}

/** Starts a delivery for every selected message; returns how many were started. */
export async function redeliverWaitingMessages(
  client: Client,
  prisma: PrismaClient,
  taskQueue: string,
  selection: RedeliverySelection,
): Promise<number> {
  const messages = await prisma.outboxMessage.findMany({
    where: {
      recipient: selection.recipient,
      status: { in: selection.statuses },
      ...(selection.trajectoryId ? { trajectoryId: selection.trajectoryId } : {}),
    },
    select: { id: true, key: true, status: true },
    orderBy: { createdAt: 'asc' },
    take: 1000,
  });
  let started = 0;
  for (const message of messages) {
    // Conditional: a message that meanwhile changed (delivered, retried) is left alone.
    const claimed = await prisma.outboxMessage.updateMany({
      where: { id: message.id, status: message.status },
      data: { status: 'PENDING', lastError: null },
    });
    if (claimed.count === 0) continue;
    await client.workflow.start<(input: OutboxDeliveryInput) => Promise<OutboxDeliveryResult>>(
      OUTBOX_DELIVERY_WORKFLOW_TYPE,
      {
        workflowId: outboxRetryWorkflowId(message.key, `${Date.now()}-${started}`),
        taskQueue,
        args: [{ key: message.key }],
      },
    );
    started += 1;
  }
  return started;
}
