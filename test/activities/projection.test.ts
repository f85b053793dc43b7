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
});
