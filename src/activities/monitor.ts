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

/** Who moved the trajectory: the workflow, on DUO's SS120/SS121. */
export const MOVE_ACTOR = 'systeem:duo-verhuizing';

export function createMonitorActivities(deps: { prisma: Prisma.TransactionClient }) {
  const { prisma } = deps;

  /**
   * A move to another gemeente of this installation: an audit row in the same transaction as
   * the monitor record (the trajectory changed hands by DUO's notification, not by a person).
   */
  async function auditMoveOut(input: MonitorEventInput): Promise<void> {
    const data = input.data ?? {};
    await prisma.auditLog.create({
      data: {
        actorId: MOVE_ACTOR,
        action: 'TRAJECT_VERHUISD',
        trajectoryId: input.trajectoryId,
        details: {
          vanGemeente: String(data.vanGemeente ?? input.gemeente),
          naarGemeente: String(data.naarGemeente ?? ''),
          datum: String(data.datum ?? ''),
        },
      },
    });
  }

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
      if (created.count > 0 && input.type === 'VERHUISD_UIT') await auditMoveOut(input);
      return created.count > 0;
    },
  };
}
