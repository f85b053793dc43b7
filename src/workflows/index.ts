/** Everything the worker bundles. */
export { trajectoryWorkflow } from './trajectory/workflow';
export { outboxDeliveryWorkflow } from './outbox-delivery';
export { swiQuarterWorkflow, swiScheduledWorkflow } from './swi/workflow';
