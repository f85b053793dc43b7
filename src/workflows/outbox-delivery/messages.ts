/**
 * The public contract of the outbox delivery workflow (workflow.ts beside it): its
 * type name, ids, input and result. The API imports this module, never the workflow body.
 */
export const OUTBOX_DELIVERY_WORKFLOW_TYPE = 'outboxDeliveryWorkflow';

export interface OutboxDeliveryInput {
  /** OutboxMessage.key */
  key: string;
}

export interface OutboxDeliveryResult {
  key: string;
  status: 'DELIVERED' | 'ALREADY_DELIVERED' | 'HELD_NO_CONSENT' | 'WAITING' | 'REFUSED';
}

/** Workflow id of the delivery of one message: one delivery per key. */
export function outboxDeliveryWorkflowId(key: string): string {
  return `outbox-${key}`;
}

/**
 * Workflow id of a beheerder's retry of a stuck message: next to (never colliding with) the
 * first delivery `outbox-<key>` and with earlier retries.
 */
export function outboxRetryWorkflowId(key: string, stamp: string | number): string {
  return `${outboxDeliveryWorkflowId(key)}-retry-${stamp}`;
}
