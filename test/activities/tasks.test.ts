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
/** The outcome of writing a task (CREATED / UPDATED / UNCHANGED). */
const createTask = async (task: Parameters<typeof activities.upsertTask>[0]) =>
  (await activities.upsertTask(task)).outcome;

beforeAll(async () => {
  db = await createTestDatabase();
  activities = createWrites(db.prisma);
  await activities.projectTrajectory({
    workflowId: 'trajectory-t1',
    view: sampleView({ trajectoryId: 't1', stateVersion: 1 }),
  });
});

afterAll(async () => {
  await db?.drop();
});

describe('task activities', () => {
  it('upserting a task twice leaves one row; a retry updates due date and title while open', async () => {
    const task = {
      key: 'trajectory-t1/task/pip-opstellen',
      trajectoryId: 't1',
      gemeente: 'oosterhout',
      type: 'PIP_OPSTELLEN',
      audience: 'CONSULENT',
      title: 'Stel het PIP op',
      dueDate: '2027-01-10',
    } as const;
    expect(await createTask(task)).toBe('CREATED');
    expect(await createTask(task)).toBe('UPDATED');
    await createTask({ ...task, dueDate: '2027-02-10' });
    const rows = await db.prisma.task.findMany({ where: { key: task.key } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.dueDate?.toISOString().slice(0, 10)).toBe('2027-02-10');
    // createdAt is the UTC instant of the insert, as Prisma writes it (timestamp without zone).
    expect(Math.abs(Date.now() - (rows[0]?.createdAt.getTime() ?? 0))).toBeLessThan(60_000);
  });

  it("a written task comes back with what its notice needs, the trajectory's consulent included; a closed one does not", async () => {
    await activities.projectTrajectory({
      workflowId: 'trajectory-t2',
      view: sampleView({ trajectoryId: 't2', stateVersion: 1, consulentId: 'consulent-7' }),
    });
    const task = {
      key: 'trajectory-t2/task/brede-intake',
      trajectoryId: 't2',
      gemeente: 'oosterhout',
      type: 'BREDE_INTAKE',
      audience: 'CONSULENT',
      title: 'Voer de brede intake uit',
      dueDate: '2027-03-01',
    } as const;
    const created = await activities.upsertTask(task);
    expect(created.outcome).toBe('CREATED');
    expect(created.task).toMatchObject({
      type: 'BREDE_INTAKE',
      audience: 'CONSULENT',
      title: 'Voer de brede intake uit',
      trajectoryId: 't2',
      assigneeId: null,
      consulentId: 'consulent-7',
    });
    expect(created.task?.dueDate?.toISOString().slice(0, 10)).toBe('2027-03-01');
    const row = await db.prisma.task.findUniqueOrThrow({ where: { key: task.key } });
    expect(created.task?.id).toBe(row.id);
    expect((await activities.upsertTask({ ...task, title: 'Nieuw' })).outcome).toBe('UPDATED');
    await activities.closeTask({ key: task.key });
    expect(await activities.upsertTask(task)).toEqual({ outcome: 'UNCHANGED' });
  });

  it("updating an open task keeps a consulent's claim; only an explicit reassign by the workflow changes the assignee", async () => {
    const task = {
      key: 'trajectory-t1/task/pip-deadline-waarschuwing',
      trajectoryId: 't1',
      gemeente: 'oosterhout',
      type: 'PIP_DEADLINE_WAARSCHUWING',
      audience: 'CONSULENT',
      title: 'Het PIP moet binnenkort vastgesteld zijn',
      dueDate: '2027-01-10',
      assigneeId: 'consulent-1',
    } as const;
    const assigneeOf = async () =>
      (await db.prisma.task.findUniqueOrThrow({ where: { key: task.key }, select: { assigneeId: true } })).assigneeId;
    expect(await createTask(task)).toBe('CREATED');
    expect(await assigneeOf()).toBe('consulent-1');

    // A colleague takes it over in the werkvoorraad; the workflow then refreshes the task.
    await db.prisma.task.update({ where: { key: task.key }, data: { assigneeId: 'consulent-2' } });
    expect(await createTask({ ...task, dueDate: '2027-02-01' })).toBe('UPDATED');
    expect(await assigneeOf()).toBe('consulent-2');
    const { assigneeId: _default, ...withoutAssignee } = task;
    expect(await createTask(withoutAssignee)).toBe('UPDATED');
    expect(await assigneeOf()).toBe('consulent-2');

    // Handed back (unclaimed): a refresh does not push it onto someone again.
    await db.prisma.task.update({ where: { key: task.key }, data: { assigneeId: null } });
    await createTask(task);
    expect(await assigneeOf()).toBeNull();

    // The workflow explicitly assigns.
    expect(await createTask({ ...task, assigneeId: 'consulent-3', reassign: true })).toBe('UPDATED');
    expect(await assigneeOf()).toBe('consulent-3');
    const row = await db.prisma.task.findUniqueOrThrow({ where: { key: task.key } });
    expect(row.dueDate?.toISOString().slice(0, 10)).toBe('2027-01-10');
  });

  it('a transfer to another served gemeente moves an open task (werkvoorraad tenancy) and clears its assignee; a closed task stays where it was', async () => {
    const open = {
      key: 'trajectory-t1/task/warme-overdracht',
      trajectoryId: 't1',
      gemeente: 'oosterhout',
      type: 'WARME_OVERDRACHT',
      audience: 'CONSULENT',
      title: 'Neem contact op met de COA-casemanager',
      assigneeId: 'consulent-oosterhout',
    } as const;
    const closed = { ...open, key: 'trajectory-t1/task/closed-before-move', type: 'BREDE_INTAKE' } as const;
    await createTask(open);
    await createTask(closed);
    await activities.closeTask({ key: closed.key });

    // The workflow re-issues its open tasks for the new gemeente, without the old consulent.
    const { assigneeId: _old, ...reissued } = open;
    expect(await createTask({ ...reissued, gemeente: 'altena', reassign: true })).toBe('UPDATED');
    expect(await createTask({ ...closed, gemeente: 'altena', reassign: true })).toBe('UNCHANGED');

    const rowOf = (key: string) =>
      db.prisma.task.findUniqueOrThrow({ where: { key }, select: { gemeente: true, assigneeId: true, status: true } });
    expect(await rowOf(open.key)).toEqual({ gemeente: 'altena', assigneeId: null, status: 'OPEN' });
    expect(await rowOf(closed.key)).toEqual({
      gemeente: 'oosterhout',
      assigneeId: 'consulent-oosterhout',
      status: 'CLOSED',
    });
  });

  it('closing is idempotent and a closed task is never reopened by a retried create', async () => {
    const task = {
      key: 'trajectory-t1/task/brede-intake',
      trajectoryId: 't1',
      gemeente: 'oosterhout',
      type: 'BREDE_INTAKE',
      audience: 'CONSULENT',
      title: 'Voer de brede intake uit',
    } as const;
    await createTask(task);
    expect(await activities.closeTask({ key: task.key, result: { reden: 'klaar' } })).toBe(true);
    expect(await activities.closeTask({ key: task.key })).toBe(false);
    expect(await createTask(task)).toBe('UNCHANGED');
    const row = await db.prisma.task.findUniqueOrThrow({ where: { key: task.key } });
    expect(row.status).toBe('CLOSED');
  });

  it('monitor events and outbox messages are written once per key', async () => {
    const event = {
      key: 'trajectory-t1/monitor/x',
      trajectoryId: 't1',
      gemeente: 'oosterhout',
      type: 'PIP_TERMIJN_VERSTREKEN',
    };
    expect(await activities.recordMonitorEvent(event)).toBe(true);
    expect(await activities.recordMonitorEvent(event)).toBe(false);
    const message = {
      key: 'trajectory-t1/outbox/pip',
      trajectoryId: 't1',
      message: {
        recipient: 'DUO',
        type: 'PIP_VASTGESTELD',
        payload: {
          pip: { dagtekening: '2026-03-02', leerroute: 'B1', level: 'B1', alfabetisering: false },
          targetGroup: 'asielstatushouder',
        },
      },
    } as const;
    expect(await activities.enqueueOutboundMessage(message)).toBe(true);
    expect(await activities.enqueueOutboundMessage(message)).toBe(false);
    expect(await db.prisma.outboxMessage.count({ where: { key: message.key } })).toBe(1);
  });
});
