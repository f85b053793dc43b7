/**
 * Delivers one outbox message (partner or DUO) as its own small workflow, started by the
 * trajectory workflow as an abandoned child. Delivery can take hours when a partner is down;
 * running it apart keeps the trajectory's main loop, its timers and its continue-as-new free,
 * and a beheerder sees each delivery (and its attempts) in the Web UI.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { NON_RETRYABLE_DELIVERY_ERRORS, OUTBOX_DELIVERY } from '../../temporal/activity-presets';
import type { OutboxDeliveryInput, OutboxDeliveryResult } from './messages';

const { deliverOutboxMessage } = proxyActivities<Activities>(OUTBOX_DELIVERY);

export async function outboxDeliveryWorkflow(input: OutboxDeliveryInput): Promise<OutboxDeliveryResult> {
  try {
    const outcome = await deliverOutboxMessage({ key: input.key });
    return { key: input.key, status: outcome.status };
  } catch (error) {
    // A refusal is final and already became a task for a person: the delivery ends here.
    if (
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      NON_RETRYABLE_DELIVERY_ERRORS.includes(error.cause.type ?? '')
    ) {
      return { key: input.key, status: 'REFUSED' };
    }
    throw error;
  }
}
