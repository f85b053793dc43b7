/** Events for the regional monitor (e.g. a missed PIP deadline), idempotent by key. */
import type { Prisma } from '../db/client';
import { monitorEventDate } from '../domain/monitor-events';
import { amsterdamDateOf } from '../domain/period';

export interface MonitorEventInput {
  key: string;
  trajectoryId: string;
  gemeente: string;
  type: string;
  data?: Record<string, string | number | boolean | null>;
}

export function createMonitorActivities(deps: { prisma: Prisma.TransactionClient }) {
  const { prisma } = deps;
  return {
    async recordMonitorEvent(input: MonitorEventInput): Promise<boolean> {
      const created = await prisma.monitorEvent.createMany({
        data: [
          {
            key: input.key,
            trajectoryId: input.trajectoryId,
            gemeente: input.gemeente,
            type: input.type,
            data: input.data ?? {},
            // The day it counts on (src/domain/monitor-events.ts), else the day it is recorded.
            occurredOn: new Date(
              `${monitorEventDate(input.type, input.data ?? {}) ?? amsterdamDateOf(new Date())}T00:00:00.000Z`,
            ),
          },
        ],
        skipDuplicates: true,
      });
      return created.count > 0;
    },
  };
}
