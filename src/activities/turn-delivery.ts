/**
 * Starting the delivery workflow of an outbox message from inside an activity (the turn, the
 * notices of the DUO sender): one delivery per key, on the worker's own task queue.
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  OUTBOX_DELIVERY_WORKFLOW_TYPE,
  outboxDeliveryWorkflowId,
  type OutboxDeliveryInput,
} from '../workflows/outbox-delivery/messages';

/** Starts the delivery workflow of one outbox message; started before (or done) is fine. */
export type StartDelivery = (key: string) => Promise<void>;

/**
 * The default: the worker's own client (same namespace and data converter), the worker's task
 * queue. REJECT_DUPLICATE: one delivery per key, ever; a beheerder's retry has its own id.
 */
export const startDeliveryFromActivity: StartDelivery = async (key) => {
  const { client, info } = Context.current();
  const input: OutboxDeliveryInput = { key };
  try {
    await client.workflow.start(OUTBOX_DELIVERY_WORKFLOW_TYPE, {
      workflowId: outboxDeliveryWorkflowId(key),
      taskQueue: info.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
};
