/**
 * The consulent assignment decision through the API on PostgreSQL and a real worker: a
 * trajectory started without a consulent gets "wijs een consulent toe" for the team; completing
 * it (or the decision route) sets the consulent, audited; a change moves the open tasks and
 * queues DUO's Contactpersoon again; wrong consulent, duplicate and other gemeente are refused.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let trajectoryId: string;
let colleague: { Authorization: string };
const today = todayInAmsterdam(new Date());

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  h = await createApiHarness();
  const created = await request(h.app)
    .post('/admin/api-keys')
    .set(h.auth('beheerder', 'regio'))
    .send({ subject: 'collega@altena', label: 'Collega A.', role: 'consulent', gemeente: 'altena' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  colleague = { Authorization: `Bearer ${created.body.token}` };

  const started = await request(h.app)
    .post('/trajectories')
    .set(h.auth('beheerder', 'altena'))
    .send({
      bsn: testBsn(8101),
      naam: 'K. Toewijzing',
      targetGroup: 'asielstatushouder',
      dates: { inschrijving: today },
    });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  trajectoryId = started.body.trajectoryId;
});
afterAll(async () => {
  await h?.close();
});

const decide = (body: object, auth = h.auth('consulent', 'altena')) =>
  request(h.app).post(`/trajectories/${trajectoryId}/decisions/consulent`).set(auth).send(body);

describe('consulent assignment', () => {
  it('a trajectory without a consulent: the team gets an unassigned "wijs een consulent toe" task', async () => {
    const task = await until(() =>
      h.db.prisma.task.findFirst({ where: { trajectoryId, type: 'CONSULENT_TOEWIJZEN', status: 'OPEN' } }),
    );
    expect(task).toMatchObject({ audience: 'CONSULENT', assigneeId: null, gemeente: 'altena' });
    const unassigned = await request(h.app).get('/tasks?filter=unassigned').set(colleague);
    expect(unassigned.body.items.map((item: { type: string }) => item.type)).toContain('CONSULENT_TOEWIJZEN');
  });

  it('refuses someone who is not a consulent of the gemeente (409), a malformed id (422) and another gemeente (404): nothing changes', async () => {
    const other = await decide({ date: today, consulentId: 'consulent@drimmelen' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ reason: 'GEEN_CONSULENT_VAN_GEMEENTE' });
    expect(other.body.errors[0].field).toBe('body.consulentId');
    const malformed = await decide({ date: today, consulentId: 'twee woorden' });
    expect(malformed.status).toBe(422);
    const foreign = await decide({ date: today, consulentId: 'consulent@altena' }, h.auth('consulent', 'drimmelen'));
    expect(foreign.status).toBe(404);
    expect(await h.db.prisma.auditLog.count({ where: { action: 'CONSULENT_TOEGEWEZEN' } })).toBe(0);
    expect((await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } })).consulentId).toBeNull();
  });

  it('completing the task assigns the consulent: audited, task closed, caseload, DUO Contactpersoon queued', async () => {
    const task = await h.db.prisma.task.findFirstOrThrow({ where: { trajectoryId, type: 'CONSULENT_TOEWIJZEN' } });
    const done = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(h.auth('consulent', 'altena'))
      .send({ type: 'CONSULENT_TOEWIJZEN', consulent: { date: today, consulentId: 'consulent@altena' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.task.status).toBe('CLOSED');
    expect(
      await h.db.prisma.auditLog.findFirst({ where: { action: 'CONSULENT_TOEGEWEZEN', trajectoryId } }),
    ).toMatchObject({
      actorId: 'consulent@altena',
      details: { consulentId: 'consulent@altena', taskId: task.id },
    });
    await until(async () => (await h.db.prisma.trajectory.findUnique({ where: { id: trajectoryId } }))?.consulentId);
    const caseload = await request(h.app).get('/caseload').set(h.auth('consulent', 'altena'));
    expect(caseload.body.items.map((item: { trajectoryId: string }) => item.trajectoryId)).toContain(trajectoryId);
    await until(() =>
      h.db.prisma.outboxMessage.findFirst({ where: { trajectoryId, recipient: 'DUO', type: 'CONTACTPERSOON' } }),
    );
    // The warme-overdracht task (nobody's) now belongs to the consulent.
    await until(() =>
      h.db.prisma.task.findFirst({
        where: { trajectoryId, type: 'WARME_OVERDRACHT', status: 'OPEN', assigneeId: 'consulent@altena' },
      }),
    );
  });

  it('a change of consulent: the open tasks follow, DUO gets the new Contactpersoon, the caseloads change; the same again is 409', async () => {
    const changed = await decide({ date: today, consulentId: 'collega@altena' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.result.consulentId).toBe('collega@altena');
    await until(() =>
      h.db.prisma.task.findFirst({
        where: { trajectoryId, type: 'WARME_OVERDRACHT', status: 'OPEN', assigneeId: 'collega@altena' },
      }),
    );
    const contactpersonen = await until(async () => {
      const rows = await h.db.prisma.outboxMessage.findMany({
        where: { trajectoryId, recipient: 'DUO', type: 'CONTACTPERSOON' },
        orderBy: { createdAt: 'asc' },
      });
      return rows.length === 2 ? rows : undefined;
    });
    expect(contactpersonen.map((row) => (row.payload as { consulentId: string }).consulentId)).toEqual([
      'consulent@altena',
      'collega@altena',
    ]);
    await until(
      async () =>
        (await h.db.prisma.trajectory.findUnique({ where: { id: trajectoryId } }))?.consulentId === 'collega@altena',
    );
    const mine = await request(h.app).get('/caseload').set(h.auth('consulent', 'altena'));
    expect(mine.body.items.map((item: { trajectoryId: string }) => item.trajectoryId)).not.toContain(trajectoryId);
    const theirs = await request(h.app).get('/caseload').set(colleague);
    expect(theirs.body.items.map((item: { trajectoryId: string }) => item.trajectoryId)).toContain(trajectoryId);

    const again = await decide({ date: today, consulentId: 'collega@altena' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'CONSULENT_ONGEWIJZIGD' });
    expect(await h.db.prisma.auditLog.count({ where: { action: 'CONSULENT_TOEGEWEZEN', trajectoryId } })).toBe(2);
  });
});

describe('a start by a consulent', () => {
  it('without consulentId makes that consulent the trajectory’s consulent: no "wijs een consulent toe", the tasks are theirs', async () => {
    const started = await request(h.app)
      .post('/trajectories')
      .set(colleague)
      .send({ bsn: testBsn(8102), targetGroup: 'asielstatushouder', dates: { inschrijving: today } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.trajectoryId as string;
    expect((await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id } })).consulentId).toBe('collega@altena');
    const first = await until(() =>
      h.db.prisma.task.findFirst({ where: { trajectoryId: id, type: 'WARME_OVERDRACHT', status: 'OPEN' } }),
    );
    expect(first.assigneeId).toBe('collega@altena');
    expect(await h.db.prisma.task.count({ where: { trajectoryId: id, type: 'CONSULENT_TOEWIJZEN' } })).toBe(0);
    const dossier = await request(h.app).get(`/trajectories/${id}`).set(colleague);
    expect(dossier.body.view.consulentId).toBe('collega@altena');
  });

  it('with a consulentId keeps the one named', async () => {
    const started = await request(h.app)
      .post('/trajectories')
      .set(colleague)
      .send({
        bsn: testBsn(8103),
        targetGroup: 'asielstatushouder',
        consulentId: 'consulent@altena',
        dates: { inschrijving: today },
      });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const row = await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: started.body.trajectoryId } });
    expect(row.consulentId).toBe('consulent@altena');
  });

  it('with a consulentId of another gemeente (or nobody) is refused: 409 naming the field, nothing stored', async () => {
    const counts = () => Promise.all([h.db.prisma.trajectory.count(), h.db.prisma.person.count()]);
    const before = await counts();
    for (const [n, consulentId] of [
      [8104, 'consulent@drimmelen'],
      [8105, 'niemand@altena'],
    ] as const) {
      const refused = await request(h.app)
        .post('/trajectories')
        .set(colleague)
        .send({ bsn: testBsn(n), targetGroup: 'asielstatushouder', consulentId, dates: { inschrijving: today } });
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body).toMatchObject({ reason: 'GEEN_CONSULENT_VAN_GEMEENTE' });
      expect(refused.body.errors[0].field).toBe('body.consulentId');
    }
    expect(await counts()).toEqual(before);
  });
});
