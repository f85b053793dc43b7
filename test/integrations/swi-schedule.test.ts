/**
 * The quarterly CBS delivery's Schedule on the real dev server (the time-skipping test server
 * has no Schedules; the quarter workflow's timing is tested there: test/workflows/swi.test.ts):
 * its calendar (first day of each quarter, 06:00 Europe/Amsterdam), create-or-update, and a
 * triggered run that opens every gemeente's task; then the beheerder's side through the API
 * (audited download, another gemeente gets 404, report delivered closes the task).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSwiSchedule } from '../../src/swi/schedule';
import { swiScheduleId, swiQuarterWorkflowId } from '../../src/workflows/swi/messages';
import { createApiHarness, GEMEENTEN, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const today = new Date().toISOString().slice(0, 10);
const month = Number(today.slice(5, 7));
const quarter = (year: number, q: number) => (q === 0 ? `${year - 1}-Q4` : `${year}-Q${q}`);
const previous = quarter(Number(today.slice(0, 4)), Math.floor((month - 1) / 3));

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.client.schedule
    .getHandle(swiScheduleId(h.config.TEMPORAL_TASK_QUEUE))
    .delete()
    .catch(() => undefined);
  await h?.client.workflow
    .getHandle(swiQuarterWorkflowId(previous))
    .terminate('test klaar')
    .catch(() => undefined);
  await h?.close();
});

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the SWI schedule', () => {
  it('runs on the first day of each quarter at 06:00 Amsterdam time; created once, then updated', async () => {
    const options = { taskQueue: h.config.TEMPORAL_TASK_QUEUE, gemeenten: GEMEENTEN };
    expect(await ensureSwiSchedule(h.client, options)).toBe('CREATED');
    expect(await ensureSwiSchedule(h.client, options)).toBe('UPDATED');
    const described = await h.client.schedule.getHandle(swiScheduleId(h.config.TEMPORAL_TASK_QUEUE)).describe();
    expect(described.spec.timezone).toBe('Europe/Amsterdam');
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({
        month: [
          { start: 'JANUARY', end: 'JANUARY', step: 1 },
          { start: 'APRIL', end: 'APRIL', step: 1 },
          { start: 'JULY', end: 'JULY', step: 1 },
          { start: 'OCTOBER', end: 'OCTOBER', step: 1 },
        ],
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
        hour: [{ start: 6, end: 6, step: 1 }],
      }),
    ]);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'swiScheduledWorkflow' });
    // The next runs: 1 January (CET, UTC+1) and 1 April (CEST, UTC+2) at 06:00 in Amsterdam.
    const next = described.info.nextActionTimes.map((t) => t.toISOString());
    const firstOfNextQuarter = (() => {
      const q = Math.floor((month - 1) / 3) + 1;
      const y = Number(today.slice(0, 4)) + (q === 4 ? 1 : 0);
      const m = q === 4 ? 1 : q * 3 + 1;
      return { y, m };
    })();
    const offset = [4, 7].includes(firstOfNextQuarter.m) ? 4 : 5;
    expect(next[0]).toBe(
      `${firstOfNextQuarter.y}-${String(firstOfNextQuarter.m).padStart(2, '0')}-01T0${offset}:00:00.000Z`,
    );
  });

  it('a run (triggered now) prepares the quarter that ended: a task and a valid extract per gemeente', async () => {
    await h.client.schedule.getHandle(swiScheduleId(h.config.TEMPORAL_TASK_QUEUE)).trigger();
    const tasks = await until(async () => {
      const found = await h.db.prisma.task.findMany({
        where: { type: 'SWI_AANLEVEREN' },
        orderBy: { gemeente: 'asc' },
      });
      return found.length === GEMEENTEN.length ? found : undefined;
    });
    expect(tasks.map((t) => t.gemeente)).toEqual([...GEMEENTEN].sort());
    expect(tasks[0]!.title).toMatch(
      new RegExp(`^Lever SWI ${previous.slice(5)} ${previous.slice(0, 4)} aan bij het CBS, uiterlijk `),
    );
    const deliveries = await h.db.prisma.swiDelivery.findMany({ where: { quarter: previous } });
    expect(deliveries).toHaveLength(GEMEENTEN.length);
  });

  it('the beheerder downloads (audited; another gemeente 404) and reports the delivery (task closed)', async () => {
    const altena = h.auth('beheerder', 'altena');
    const xml = await request(h.app).get(`/beheer/swi/${previous}/altena/bestand`).set(altena);
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.text).toContain('<swiLevering xmlns="urn:inburgering-orchestrator:swi:1">');
    const audit = await h.db.prisma.auditLog.findMany({ where: { action: 'SWI_GEDOWNLOAD' } });
    expect(audit).toMatchObject([
      {
        actorId: 'beheerder@altena',
        details: expect.objectContaining({ gemeente: 'altena', kwartaal: previous, formaat: 'xml' }),
      },
    ]);
    const foreign = await request(h.app)
      .get(`/beheer/swi/${previous}/altena/bestand`)
      .set(h.auth('beheerder', 'drimmelen'));
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors[0].field).toBe('params.gemeente');
    expect(await h.db.prisma.auditLog.count({ where: { action: 'SWI_GEDOWNLOAD' } })).toBe(1);

    const list = await request(h.app).get('/beheer/swi').set(h.auth('beheerder', 'drimmelen'));
    expect(list.body.items.map((i: { gemeente: string }) => i.gemeente)).toEqual(['drimmelen']);

    const reported = await request(h.app).post(`/beheer/swi/${previous}/altena/geleverd`).set(altena);
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    expect(reported.body).toMatchObject({ status: 'DELIVERED', geleverdDoor: 'beheerder@altena' });
    const task = await h.db.prisma.task.findUniqueOrThrow({ where: { key: `swi/altena/${previous}/aanleveren` } });
    expect(task.status).toBe('CLOSED');
    const again = await request(h.app).post(`/beheer/swi/${previous}/altena/geleverd`).set(altena);
    expect(again.status).toBe(409);
  });
});
