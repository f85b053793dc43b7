/**
 * The quarterly CBS delivery on the time-skipping server, with the real SWI activities on a
 * throw-away PostgreSQL database: the quarter workflow opens each gemeente's task and
 * generates the extract (valid against the repository's XSD), waits until the due day has
 * passed in Amsterdam, escalates only the gemeente that did not deliver, and ends once it has.
 *
 * The Java time-skipping test server does not implement Schedules (CreateSchedule fails), so
 * the Schedule itself is tested against the dev server (test/integrations/swi-schedule.test.ts)
 * and the workflow it starts is tested here, with time moved by env.sleep.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwiActivities } from '../../src/swi/activities';
import { markSwiDelivered } from '../../src/swi/deliveries';
import { validateSwiXml } from '../../src/swi/extract';
import { swiDeliveredSignal, swiQuarterWorkflowId } from '../../src/workflows/swi/messages';
import { swiQuarterWorkflow } from '../../src/workflows/swi/workflow';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { bundleWorkflows, createWorkflowTestEnv, eventually, type Harness } from './helpers';

let harness: Harness;
let db: TestDatabase;

beforeAll(async () => {
  const [env, bundle, database] = await Promise.all([createWorkflowTestEnv(), bundleWorkflows(), createTestDatabase()]);
  harness = { env, bundle };
  db = database;
  await db.prisma.trajectory.create({
    data: {
      id: 'swi-a1',
      workflowId: 'trajectory-swi-a1',
      gemeente: 'altena',
      targetGroup: 'asielstatushouder',
      phase: 'LEERROUTE',
      instroomOn: new Date('2026-09-01T00:00:00Z'),
      firstPipDagtekening: new Date('2026-11-01T00:00:00Z'),
      leerroute: 'B1',
      person: { create: { gemeente: 'altena', bsnHash: 'h1', bsn: '123456782' } },
    },
  });
});

afterAll(async () => {
  await harness?.env.teardown();
  await db?.drop();
});

const tasksOf = (type: string) =>
  db.prisma.task.findMany({
    where: { type },
    orderBy: { gemeente: 'asc' },
    select: { gemeente: true, title: true, status: true, dueDate: true, audience: true, trajectoryId: true },
  });

describe('swiQuarterWorkflow', () => {
  it('opens a task per gemeente, escalates only the late one after the due day (Amsterdam), ends when all delivered', async () => {
    const taskQueue = `swi-${randomUUID()}`;
    const worker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue,
      workflowBundle: harness.bundle,
      activities: createSwiActivities({ prisma: db.prisma }),
    });
    await worker.runUntil(async () => {
      const handle = await harness.env.client.workflow.start(swiQuarterWorkflow, {
        taskQueue,
        workflowId: swiQuarterWorkflowId('2026-Q4'),
        args: [{ gemeenten: ['altena', 'drimmelen'], quarter: '2026-Q4' }],
      });
      const opened = await eventually(async () => {
        const tasks = await tasksOf('SWI_AANLEVEREN');
        expect(tasks).toHaveLength(2);
        return tasks;
      });
      expect(opened).toEqual([
        {
          gemeente: 'altena',
          title: 'Lever SWI Q4 2026 aan bij het CBS, uiterlijk 28 januari 2027',
          status: 'OPEN',
          dueDate: new Date('2027-01-28T00:00:00Z'),
          audience: 'BEHEERDER',
          trajectoryId: null,
        },
        expect.objectContaining({ gemeente: 'drimmelen', dueDate: new Date('2027-01-28T00:00:00Z') }),
      ]);
      const altena = await db.prisma.swiDelivery.findUniqueOrThrow({
        where: { gemeente_quarter: { gemeente: 'altena', quarter: '2026-Q4' } },
      });
      expect(altena.records).toBe(1);
      expect(await validateSwiXml(altena.xml!)).toEqual([]);
      expect(altena.xml).toContain('<bsn>123456782</bsn>');

      // Altena delivers (as the API does: the row, then the signal).
      expect(
        await markSwiDelivered(db.prisma, { gemeente: 'altena', quarter: '2026-Q4', by: 'beheerder@altena' }),
      ).toBe(true);
      await handle.signal(swiDeliveredSignal, { gemeente: 'altena' });

      // 23:00 in Amsterdam on the due day: not late yet.
      await harness.env.sleep(Date.parse('2027-01-28T22:00:00Z') - (await harness.env.currentTimeMs()));
      expect(await tasksOf('SWI_TE_LAAT')).toEqual([]);
      // The day after: Drimmelen is escalated to its teamleider, Altena is not.
      await harness.env.sleep(Date.parse('2027-01-29T00:30:00Z') - (await harness.env.currentTimeMs()));
      const escalated = await eventually(async () => {
        const tasks = await tasksOf('SWI_TE_LAAT');
        expect(tasks).toHaveLength(1);
        return tasks;
      });
      expect(escalated[0]).toMatchObject({
        gemeente: 'drimmelen',
        audience: 'TEAMLEIDER',
        title:
          'SWI Q4 2026 is niet op tijd bij het CBS aangeleverd (uiterlijk 28 januari 2027): zorg dat de beheerder levert',
      });
      expect(
        (
          await db.prisma.swiDelivery.findUniqueOrThrow({
            where: { gemeente_quarter: { gemeente: 'drimmelen', quarter: '2026-Q4' } },
          })
        ).escalatedAt,
      ).not.toBeNull();

      // Drimmelen delivers late: both its tasks close, the workflow ends.
      await markSwiDelivered(db.prisma, { gemeente: 'drimmelen', quarter: '2026-Q4', by: 'beheerder@drimmelen' });
      await handle.signal(swiDeliveredSignal, { gemeente: 'drimmelen' });
      expect(await handle.result()).toEqual({
        quarter: '2026-Q4',
        delivered: ['altena', 'drimmelen'],
        late: ['drimmelen'],
        undelivered: [],
      });
      expect((await tasksOf('SWI_AANLEVEREN')).map((t) => t.status)).toEqual(['CLOSED', 'CLOSED']);
      expect((await tasksOf('SWI_TE_LAAT')).map((t) => t.status)).toEqual(['CLOSED']);
    });
  });
});
