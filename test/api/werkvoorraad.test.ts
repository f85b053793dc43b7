/**
 * The werkvoorraad: sort, filters and paging (on tasks of a trajectory row without workflow,
 * so the workflow adds none), claim / unclaim / reassign within the gemeente (by subject, not
 * label), and completing a decision task through the workflow.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const G = 'geertruidenberg';
const TRAJECTORY = 'trj_werkvoorraad_fixture';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);

let h: ApiHarness;
const t: Record<string, string> = {};
let colleague: { Authorization: string };

beforeAll(async () => {
  h = await createApiHarness();
  await h.db.prisma.trajectory.create({
    data: {
      id: TRAJECTORY,
      workflowId: `trajectory-${TRAJECTORY}`,
      gemeente: G,
      targetGroup: 'gezinsmigrant',
      phase: 'LEERROUTE',
    },
  });
  const task = async (name: string, type: string, due: number | null, status = 'OPEN') => {
    const row = await h.db.prisma.task.create({
      data: {
        key: `wv-${name}`,
        trajectoryId: TRAJECTORY,
        gemeente: G,
        type,
        title: `Taak ${name}`,
        dueDate: due === null ? null : new Date(`${day(due)}T00:00:00Z`),
        status,
        ...(status === 'CLOSED' ? { closedAt: new Date() } : {}),
      },
    });
    t[name] = row.id;
  };
  await task('overdue', 'TRAJECT_CONTROLEREN', -10);
  await task('tomorrow', 'DOELGROEP_GEWIJZIGD', 1);
  await task('in5', 'ONTZORGEN_CHECKIN', 5);
  await task('in20', 'TRAJECT_CONTROLEREN', 20);
  await task('nodue', 'VERHUIZING_BEOORDELEN', null);
  await task('closed', 'TRAJECT_CONTROLEREN', -2, 'CLOSED');

  const created = await request(h.app)
    .post('/admin/api-keys')
    .set(h.auth('beheerder', 'regio'))
    .send({ subject: `collega@${G}`, label: 'Collega G. (klantmanager)', role: 'consulent', gemeente: G });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ subject: `collega@${G}`, label: 'Collega G. (klantmanager)' });
  colleague = { Authorization: `Bearer ${created.body.token}` };
});
afterAll(async () => {
  await h?.close();
});

const me = () => h.auth('consulent', G);
const list = async (query: string, auth = me()) => {
  const res = await request(h.app)
    .get(`/tasks?trajectoryId=${TRAJECTORY}${query ? `&${query}` : ''}`)
    .set(auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    items: Array<{ id: string; assigneeId: string | null; overdue: boolean; daysLeft: number | null }>;
    total: number;
    page: number;
    pageSize: number;
  };
};
const names = (items: Array<{ id: string }>) => items.map((item) => Object.keys(t).find((name) => t[name] === item.id));

describe('list: sort, filters, paging', () => {
  it('sorts by due date, soonest first, without due date last; open tasks by default', async () => {
    const body = await list('');
    expect(names(body.items)).toEqual(['overdue', 'tomorrow', 'in5', 'in20', 'nodue']);
    expect(body.total).toBe(5);
    expect(body.items[0]).toMatchObject({ overdue: true, daysLeft: -10 });
    expect(body.items[1]).toMatchObject({ overdue: false, daysLeft: 1 });
    expect(names((await list('sort=-dueDate')).items)).toEqual(['in20', 'in5', 'tomorrow', 'overdue', 'nodue']);
  });

  it('pages (page, pageSize, total)', async () => {
    expect(await list('pageSize=2')).toMatchObject({ page: 1, pageSize: 2, total: 5, totalCapped: false });
    expect(names((await list('pageSize=2')).items)).toEqual(['overdue', 'tomorrow']);
    expect(names((await list('pageSize=2&page=2')).items)).toEqual(['in5', 'in20']);
    expect(names((await list('pageSize=2&page=3')).items)).toEqual(['nodue']);
    expect(await list('pageSize=2&page=4')).toMatchObject({ items: [], total: 5 });
    for (const bad of ['pageSize=0', 'pageSize=201', 'page=0', 'page=x']) {
      const res = await request(h.app).get(`/tasks?${bad}`).set(me());
      expect(res.status, bad).toBe(422);
      expect(res.body.errors[0].field).toBe(`query.${bad.split('=')[0]}`);
    }
  });

  it('counts up to 10,000: past it the total says "more than" (totalCapped), the list itself goes on', async () => {
    const other = 'trj_werkvoorraad_many';
    await h.db.prisma.trajectory.create({
      data: {
        id: other,
        workflowId: `trajectory-${other}`,
        gemeente: 'drimmelen',
        targetGroup: 'gezinsmigrant',
        phase: 'PIP',
      },
    });
    const many = async (count: number, from: number) =>
      h.db.prisma.task.createMany({
        data: Array.from({ length: count }, (_, i) => ({
          key: `wv-many-${from + i}`,
          trajectoryId: other,
          gemeente: 'drimmelen',
          type: 'TRAJECT_CONTROLEREN',
          title: `Taak ${from + i}`,
          dueDate: new Date(`${day(1 + ((from + i) % 300))}T00:00:00Z`),
        })),
      });
    const drimmelen = async (query: string) => {
      const res = await request(h.app).get(`/tasks?${query}`).set(h.auth('consulent', 'drimmelen'));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { total: number; totalCapped: boolean; items: unknown[] };
    };
    await many(10_000, 0);
    expect(await drimmelen('pageSize=200')).toMatchObject({ total: 10_000, totalCapped: false });
    await many(1, 10_000);
    expect(await drimmelen('pageSize=200')).toMatchObject({ total: 10_000, totalCapped: true });
    // The list is not capped: page 51 of 200 holds the 10,001st task.
    expect((await drimmelen('pageSize=200&page=51')).items).toHaveLength(1);
    // A filter that narrows below the cap counts exactly again.
    expect(await drimmelen(`dueBefore=${day(2)}`)).toMatchObject({ total: 34, totalCapped: false });
  });

  it('filters overdue, dueBefore, type and status', async () => {
    expect(names((await list('overdue=true')).items)).toEqual(['overdue']);
    expect(names((await list('overdue=false')).items)).toEqual(['tomorrow', 'in5', 'in20', 'nodue']);
    expect(names((await list(`dueBefore=${day(5)}`)).items)).toEqual(['overdue', 'tomorrow']);
    expect(names((await list(`dueBefore=${day(6)}`)).items)).toEqual(['overdue', 'tomorrow', 'in5']);
    expect(names((await list(`overdue=true&dueBefore=${day(-20)}`)).items)).toEqual([]);
    expect(names((await list('type=TRAJECT_CONTROLEREN')).items)).toEqual(['overdue', 'in20']);
    expect(names((await list('type=TRAJECT_CONTROLEREN,ONTZORGEN_CHECKIN')).items)).toEqual(['overdue', 'in5', 'in20']);
    expect(names((await list('status=CLOSED')).items)).toEqual(['closed']);
    expect(names((await list('status=CLOSED&type=ONTZORGEN_CHECKIN')).items)).toEqual([]);
    for (const [bad, field] of [
      ['type=NOPE', 'query.type'],
      ['status=BOGUS', 'query.status'],
      ['overdue=misschien', 'query.overdue'],
      ['dueBefore=2026-02-30', 'query.dueBefore'],
      ['sort=title', 'query.sort'],
      ['onbekend=1', 'query'],
    ]) {
      const res = await request(h.app).get(`/tasks?${bad}`).set(me());
      expect(res.status, bad).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.body.errors.some((e: { field: string }) => e.field === field || e.field.startsWith(`${field}.`)),
        `${bad}: ${JSON.stringify(res.body.errors)}`,
      ).toBe(true);
    }
  });

  it('another gemeente sees none of these tasks; a regional beheerder filters by gemeente', async () => {
    expect((await list('', h.auth('consulent', 'altena'))).total).toBe(0);
    // The beheerder's own werkvoorraad holds beheerder tasks; the consulenten's on request.
    const own = await request(h.app)
      .get(`/tasks?gemeente=${G}&trajectoryId=${TRAJECTORY}`)
      .set(h.auth('beheerder', 'regio'));
    expect(own.body.total).toBe(0);
    const regio = await request(h.app)
      .get(`/tasks?gemeente=${G}&trajectoryId=${TRAJECTORY}&audience=CONSULENT`)
      .set(h.auth('beheerder', 'regio'));
    expect(regio.body.total).toBe(5);
  });
});

describe('claim, unclaim, reassign', () => {
  it('claim → mine; someone else cannot take it (409) or give it back (403); the holder and a beheerder can unclaim', async () => {
    const id = t.in5!;
    const claimed = await request(h.app).post(`/tasks/${id}/claim`).set(me());
    expect(claimed.body.task.assigneeId).toBe(`consulent@${G}`);
    expect(names((await list('filter=mine')).items)).toEqual(['in5']);
    expect(names((await list('filter=unassigned')).items)).not.toContain('in5');

    const taken = await request(h.app).post(`/tasks/${id}/claim`).set(colleague);
    expect(taken.status).toBe(409);
    expect(taken.body.reason).toBe('TAAK_AL_TOEGEWEZEN');
    const notYours = await request(h.app).post(`/tasks/${id}/unclaim`).set(colleague);
    expect(notYours.status).toBe(403);
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id } })).assigneeId).toBe(`consulent@${G}`);

    const back = await request(h.app).post(`/tasks/${id}/unclaim`).set(me());
    expect(back.status).toBe(200);
    expect(back.body.task.assigneeId).toBeNull();
    expect(names((await list('filter=unassigned')).items)).toContain('in5');

    await request(h.app).post(`/tasks/${id}/claim`).set(colleague);
    const byBeheerder = await request(h.app).post(`/tasks/${id}/unclaim`).set(h.auth('beheerder', G));
    expect(byBeheerder.body.task.assigneeId).toBeNull();
  });

  it('reassigns to a consulent of the same gemeente (by subject), audited; another gemeente’s consulent or a label is refused', async () => {
    const id = t.in20!;
    const res = await request(h.app)
      .post(`/tasks/${id}/reassign`)
      .set(me())
      .send({ assigneeId: `collega@${G}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.task.assigneeId).toBe(`collega@${G}`);
    expect(names((await list('filter=mine', colleague)).items)).toEqual(['in20']);
    const audit = await h.db.prisma.auditLog.findMany({ where: { action: 'TAAK_TOEGEWEZEN' } });
    expect(audit).toMatchObject([
      {
        actorId: `consulent@${G}`,
        trajectoryId: TRAJECTORY,
        details: expect.objectContaining({ taskId: id, from: null, to: `collega@${G}` }),
      },
    ]);

    for (const assigneeId of ['consulent@altena', 'Collega G. (klantmanager)', `beheerder@${G}`, 'niemand']) {
      const refused = await request(h.app)
        .post(`/tasks/${id}/reassign`)
        .set(h.auth('beheerder', G))
        .send({ assigneeId });
      // A label (spaces) is not a subject (422); a subject that is no consulent of this gemeente
      // is a conflict with who exists (409).
      expect(refused.status, assigneeId).toBe(assigneeId.includes(' ') ? 422 : 409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([
        {
          field: 'body.assigneeId',
          message: assigneeId.includes(' ') ? expect.any(String) : expect.stringContaining(G),
        },
      ]);
    }
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id } })).assigneeId).toBe(`collega@${G}`);
    expect(await h.db.prisma.auditLog.count({ where: { action: 'TAAK_TOEGEWEZEN' } })).toBe(1);

    // Another gemeente cannot even see the task.
    expect(
      (
        await request(h.app)
          .post(`/tasks/${id}/reassign`)
          .set(h.auth('beheerder', 'altena'))
          .send({ assigneeId: 'consulent@altena' })
      ).status,
    ).toBe(404);
    // The audit actor is the key's subject, not its label.
    await request(h.app)
      .post(`/tasks/${id}/reassign`)
      .set(colleague)
      .send({ assigneeId: `consulent@${G}` });
    expect(
      (await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'TAAK_TOEGEWEZEN' }, orderBy: { at: 'desc' } }))
        .actorId,
    ).toBe(`collega@${G}`);
  });

  it('a closed task cannot be claimed, unclaimed or reassigned (409)', async () => {
    for (const [path, body] of [
      ['claim', undefined],
      ['unclaim', undefined],
      ['reassign', { assigneeId: `collega@${G}` }],
    ] as const) {
      const req = request(h.app).post(`/tasks/${t.closed}/${path}`).set(me());
      const res = body ? await req.send(body) : await req;
      expect(res.status, path).toBe(409);
      expect(res.body.reason).toBe('TAAK_AFGEROND');
    }
  });
});

describe('completing a decision task', () => {
  it('PIP_OPSTELLEN: an illegal PIP → 409 with the rule and the task stays open; a legal one sets the PIP and closes the task', async () => {
    const started = await request(h.app)
      .post('/trajectories')
      .set(me())
      .send({
        bsn: testBsn(700),
        targetGroup: 'gezinsmigrant',
        startPhase: 'PIP',
        existing: { bredeIntakeDone: true },
        dates: { inschrijving: '2026-10-01' },
      });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { trajectoryId, workflowId } = started.body;
    await expect
      .poll(() => h.db.prisma.task.findFirst({ where: { trajectoryId, type: 'PIP_OPSTELLEN' } }), { timeout: 15_000 })
      .toBeTruthy();
    const task = (await h.db.prisma.task.findFirstOrThrow({ where: { trajectoryId, type: 'PIP_OPSTELLEN' } }))!;
    const handle = h.client.workflow.getHandle(workflowId);
    const view = () =>
      handle.query<{ pip?: { leerroute: string; level: string }; openTasks: Array<{ type: string }> }>(
        'trajectoryView',
      );

    const illegal = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(me())
      .send({
        type: 'PIP_OPSTELLEN',
        pip: { dagtekening: TODAY, leerroute: 'ONDERWIJS', level: 'A2', alfabetisering: false },
      });
    expect(illegal.status, JSON.stringify(illegal.body)).toBe(409);
    expect(illegal.headers['content-type']).toContain('application/problem+json');
    expect(illegal.body).toMatchObject({ code: 'CONFLICT', reason: 'PIP_A2_MET_ONDERWIJSROUTE' });
    expect(illegal.body.detail).toMatch(/A2/);
    expect(await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'OPEN',
      closedAt: null,
      result: null,
    });
    expect((await view()).pip).toBeUndefined();
    expect(
      await h.db.prisma.auditLog.count({
        where: { trajectoryId, action: { in: ['PIP_VASTGESTELD', 'TAAK_AFGEROND'] } },
      }),
    ).toBe(0);

    const wrongType = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(me())
      .send({ type: 'TRAJECT_CONTROLEREN', date: TODAY, outcome: 'AFGEHANDELD' });
    expect(wrongType.status).toBe(409);
    expect(wrongType.body.reason).toBe('ANDER_TAAKTYPE');
    expect(wrongType.body.errors).toEqual([{ field: 'body.type', message: 'Verwacht PIP_OPSTELLEN' }]);

    const ok = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(me())
      .send({
        type: 'PIP_OPSTELLEN',
        pip: { dagtekening: TODAY, leerroute: 'B1', level: 'B1', alfabetisering: false },
      });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.task).toMatchObject({
      id: task.id,
      status: 'CLOSED',
      assigneeId: `consulent@${G}`,
      result: { type: 'PIP_OPSTELLEN' },
    });
    expect((await view()).pip).toMatchObject({ leerroute: 'B1', level: 'B1' });
    expect((await view()).openTasks.map((open) => open.type)).not.toContain('PIP_OPSTELLEN');
    expect(await h.db.prisma.auditLog.findFirst({ where: { trajectoryId, action: 'PIP_VASTGESTELD' } })).toMatchObject({
      actorId: `consulent@${G}`,
    });

    const again = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(me())
      .send({
        type: 'PIP_OPSTELLEN',
        pip: { dagtekening: TODAY, leerroute: 'B1', level: 'B1', alfabetisering: false },
      });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('TAAK_AFGEROND');
  });

  it('a task an activity made (DUO_MELDING_GEWEIGERD) is completed in the werkvoorraad without the workflow', async () => {
    const row = await h.db.prisma.task.create({
      data: {
        key: `trajectory-${TRAJECTORY}/outbox/pip:${TODAY}:0/duo-geweigerd`,
        trajectoryId: TRAJECTORY,
        gemeente: G,
        type: 'DUO_MELDING_GEWEIGERD',
        title: 'Melding PIP_VASTGESTELD geweigerd door DUO',
      },
    });
    const res = await request(h.app)
      .post(`/tasks/${row.id}/complete`)
      .set(me())
      .send({ type: 'DUO_MELDING_GEWEIGERD', date: TODAY, outcome: 'AFGEHANDELD', toelichting: 'PIP opnieuw gemeld' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.task).toMatchObject({ id: row.id, status: 'CLOSED', assigneeId: `consulent@${G}` });
    expect(
      await h.db.prisma.auditLog.findFirst({ where: { trajectoryId: TRAJECTORY, action: 'TAAK_AFGEROND' } }),
    ).toMatchObject({ actorId: `consulent@${G}`, details: expect.objectContaining({ taskId: row.id }) });
  });
});
