/** Everything the worker bundles. */
export { trajectoryWorkflow } from './trajectory/workflow';
export { outboxDeliveryWorkflow } from './outbox-delivery/workflow';
export { inboxDrainWorkflow } from './inbox-drain/workflow';
export { consulentDigestWorkflow } from './consulent-digest/workflow';
export { swiQuarterWorkflow, swiScheduledWorkflow } from './swi/workflow';
