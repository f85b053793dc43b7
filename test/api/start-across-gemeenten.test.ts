/**
 * One running trajectory per person in the whole installation (a partial unique index on
 * Trajectory.bsnHash, prisma/migrations/20261202073727_one_running_trajectory_per_person). A start
 * in another served gemeente than the one where the person's trajectory runs becomes a start
 * request for the regional beheerder (202) that reveals neither the gemeente nor the trajectory,
 * and stores no trajectory. A repeated start with other facts is refused naming each difference.
 * After an ended trajectory a new plicht starts a new trajectory (SS110 path), the old one stays.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trajectoryIdFor } from '../../src/api/trajectories/pseudonym';
import { trajectoryWorkflowId } from '../../src/workflows/trajectory/messages';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const startBody = (bsn: string) => ({
  bsn,
  naam: 'Test Persoon',
  geboortedatum: '1990-01-01',
  targetGroup: 'gezinsmigrant',
  onBijstand: false,
  dates: { inschrijving: '2026-02-01' },
});

async function closeTrajectory(id: string, gemeente = 'altena'): Promise<void> {
  const closed = await request(h.app)
    .post(`/trajectories/${id}/decisions/afsluiting`)
    .set(h.auth('consulent', gemeente))
    .send({ date: '2026-02-02', reason: 'PLICHT_VERVALLEN' });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  await expect
    .poll(async () => (await h.db.prisma.trajectory.findUnique({ where: { id } }))?.status, { timeout: 15_000 })
    .toBe('CLOSED');
}

describe('start for a person with a running trajectory in another gemeente', () => {
  it('becomes a start request (202) that names neither the gemeente nor the trajectory, and starts nothing', async () => {
    const bsn = testBsn(41);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const altenaId = first.body.trajectoryId as string;
    const auditBefore = await h.db.prisma.auditLog.count();

    const answers = [];
    for (const auth of [h.auth('consulent', 'drimmelen'), h.auth('beheerder', 'regio')]) {
      const second = await request(h.app)
        .post('/trajectories')
        .set(auth)
        .send({ ...startBody(bsn), gemeente: 'drimmelen' });
      expect(second.status, JSON.stringify(second.body)).toBe(202);
      expect(second.body).toEqual({ startverzoekId: expect.any(String), status: 'IN_BEHANDELING' });
      const raw = JSON.stringify(second.body) + JSON.stringify(second.headers);
      expect(raw).not.toContain('altena');
      expect(raw).not.toContain(altenaId);
      expect(raw).not.toContain(bsn);
      answers.push(second.body.startverzoekId as string);
    }
    // Asking again gives the same open request.
    expect(answers[1]).toBe(answers[0]);

    // Nothing started for drimmelen: no Person or Trajectory row, no workflow; the request is
    // audited (who asked, from which gemeente — not where the person is).
    const drimmelenId = trajectoryIdFor(h.config.PSEUDONYM_KEY, 'drimmelen', bsn);
    expect(await h.db.prisma.person.count({ where: { bsn } })).toBe(1);
    expect(await h.db.prisma.trajectory.findUnique({ where: { id: drimmelenId } })).toBeNull();
    await expect(h.client.workflow.getHandle(trajectoryWorkflowId(drimmelenId)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    const audits = await h.db.prisma.auditLog.findMany({
      where: { action: 'STARTVERZOEK_REGIONAAL' },
      orderBy: { at: 'asc' },
    });
    expect(await h.db.prisma.auditLog.count()).toBe(auditBefore + 2);
    expect(audits.slice(-2).map((entry) => (entry.details as { gemeente?: string }).gemeente)).toEqual([
      'drimmelen',
      'drimmelen',
    ]);
    expect(JSON.stringify(audits)).not.toContain(altenaId);

    // Only the regional beheerder sees the request, with where the person's trajectory runs.
    const asGemeente = await request(h.app).get('/beheer/startverzoeken').set(h.auth('beheerder', 'drimmelen'));
    expect(asGemeente.status).toBe(403);
    const listed = await request(h.app).get(`/beheer/startverzoeken/${answers[0]}`).set(h.auth('beheerder', 'regio'));
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      gemeente: 'drimmelen',
      status: 'OPEN',
      runningIn: [{ trajectoryId: altenaId, gemeente: 'altena' }],
    });

    // Starting while the other trajectory runs is refused to the regional beheerder (naming it).
    const tooEarly = await request(h.app)
      .post(`/beheer/startverzoeken/${answers[0]}/besluit`)
      .set(h.auth('beheerder', 'regio'))
      .send({ besluit: 'STARTEN', reason: 'Verhuisd' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.detail).toContain('altena');

    // Declined: the consulent who asked gets a task with the outcome, without the other gemeente.
    const declined = await request(h.app)
      .post(`/beheer/startverzoeken/${answers[0]}/besluit`)
      .set(h.auth('beheerder', 'regio'))
      .send({ besluit: 'AFWIJZEN', reason: 'De verhuizing loopt via DUO (SS120).' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'AFGEWEZEN' });
    const task = await h.db.prisma.task.findUnique({ where: { key: `startverzoek:${answers[0]}` } });
    expect(task).toMatchObject({ gemeente: 'drimmelen', type: 'STARTVERZOEK_BEOORDEELD', trajectoryId: null });
    expect(JSON.stringify(task)).not.toContain('altena');
    expect(
      await h.db.prisma.auditLog.count({ where: { action: 'STARTVERZOEK_AFGEWEZEN', reason: { not: null } } }),
    ).toBe(1);
    const again = await request(h.app)
      .post(`/beheer/startverzoeken/${answers[0]}/besluit`)
      .set(h.auth('beheerder', 'regio'))
      .send({ besluit: 'AFWIJZEN', reason: 'nog eens' });
    expect(again.status).toBe(409);

    // The own gemeente's repeated start stays idempotent (200, the same trajectory).
    const own = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ trajectoryId: altenaId, created: false });
  });

  it('the regional beheerder starts a request once the other trajectory has ended', async () => {
    const bsn = testBsn(44);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    const asked = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'oosterhout'))
      .send(startBody(bsn));
    expect(asked.status).toBe(202);
    await closeTrajectory(first.body.trajectoryId as string);
    const started = await request(h.app)
      .post(`/beheer/startverzoeken/${asked.body.startverzoekId}/besluit`)
      .set(h.auth('beheerder', 'regio'))
      .send({ besluit: 'STARTEN', reason: 'Vorig traject afgesloten' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ status: 'GESTART', trajectoryId: expect.stringMatching(/^trj_/) });
    const trajectory = await h.db.prisma.trajectory.findUnique({ where: { id: started.body.trajectoryId } });
    expect(trajectory).toMatchObject({ gemeente: 'oosterhout' });
  });

  it('two simultaneous starts in two gemeenten: the database lets exactly one trajectory run', async () => {
    const bsn = testBsn(45);
    const answers = await Promise.all(
      ['altena', 'drimmelen', 'geertruidenberg', 'oosterhout'].map((gemeente) =>
        request(h.app).post('/trajectories').set(h.auth('consulent', gemeente)).send(startBody(bsn)),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 202, 202, 202]);
    const hash = (await h.db.prisma.person.findFirst({ where: { bsn } }))!.bsnHash;
    expect(await h.db.prisma.trajectory.count({ where: { bsnHash: hash } })).toBe(1);
    expect(await h.db.prisma.person.count({ where: { bsn } })).toBe(1);
  });

  it('the constraint itself: a second running row for one person is refused by PostgreSQL', async () => {
    const bsn = testBsn(46);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    const row = await h.db.prisma.trajectory.findUnique({ where: { id: first.body.trajectoryId } });
    await expect(
      h.db.prisma.trajectory.create({
        data: {
          id: 'trj_second',
          workflowId: 'trajectory-trj_second',
          gemeente: 'drimmelen',
          targetGroup: 'gezinsmigrant',
          phase: 'KOPPELING',
          bsnHash: row!.bsnHash,
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    // An ended one does not count.
    await h.db.prisma.trajectory.create({
      data: {
        id: 'trj_old',
        workflowId: 'trajectory-trj_old',
        gemeente: 'drimmelen',
        targetGroup: 'gezinsmigrant',
        phase: 'AFGEROND',
        status: 'CLOSED',
        bsnHash: row!.bsnHash,
      },
    });
  });
});

describe('a repeated start in the own gemeente', () => {
  it('with other facts is refused (409) naming each difference, and changes nothing', async () => {
    const bsn = testBsn(47);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const other = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({ ...startBody(bsn), targetGroup: 'asielstatushouder', onBijstand: true });
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.body.reason).toBe('ANDERE_GEGEVENS');
    expect(other.body.errors).toEqual([
      {
        field: 'body.targetGroup',
        message: 'Doelgroep: het traject heeft "gezinsmigrant", dit verzoek "asielstatushouder"',
      },
      { field: 'body.onBijstand', message: 'Bijstand: het traject heeft nee, dit verzoek ja' },
    ]);
    const row = await h.db.prisma.trajectory.findUnique({ where: { id: first.body.trajectoryId } });
    expect(row).toMatchObject({ targetGroup: 'gezinsmigrant', onBijstand: false });
  });
});

describe('a new plicht after an ended trajectory (SS110 path)', () => {
  it('needs nieuwePlicht, starts a new trajectory for the same person, and keeps the old one as history', async () => {
    const bsn = testBsn(48);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    const oldId = first.body.trajectoryId as string;
    await closeTrajectory(oldId);

    const plain = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(plain.status).toBe(409);
    expect(plain.body).toMatchObject({ reason: 'TRAJECT_BEEINDIGD', trajectoryId: oldId });

    const renewed = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({ ...startBody(bsn), nieuwePlicht: true });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    const newId = renewed.body.trajectoryId as string;
    expect(newId).not.toBe(oldId);
    // Idempotent: asking again while it runs gives the new one.
    const again = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({ ...startBody(bsn), nieuwePlicht: true });
    expect(again.status).toBe(200);
    expect(again.body.trajectoryId).toBe(newId);
    // The old trajectory stays, closed; both are the person's.
    expect(await h.db.prisma.trajectory.findUnique({ where: { id: oldId } })).toMatchObject({ status: 'CLOSED' });
    expect((await h.db.prisma.person.findMany({ where: { bsn } })).map((p) => p.trajectoryId).sort()).toEqual(
      [oldId, newId].sort(),
    );
    expect(await h.db.prisma.auditLog.count({ where: { trajectoryId: newId, action: 'TRAJECT_GESTART' } })).toBe(1);
  });
});

describe('after an ended trajectory elsewhere', () => {
  it('is allowed once the trajectory in the other gemeente has ended', async () => {
    const bsn = testBsn(42);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    await closeTrajectory(first.body.trajectoryId as string);

    const elsewhere = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'drimmelen'))
      .send(startBody(bsn));
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body).toMatchObject({ gemeente: 'drimmelen', created: true });
  });

  it('after a move to another served gemeente, a start there finds the moved trajectory (200) instead of a second one', async () => {
    const bsn = testBsn(43);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const altenaId = first.body.trajectoryId as string;
    expect(
      (
        await request(h.app)
          .put(`/beheer/trajectories/${altenaId}/partners/${h.partnerId('DUO')}`)
          .set(h.auth('beheerder', 'altena'))
      ).status,
    ).toBe(204);
    const moved = await request(h.app)
      .post(`/partner/trajectories/${altenaId}/events`)
      .set(h.partnerAuth('DUO'))
      .set('Idempotency-Key', `move-${bsn}`)
      .send({ type: 'SS120', occurredOn: '2026-03-01', gemeente: 'drimmelen', vestiging: '2026-03-01' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    await expect
      .poll(async () => (await h.db.prisma.person.findUnique({ where: { trajectoryId: altenaId } }))?.gemeente, {
        timeout: 15_000,
      })
      .toBe('drimmelen');

    const there = await request(h.app).post('/trajectories').set(h.auth('consulent', 'drimmelen')).send(startBody(bsn));
    expect(there.status, JSON.stringify(there.body)).toBe(200);
    expect(there.body).toMatchObject({ trajectoryId: altenaId, gemeente: 'drimmelen', created: false });
    const drimmelenId = trajectoryIdFor(h.config.PSEUDONYM_KEY, 'drimmelen', bsn);
    expect(await h.db.prisma.trajectory.findUnique({ where: { id: drimmelenId } })).toBeNull();
    expect(await h.db.prisma.person.count({ where: { bsn } })).toBe(1);
  });
});
