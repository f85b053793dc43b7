import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { sampleView } from './sample-view';

let db: TestDatabase;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  db = await createTestDatabase();
  activities = createActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.drop();
});

describe('projection activity', () => {
  it('an older state version never overwrites a newer one', async () => {
    const workflowId = 'trajectory-p1';
    expect(
      await activities.projectTrajectory({
        workflowId,
        view: sampleView({ trajectoryId: 'p1', stateVersion: 1, phase: 'BREDE_INTAKE' }),
      }),
    ).toBe('CREATED');
    expect(
      await activities.projectTrajectory({
        workflowId,
        view: sampleView({ trajectoryId: 'p1', stateVersion: 3, phase: 'LEERROUTE' }),
      }),
    ).toBe('UPDATED');
    expect(
      await activities.projectTrajectory({
        workflowId,
        view: sampleView({ trajectoryId: 'p1', stateVersion: 2, phase: 'PIP' }),
      }),
    ).toBe('STALE');
    expect(
      await activities.projectTrajectory({
        workflowId,
        view: sampleView({ trajectoryId: 'p1', stateVersion: 3, phase: 'PIP' }),
      }),
    ).toBe('STALE');
    const row = await db.prisma.trajectory.findUniqueOrThrow({ where: { id: 'p1' } });
    expect(row).toMatchObject({ stateVersion: 3, phase: 'LEERROUTE', gemeente: 'oosterhout', status: 'ACTIVE' });
    expect((row.state as { phase: string }).phase).toBe('LEERROUTE');
  });

  it('a late snapshot never revives a trajectory a beheerder cancelled or terminated', async () => {
    for (const [id, status] of [
      ['p-cancelled', 'CANCELLED'],
      ['p-terminated', 'TERMINATED'],
    ] as const) {
      const workflowId = `trajectory-${id}`;
      await activities.projectTrajectory({ workflowId, view: sampleView({ trajectoryId: id, stateVersion: 1 }) });
      await db.prisma.trajectory.update({ where: { id }, data: { status } });
      expect(
        await activities.projectTrajectory({
          workflowId,
          view: sampleView({ trajectoryId: id, stateVersion: 2, phase: 'LEERROUTE' }),
        }),
      ).toBe('STALE');
      expect(await db.prisma.trajectory.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status,
        stateVersion: 1,
      });
    }
  });
});
