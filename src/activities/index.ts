/**
 * All activities of the worker, merged from one factory per area. The worker injects the
 * dependencies; tests inject fakes typed against `Activities`. To add an area: write
 * `create<Area>Activities(deps)` in its own file and spread it in below.
 */
import type { PrismaClient } from '../db/client';
import { createMonitorActivities } from './monitor';
import { createOutboxActivities } from './outbox';
import { createOutboxDeliveryActivities, type OutboxDeliveryDeps } from './outbox-delivery';
import { createProjectionActivities } from './projection';
import { createTaskActivities } from './tasks';
import { createSwiActivities } from '../swi/activities';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** Partner endpoints, DUO client, e-mail (src/runtime/composition.ts); none in most tests. */
  delivery?: Omit<OutboxDeliveryDeps, 'prisma'>;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createProjectionActivities(deps),
    ...createMonitorActivities(deps),
    ...createSwiActivities(deps),
    ...createOutboxActivities(deps),
    ...createOutboxDeliveryActivities({ ...deps.delivery, prisma: deps.prisma }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
