/**
 * Handhaving decided (issue 11 §3) through the API, with PostgreSQL: completing the
 * HANDHAVING_BEOORDELEN task takes a typed decision (waarschuwing, boete, afgezien), audited,
 * in the dossier and counted in the monitor's handhaving figures. Bad input — wrong role, wrong
 * gemeente, no open proposal, an illegal value, a duplicate, the Raad van State rule — is a 4xx
 * problem+json with a Dutch reason, and nothing changes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let migrant: string;
let statushouder: string;
const today = todayInAmsterdam(new Date());
const quarter = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (seed: number, targetGroup: string) => {
    const res = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({
        bsn: testBsn(seed),
        targetGroup,
        onBijstand: false,
        dates: { inschrijving: '2025-03-01', plichtStart: '2025-02-01', vestiging: '2025-03-01' },
        startPhase: 'LEERROUTE',
        existing: { currentPip: { dagtekening: '2025-04-01', leerroute: 'B1', level: 'B1', alfabetisering: false } },
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.trajectoryId as string;
  };
  migrant = await start(1201, 'gezinsmigrant');
  statushouder = await start(1202, 'asielstatushouder');
});
afterAll(async () => {
  await h?.close();
});

const consulent = () => h.auth('consulent', 'altena');
const decide = (id: string, segment: string, body: object, auth = consulent()) =>
  request(h.app).post(`/trajectories/${id}/decisions/${segment}`).set(auth).send(body);
const propose = async (id: string) => {
  const res = await decide(id, 'handhaving', { date: today, reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result as { proposal: { kind: string }; taskKey: string };
};
const proposalTask = async (id: string) => {
  await expect
    .poll(() => h.db.prisma.task.count({ where: { trajectoryId: id, type: 'HANDHAVING_BEOORDELEN', status: 'OPEN' } }))
    .toBe(1);
  return h.db.prisma.task.findFirstOrThrow({
    where: { trajectoryId: id, type: 'HANDHAVING_BEOORDELEN', status: 'OPEN' },
  });
};
const complete = (taskId: string, handhavingBesluit: object, auth = consulent()) =>
  request(h.app).post(`/tasks/${taskId}/complete`).set(auth).send({ type: 'HANDHAVING_BEOORDELEN', handhavingBesluit });
const audits = (id: string) =>
  h.db.prisma.auditLog.count({ where: { action: 'HANDHAVING_BESLUIT', trajectoryId: id } });

function expectProblem(res: request.Response, status: number, reason?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
}

describe('handhaving decided through the werkvoorraad', () => {
  it('waarschuwing, then a boete of € 250: tasks closed, audited, in the dossier and counted by the monitor', async () => {
    expect((await propose(migrant)).proposal.kind).toBe('WAARSCHUWING');
    const first = await proposalTask(migrant);
    const warned = await complete(first.id, { besluit: 'WAARSCHUWING', date: today });
    expect(warned.status, JSON.stringify(warned.body)).toBe(200);
    expect(warned.body.task).toMatchObject({
      status: 'CLOSED',
      result: { handhavingBesluit: { besluit: 'WAARSCHUWING' } },
    });

    expect((await propose(migrant)).proposal.kind).toBe('BOETE_VOORSTEL');
    const second = await proposalTask(migrant);
    const fined = await complete(second.id, { besluit: 'BOETE', date: today, bedragCent: 25_000 });
    expect(fined.status, JSON.stringify(fined.body)).toBe(200);
    expect(await audits(migrant)).toBe(2);
    expect(
      await h.db.prisma.auditLog.findFirst({
        where: { action: 'HANDHAVING_BESLUIT', trajectoryId: migrant },
        orderBy: { at: 'desc' },
      }),
    ).toMatchObject({ details: { besluit: 'BOETE', bedragCent: 25_000, taskId: second.id } });

    const file = (await request(h.app).get(`/trajectories/${migrant}`).set(consulent())).body;
    expect(JSON.stringify(file.timeline)).toContain('boete opgelegd van € 250,00');

    await expect
      .poll(() => h.db.prisma.monitorEvent.count({ where: { type: 'HANDHAVING_BESLOTEN', gemeente: 'altena' } }))
      .toBe(2);
    const figures = await request(h.app)
      .get(`/beheer/monitor/cijfers/handhaving?periode=${quarter}`)
      .set(h.auth('beheerder', 'altena'));
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const rows = (figures.body.rows ?? figures.body.table?.rows) as Array<Record<string, unknown>>;
    expect(rows.find((row) => row.gemeente === 'altena')).toMatchObject({
      voorstellen: 2,
      waarschuwingen: 1,
      boetes: 1,
      boetebedrag_cent: 25_000,
    });
  });

  it('refuses: no open proposal (409), a boete over € 800 or an unknown besluit (422 naming the field), another role (403) or gemeente (404), the Raad van State rule (409) — nothing changes', async () => {
    const none = await decide(migrant, 'handhaving-besluit', { besluit: 'WAARSCHUWING', date: today });
    expectProblem(none, 409, 'GEEN_HANDHAVINGSVOORSTEL');

    await propose(statushouder);
    const task = await proposalTask(statushouder);
    const warned = await complete(task.id, { besluit: 'WAARSCHUWING', date: today });
    expect(warned.status, JSON.stringify(warned.body)).toBe(200);
    // A second decision on the same task: it is done.
    expectProblem(await complete(task.id, { besluit: 'WAARSCHUWING', date: today }), 409, 'TAAK_AFGEROND');

    await propose(statushouder);
    const open = await proposalTask(statushouder);
    const tooMuch = await complete(open.id, { besluit: 'BOETE', date: today, bedragCent: 80_001 });
    expectProblem(tooMuch, 422);
    expect(tooMuch.body.errors.map((e: { field: string }) => e.field)).toContain('body.handhavingBesluit.bedragCent');
    expectProblem(await decide(statushouder, 'handhaving-besluit', { besluit: 'TAAKSTRAF', date: today }), 422);
    expectProblem(await decide(statushouder, 'handhaving-besluit', { besluit: 'AFGEZIEN', date: today }), 422);
    expectProblem(
      await decide(
        statushouder,
        'handhaving-besluit',
        { besluit: 'WAARSCHUWING', date: today },
        h.partnerAuth('TAALAANBIEDER'),
      ),
      403,
    );
    expectProblem(
      await decide(
        statushouder,
        'handhaving-besluit',
        { besluit: 'WAARSCHUWING', date: today },
        h.auth('beheerder', 'altena'),
      ),
      403,
    );
    expectProblem(
      await decide(
        statushouder,
        'handhaving-besluit',
        { besluit: 'WAARSCHUWING', date: today },
        h.auth('consulent', 'drimmelen'),
      ),
      404,
    );
    const rvs = await complete(open.id, { besluit: 'BOETE', date: today, bedragCent: 10_000 });
    expectProblem(rvs, 409, 'RVS_2025_ASIELSTATUSHOUDER');
    expect(rvs.body.detail).toContain('Raad van State');
    expect(await audits(statushouder)).toBe(1);
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('OPEN');

    // With the individual weighing the boete is possible.
    const weighed = await complete(open.id, {
      besluit: 'BOETE',
      date: today,
      bedragCent: 10_000,
      individueleAfweging: true,
    });
    expect(weighed.status, JSON.stringify(weighed.body)).toBe(200);
    expect(await audits(statushouder)).toBe(2);
  });
});
