/**
 * Task audiences through the API on PostgreSQL and a real worker: an escalation (audience
 * TEAMLEIDER) lands in the teamleider's werkvoorraad, a failed delivery (BEHEERDER) in the
 * beheerder's — never in the consulenten's; only the audience's role picks up and completes it;
 * another gemeente's teamleider or beheerder sees nothing of it. The teamleider takes the
 * consulent decision (reassigns the trajectory) but no other decision.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { taskAudience, taskTitle } from '../../src/domain/tasks';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let trajectoryId: string;
let escalationId: string;
let deliveryTaskId: string;
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

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((item) => item.id);
const list = (auth: { Authorization: string }, query = '') =>
  request(h.app).get(`/tasks?trajectoryId=${trajectoryId}${query}`).set(auth);

beforeAll(async () => {
  h = await createApiHarness();
  // Inschrijving 12 weeks ago: the PIP term of 10 weeks has passed, the escalation is due at once.
  const started = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({
      bsn: testBsn(8201),
      targetGroup: 'gezinsmigrant',
      dates: { inschrijving: addDays(today, -84) },
    });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  trajectoryId = started.body.trajectoryId;
  escalationId = (
    await until(() =>
      h.db.prisma.task.findFirst({ where: { trajectoryId, type: 'PIP_DEADLINE_ESCALATIE', status: 'OPEN' } }),
    )
  ).id;
  // A failed delivery, as the outbox delivery records it (key under the workflow's outbox).
  const { workflowId } = await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
  deliveryTaskId = (
    await h.db.prisma.task.create({
      data: {
        key: `${workflowId}/outbox/aanmelding/aflevering-mislukt`,
        trajectoryId,
        gemeente: 'altena',
        type: 'AFLEVERING_MISLUKT',
        audience: taskAudience('AFLEVERING_MISLUKT'),
        title: taskTitle('AFLEVERING_MISLUKT', { messageType: 'AANMELDING', partner: 'Taalschool', httpStatus: 400 }),
      },
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

describe('escalations: the teamleider', () => {
  it('lands in the teamleider’s werkvoorraad (unassigned), not in the consulent’s', async () => {
    const row = await h.db.prisma.task.findUniqueOrThrow({ where: { id: escalationId } });
    expect(row).toMatchObject({ audience: 'TEAMLEIDER', assigneeId: null });
    expect(ids((await list(h.auth('teamleider', 'altena'))).body)).toContain(escalationId);
    const consulent = await list(h.auth('consulent', 'altena'));
    expect(consulent.status).toBe(200);
    expect(ids(consulent.body)).not.toContain(escalationId);
    expect(ids(consulent.body).length).toBeGreaterThan(0); // the consulent's own tasks are there
    const asked = await list(h.auth('consulent', 'altena'), '&audience=TEAMLEIDER');
    expect(asked.status).toBe(403);
    expect(asked.body.errors[0].field).toBe('query.audience');
  });

  it('another gemeente’s teamleider sees nothing of it (list, task 404, claim 404)', async () => {
    const other = h.auth('teamleider', 'drimmelen');
    expect((await list(other)).body.total).toBe(0);
    expect((await request(h.app).get('/tasks').set(other)).body.items.map((t: { id: string }) => t.id)).not.toContain(
      escalationId,
    );
    expect((await request(h.app).get(`/tasks/${escalationId}`).set(other)).status).toBe(404);
    expect((await request(h.app).post(`/tasks/${escalationId}/claim`).set(other)).status).toBe(404);
  });

  it('a consulent cannot pick it up or complete it (403 TAAK_VOOR_ANDERE_ROL), nor hand it to a consulent; nothing changes', async () => {
    const claim = await request(h.app).post(`/tasks/${escalationId}/claim`).set(h.auth('consulent', 'altena'));
    expect(claim.status).toBe(403);
    expect(claim.body.reason).toBe('TAAK_VOOR_ANDERE_ROL');
    const complete = await request(h.app)
      .post(`/tasks/${escalationId}/complete`)
      .set(h.auth('consulent', 'altena'))
      .send({ type: 'PIP_DEADLINE_ESCALATIE', date: today, outcome: 'AFGEHANDELD' });
    expect(complete.status).toBe(403);
    const reassign = await request(h.app)
      .post(`/tasks/${escalationId}/reassign`)
      .set(h.auth('teamleider', 'altena'))
      .send({ assigneeId: 'consulent@altena' });
    expect(reassign.status).toBe(409);
    expect(reassign.body.reason).toBe('TAAK_VOOR_ANDERE_ROL');
    expect(await h.db.prisma.task.findUniqueOrThrow({ where: { id: escalationId } })).toMatchObject({
      status: 'OPEN',
      assigneeId: null,
    });
  });

  it('the teamleider picks it up and completes it (the workflow closes it)', async () => {
    const claim = await request(h.app).post(`/tasks/${escalationId}/claim`).set(h.auth('teamleider', 'altena'));
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.task.assigneeId).toBe('teamleider@altena');
    const done = await request(h.app)
      .post(`/tasks/${escalationId}/complete`)
      .set(h.auth('teamleider', 'altena'))
      .send({ type: 'PIP_DEADLINE_ESCALATIE', date: today, outcome: 'AFGEHANDELD' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.task.status).toBe('CLOSED');
  });

  it('the teamleider hands a consulent task to a colleague and reassigns the trajectory (the consulent decision, audited)', async () => {
    const consulentTask = await h.db.prisma.task.findFirstOrThrow({
      where: { trajectoryId, audience: 'CONSULENT', status: 'OPEN' },
    });
    const team = await list(h.auth('teamleider', 'altena'), '&audience=CONSULENT');
    expect(ids(team.body)).toContain(consulentTask.id);
    await h.db.prisma.werkplekUser.create({
      data: { subject: 'collega@altena', name: 'Collega', role: 'consulent', gemeente: 'altena' },
    });
    const handed = await request(h.app)
      .post(`/tasks/${consulentTask.id}/reassign`)
      .set(h.auth('teamleider', 'altena'))
      .send({ assigneeId: 'collega@altena' });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);

    const decided = await request(h.app)
      .post(`/trajectories/${trajectoryId}/decisions/consulent`)
      .set(h.auth('teamleider', 'altena'))
      .send({ date: today, consulentId: 'collega@altena' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(
      await h.db.prisma.auditLog.findFirst({ where: { trajectoryId, action: 'CONSULENT_TOEGEWEZEN' } }),
    ).toMatchObject({ actorId: 'teamleider@altena' });
  });

  it('the teamleider takes no other decision, starts nothing and reads no intake notes (403)', async () => {
    const auth = h.auth('teamleider', 'altena');
    const decision = await request(h.app)
      .post(`/trajectories/${trajectoryId}/decisions/voortgangsgesprek`)
      .set(auth)
      .send({ date: today, outcome: 'OP_SCHEMA' });
    expect(decision.status).toBe(403);
    const start = await request(h.app)
      .post('/trajectories')
      .set(auth)
      .send({ bsn: testBsn(8202), targetGroup: 'gezinsmigrant' });
    expect(start.status).toBe(403);
    expect((await request(h.app).get(`/trajectories/${trajectoryId}/intake-notes`).set(auth)).status).toBe(403);
    expect((await request(h.app).get(`/trajectories/${trajectoryId}`).set(auth)).status).toBe(200);
    expect(
      (await request(h.app).get(`/trajectories/${trajectoryId}`).set(h.auth('teamleider', 'drimmelen'))).status,
    ).toBe(404);
  });
});

describe('a failed delivery: the beheerder', () => {
  it('lands in the beheerder’s werkvoorraad, not the consulent’s or the teamleider’s', async () => {
    expect(ids((await list(h.auth('beheerder', 'altena'))).body)).toContain(deliveryTaskId);
    expect(ids((await list(h.auth('beheerder', 'regio'))).body)).toContain(deliveryTaskId);
    expect(ids((await list(h.auth('consulent', 'altena'))).body)).not.toContain(deliveryTaskId);
    expect(ids((await list(h.auth('teamleider', 'altena'))).body)).not.toContain(deliveryTaskId);
    expect((await list(h.auth('beheerder', 'drimmelen'))).body.total).toBe(0);
  });

  it('a consulent cannot pick it up (403); another gemeente’s beheerder does not find it (404)', async () => {
    const consulent = await request(h.app).post(`/tasks/${deliveryTaskId}/claim`).set(h.auth('consulent', 'altena'));
    expect(consulent.status).toBe(403);
    const other = await request(h.app).post(`/tasks/${deliveryTaskId}/claim`).set(h.auth('beheerder', 'drimmelen'));
    expect(other.status).toBe(404);
    const handOver = await request(h.app)
      .post(`/tasks/${deliveryTaskId}/reassign`)
      .set(h.auth('beheerder', 'altena'))
      .send({ assigneeId: 'consulent@altena' });
    expect(handOver.status).toBe(409);
  });

  it('the beheerder claims and completes it (before: 403), audited', async () => {
    const claim = await request(h.app).post(`/tasks/${deliveryTaskId}/claim`).set(h.auth('beheerder', 'altena'));
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.task.assigneeId).toBe('beheerder@altena');
    const done = await request(h.app)
      .post(`/tasks/${deliveryTaskId}/complete`)
      .set(h.auth('beheerder', 'altena'))
      .send({ type: 'AFLEVERING_MISLUKT', date: today, outcome: 'AFGEHANDELD', toelichting: 'endpoint hersteld' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.task.status).toBe('CLOSED');
    const audits = await h.db.prisma.auditLog.findMany({ where: { trajectoryId, action: 'TAAK_AFGEROND' } });
    const audit = audits.find((row) => (row.details as { taskId?: string }).taskId === deliveryTaskId);
    expect(audit, JSON.stringify(audits)).toMatchObject({ actorId: 'beheerder@altena' });
  });
});
