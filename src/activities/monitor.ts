/** Events for the regional monitor (e.g. a missed PIP deadline), idempotent by key. */
import type { PrismaClient } from '../db/client';

export interface MonitorEventInput {
  key: string;
  trajectoryId: string;
  gemeente: string;
  type: string;
  data?: Record<string, string | number | boolean | null>;
}

export function createMonitorActivities(deps: { prisma: PrismaClient }) {
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
          },
        ],
        skipDuplicates: true,
      });
      return created.count > 0;
    },
  };
}
