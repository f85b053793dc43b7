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

  it('an update in place writes every column as the first projection of the same view does', async () => {
    const later = (trajectoryId: string) =>
      sampleView({
        trajectoryId,
        stateVersion: 7,
        phase: 'LEERROUTE',
        status: 'AFGESLOTEN',
        closeReason: 'PLICHT_VERVALLEN',
        closedOn: '2027-03-04',
        consulentId: 'consulent-x',
        pipDeadline: '2027-02-01',
        termijn: { start: '2026-01-01', end: '2029-01-01' },
        dates: { inschrijving: '2026-01-01' },
        modules: {
          ...sampleView({ trajectoryId, stateVersion: 7 }).modules,
          hours: { TAAL_KNM: 12.4, PARTICIPATIE: 3, MAP: 0, PVT: 1, LES: 0 },
          knmPassed: true,
        },
      } as Parameters<typeof sampleView>[0]);
    await activities.projectTrajectory({
      workflowId: 'trajectory-p-upd',
      view: sampleView({ trajectoryId: 'p-upd', stateVersion: 1 }),
    });
    expect(await activities.projectTrajectory({ workflowId: 'trajectory-p-upd', view: later('p-upd') })).toBe(
      'UPDATED',
    );
    expect(await activities.projectTrajectory({ workflowId: 'trajectory-p-new', view: later('p-new') })).toBe(
      'CREATED',
    );
    const [updated, created] = await Promise.all(
      ['p-upd', 'p-new'].map((id) => db.prisma.trajectory.findUniqueOrThrow({ where: { id } })),
    );
    const comparable = (row: Record<string, unknown>) => {
      const { id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, state, ...columns } = row;
      return { ...columns, state: { ...(state as object), trajectoryId: null } };
    };
    expect(comparable(updated!)).toEqual(comparable(created!));
    expect(updated).toMatchObject({ status: 'CLOSED', hoursTaalKnm: 12, knmDone: true, stateVersion: 7 });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(updated!.createdAt.getTime());
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

    // A Person row for the same BSN in the target gemeente (an older, ended trajectory: Person rows
    // may repeat per gemeente since one person can have several trajectories over time) does not
    // block the move; both rows stay, each with its own trajectory.
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
      gemeente: 'drimmelen',
    });
    expect(await db.prisma.person.findUniqueOrThrow({ where: { trajectoryId: 'p-dup' } })).toMatchObject({
      gemeente: 'drimmelen',
    });
  });
});
