/**
 * All activities of the worker, merged from one factory per area. The worker injects the
 * dependencies; tests inject fakes typed against `Activities`. To add an area: write
 * `create<Area>Activities(deps)` in its own file and spread it in below.
 *
 * The trajectory workflow has one activity: `applyTrajectoryTurn` (turn.ts), which writes a
 * turn's tasks, monitor events, outbox rows and projection in one transaction with the write
 * functions of tasks.ts, monitor.ts, outbox.ts and projection.ts.
 */
import type { PrismaClient } from '../db/client';
import { createOutboxDelivery, type OutboxDeliveryDeps } from './outbox-delivery';
import { createDigestActivities } from './digest';
import { createTurnActivities } from './turn';
import { createSwiActivities } from '../swi/activities';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** Partner endpoints, DUO client, e-mail (src/runtime/composition.ts); none in most tests. */
  delivery?: Omit<OutboxDeliveryDeps, 'prisma'>;
}

export function createActivities(deps: ActivityDeps) {
  // One deliverer: the delivery workflow's activity and the turn's settling share its DUO sender.
  const delivery = createOutboxDelivery({ ...deps.delivery, prisma: deps.prisma });
  return {
    ...createTurnActivities({ prisma: deps.prisma, settleOffline: delivery.settleOffline }),
    ...createDigestActivities(deps),
    ...createSwiActivities(deps),
    ...delivery.activities,
  };
}

export type Activities = ReturnType<typeof createActivities>;
