import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitorActivities } from '../../src/activities/monitor';
import { createOutboxActivities } from '../../src/activities/outbox';
import { createProjectionActivities } from '../../src/activities/projection';
import { createTaskActivities } from '../../src/activities/tasks';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { sampleView } from './sample-view';

let db: TestDatabase;
/** The writes of a trajectory turn (src/activities/turn.ts runs them in one transaction). */
function createWrites(prisma: TestDatabase['prisma']) {
  return {
    ...createTaskActivities({ prisma }),
    ...createProjectionActivities({ prisma }),
    ...createMonitorActivities({ prisma }),
    ...createOutboxActivities({ prisma }),
  };
}

let activities: ReturnType<typeof createWrites>;

beforeAll(async () => {
  db = await createTestDatabase();
  activities = createWrites(db.prisma);
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

  it('a transfer the workflow accepted moves the Person row and the open tasks to the new gemeente', async () => {
    const id = 'p-moved';
    const workflowId = `trajectory-${id}`;
    await activities.projectTrajectory({ workflowId, view: sampleView({ trajectoryId: id, stateVersion: 1 }) });
    await db.prisma.person.create({ data: { trajectoryId: id, gemeente: 'oosterhout', bsn: '1', bsnHash: 'h-moved' } });
    // A task made by an activity (not re-issued by the workflow) and a closed one.
    await db.prisma.task.createMany({
      data: [
        {
          key: `${workflowId}/x/open`,
          trajectoryId: id,
          gemeente: 'oosterhout',
          type: 'AFLEVERING_MISLUKT',
          title: 't',
        },
        {
          key: `${workflowId}/x/closed`,
          trajectoryId: id,
          gemeente: 'oosterhout',
          type: 'BREDE_INTAKE',
          title: 't',
          status: 'CLOSED',
        },
      ],
    });

    await activities.projectTrajectory({
      workflowId,
      view: sampleView({ trajectoryId: id, stateVersion: 2, gemeente: 'altena' }),
    });
    expect(await db.prisma.person.findUniqueOrThrow({ where: { trajectoryId: id } })).toMatchObject({
      gemeente: 'altena',
    });
    const tasks = await db.prisma.task.findMany({ where: { trajectoryId: id }, orderBy: { key: 'asc' } });
    expect(tasks.map((task) => `${task.status}:${task.gemeente}`)).toEqual(['CLOSED:oosterhout', 'OPEN:altena']);

    // A second Person row for the same BSN in the target gemeente (an older duplicate trajectory)
    // does not fail the projection: that Person row stays, for a beheerder to resolve.
    await activities.projectTrajectory({
      workflowId: 'trajectory-p-dup',
      view: sampleView({ trajectoryId: 'p-dup', stateVersion: 1, gemeente: 'drimmelen' }),
    });
    await db.prisma.person.create({
      data: { trajectoryId: 'p-dup', gemeente: 'drimmelen', bsn: '1', bsnHash: 'h-moved' },
    });
    expect(
      await activities.projectTrajectory({
        workflowId,
        view: sampleView({ trajectoryId: id, stateVersion: 3, gemeente: 'drimmelen' }),
      }),
    ).toBe('UPDATED');
    expect(await db.prisma.person.findUniqueOrThrow({ where: { trajectoryId: id } })).toMatchObject({
      gemeente: 'altena',
    });
  });
});
