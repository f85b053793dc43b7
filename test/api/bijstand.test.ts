/**
 * Bijstand as a fact that changes (issue 11 §4) through the API, with PostgreSQL: the
 * consulent's decision (route and task completion), the income department's events (partner
 * kind INKOMEN), ontzorgen following it (messages to the ontzorgen provider in the outbox), and
 * bad input: wrong role, wrong gemeente, wrong phase (closed), illegal values, an end before the
 * start, a duplicate → 4xx problem+json with a Dutch reason; nothing changes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/domain/dates';
import { DEFAULT_VASTE_LASTEN_CENT } from '../../src/domain/ontzorgen';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let unknown: string;
let running: string;
const today = todayInAmsterdam(new Date());
const consultant = () => h.auth('consulent', 'altena');

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const consent = { date: today, scope: ['ONTZORGEN', 'TAALAANBIEDER'] };

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (body: object) => {
    const res = await request(h.app).post('/trajectories').set(consultant()).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.trajectoryId as string;
  };
  const base = {
    targetGroup: 'asielstatushouder',
    dates: { inschrijving: addDays(today, -30) },
    existing: { consent },
  };
  unknown = await start({ ...base, bsn: testBsn(801), bijstandOnbekend: true });
  running = await start({ ...base, bsn: testBsn(802), onBijstand: true, bijstandStart: addDays(today, -20) });
  for (const kind of ['INKOMEN', 'TAALAANBIEDER']) {
    const assigned = await request(h.app)
      .put(`/beheer/trajectories/${running}/partners/${h.partnerId(kind)}`)
      .set(h.auth('beheerder', 'altena'));
    expect(assigned.status).toBe(204);
  }
});
afterAll(async () => {
  await h?.close();
});

const decide = (id: string, body: object, auth = consultant()) =>
  request(h.app).post(`/trajectories/${id}/decisions/bijstand`).set(auth).send(body);
const audits = (trajectoryId: string) =>
  h.db.prisma.auditLog.count({ where: { action: 'BIJSTAND_VASTGELEGD', trajectoryId } });
const dossier = async (id: string) => (await request(h.app).get(`/trajectories/${id}`).set(consultant())).body;
const outbox = (trajectoryId: string, type: string) =>
  h.db.prisma.outboxMessage.findMany({ where: { trajectoryId, recipient: 'ONTZORGEN', type } });
let keys = 0;
const report = (body: object, kind = 'INKOMEN', id = running) =>
  request(h.app)
    .post(`/partner/trajectories/${id}/events`)
    .set(h.partnerAuth(kind))
    .set('Idempotency-Key', `bijstand-${++keys}`)
    .send(body);

function expectProblem(res: request.Response, status: number, reason?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
}

describe('bijstand decided by the consulent', () => {
  it('started without the fact: a BIJSTAND_VASTSTELLEN task; completing it with "gestart" starts ontzorgen from that day with the fixed costs', async () => {
    const task = await until(() =>
      h.db.prisma.task.findFirst({ where: { trajectoryId: unknown, type: 'BIJSTAND_VASTSTELLEN', status: 'OPEN' } }),
    );
    expect((await dossier(unknown)).view.bijstand).toEqual({ status: 'ONBEKEND' });
    const start = addDays(today, -10);
    const done = await request(h.app)
      .post(`/tasks/${task.id}/complete`)
      .set(consultant())
      .send({
        type: 'BIJSTAND_VASTSTELLEN',
        bijstand: { soort: 'GESTART', datum: start, vasteLasten: { huur: 61_250, zorgverzekering: 15_875 } },
      });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.task.status).toBe('CLOSED');
    expect(await audits(unknown)).toBe(1);
    const [message] = await until(async () => {
      const rows = await outbox(unknown, 'ONTZORGEN_START');
      return rows.length > 0 ? rows : undefined;
    });
    expect(message!.payload).toMatchObject({
      start,
      einde: addMonths(start, 6),
      vasteLastenCent: { ...DEFAULT_VASTE_LASTEN_CENT, huur: 61_250, zorgverzekering: 15_875 },
    });
    const file = await dossier(unknown);
    expect(file.view.bijstand).toEqual({ status: 'LOPEND', start });
    expect(
      file.timeline.some((item: { text: string }) => item.text.startsWith('Bijstand gestart per')),
      JSON.stringify(file.timeline),
    ).toBe(true);
  });

  it('refuses illegal values (422 naming the field), an end before the start and a duplicate (409), a partner or beheerder (403), another gemeente (404): nothing changes', async () => {
    const before = (await dossier(running)).view;
    const cents = await decide(running, { soort: 'GESTART', datum: today, vasteLasten: { huur: 650.5, internet: 1 } });
    expectProblem(cents, 422);
    expect([...new Set(cents.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'body.vasteLasten.huur',
      'body.vasteLasten.internet',
    ]);
    const reason = await decide(running, { soort: 'GESTART', datum: today, reden: 'WERK' });
    expectProblem(reason, 422);
    expect(reason.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.reden']);
    expectProblem(await decide(running, { soort: 'BEEINDIGD', datum: today }), 422);
    expectProblem(await decide(running, { soort: 'STOP', datum: today }), 422);
    const early = await decide(running, { soort: 'BEEINDIGD', datum: addDays(today, -21), reden: 'WERK' });
    expectProblem(early, 409, 'EINDE_VOOR_START');
    expect(early.body.detail).toContain('vóór de start');
    expectProblem(await decide(running, { soort: 'GESTART', datum: today }), 409, 'DUBBELE_MELDING');
    expectProblem(await decide(running, { soort: 'GEEN', datum: today }), 409, 'BIJSTAND_LOOPT');
    const end = { soort: 'BEEINDIGD', datum: today, reden: 'WERK' };
    expectProblem(await decide(running, end, h.partnerAuth('INKOMEN')), 403);
    expectProblem(await decide(running, end, h.auth('beheerder', 'altena')), 403);
    expectProblem(await decide(running, end, h.auth('consulent', 'drimmelen')), 404);
    expect(await audits(running)).toBe(0);
    expect((await dossier(running)).view.bijstand).toEqual(before.bijstand);
    expect(await outbox(running, 'ONTZORGEN_EINDE')).toHaveLength(0);
  });

  it('a start with bijstandOnbekend and onBijstand together, or a bijstandStart without bijstand, is 409 naming the field', async () => {
    const both = await request(h.app)
      .post('/trajectories')
      .set(consultant())
      .send({ bsn: testBsn(803), targetGroup: 'asielstatushouder', onBijstand: true, bijstandOnbekend: true });
    expectProblem(both, 409);
    expect(both.body.errors[0].field).toBe('body.bijstandOnbekend');
    const startOnly = await request(h.app)
      .post('/trajectories')
      .set(consultant())
      .send({ bsn: testBsn(804), targetGroup: 'asielstatushouder', bijstandStart: today });
    expectProblem(startOnly, 409);
    expect(startOnly.body.errors[0].field).toBe('body.bijstandStart');
  });
});

describe('bijstand reported by the income department (INKOMEN)', () => {
  it('only the income department reports it (403 SOORT_PARTNER); a bad reason is 422', async () => {
    const wrongKind = await report(
      { type: 'BIJSTAND_BEEINDIGD', occurredOn: today, einde: today, reden: 'WERK' },
      'TAALAANBIEDER',
    );
    expectProblem(wrongKind, 403, 'SOORT_PARTNER');
    const badReason = await report({ type: 'BIJSTAND_BEEINDIGD', occurredOn: today, einde: today, reden: 'LOTERIJ' });
    expectProblem(badReason, 422);
    expect(badReason.body.errors[0].field).toBe('body.reden');
    expect((await dossier(running)).view.bijstand.status).toBe('LOPEND');
  });

  it('BIJSTAND_BEEINDIGD for work ends the bijstand and ontzorgen early (ONTZORGEN_EINDE to the provider)', async () => {
    const res = await report({ type: 'BIJSTAND_BEEINDIGD', occurredOn: today, einde: today, reden: 'WERK' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const [message] = await until(async () => {
      const rows = await outbox(running, 'ONTZORGEN_EINDE');
      return rows.length > 0 ? rows : undefined;
    });
    expect(message!.payload).toEqual({ einde: today, reden: 'BIJSTAND_BEEINDIGD_WERK' });
    const view = await until(async () => {
      const current = (await dossier(running)).view;
      return current.bijstand.status === 'BEEINDIGD' ? current : undefined;
    });
    expect(view.bijstand).toEqual({ status: 'BEEINDIGD', start: addDays(today, -20), einde: today, reden: 'WERK' });
    expect(view.modules.ontzorgen).toMatchObject({
      status: 'BEEINDIGD',
      end: today,
      eindeReden: 'BIJSTAND_BEEINDIGD_WERK',
    });
    // The consulent's decision of the same end is now a duplicate.
    expectProblem(await decide(running, { soort: 'BEEINDIGD', datum: today, reden: 'WERK' }), 409, 'DUBBELE_MELDING');
  });

  it('the evaluation of the ended ontzorgen records its outcome: audited, in the dossier, counted by the monitor; bad input changes nothing', async () => {
    const evaluate = (id: string, body: object, auth = consultant()) =>
      request(h.app).post(`/trajectories/${id}/decisions/ontzorgen-evaluatie`).set(auth).send(body);
    const evaluations = () =>
      h.db.prisma.monitorEvent.count({ where: { type: 'ONTZORGEN_GEEVALUEERD', trajectoryId: running } });
    const old = await evaluate(running, { date: today, uitkomst: 'DEELS' });
    expectProblem(old, 422);
    expect(old.body.errors[0].field).toBe('body.uitkomst');
    expectProblem(await evaluate(unknown, { date: today, uitkomst: 'ZELFREDZAAM' }), 409, 'ONTZORGEN_LOOPT');
    expectProblem(
      await evaluate(running, { date: addDays(today, -1), uitkomst: 'ZELFREDZAAM' }),
      409,
      'EVALUATIE_VOOR_EINDE',
    );
    expectProblem(
      await evaluate(running, { date: today, uitkomst: 'ZELFREDZAAM' }, h.auth('consulent', 'drimmelen')),
      404,
    );
    expect(await evaluations()).toBe(0);

    const done = await evaluate(running, { date: today, uitkomst: 'BUDGETBEHEER_VERVOLG' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.result.modules.ontzorgen.evaluatie).toEqual({ datum: today, uitkomst: 'BUDGETBEHEER_VERVOLG' });
    expect(
      await h.db.prisma.auditLog.count({ where: { action: 'ONTZORGEN_GEEVALUEERD', trajectoryId: running } }),
    ).toBe(1);
    expectProblem(await evaluate(running, { date: today, uitkomst: 'SCHULDHULP' }), 409, 'DUBBELE_MELDING');
    await until(async () => (await evaluations()) === 1);
    const file = await dossier(running);
    expect(
      file.timeline.some((item: { text: string }) => item.text === 'Ontzorgen geëvalueerd: vervolg met budgetbeheer'),
      JSON.stringify(file.timeline),
    ).toBe(true);

    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const figures = await request(h.app)
      .get(`/beheer/monitor/cijfers?periode=${quarter}`)
      .set(h.auth('beheerder', 'altena'));
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const ontzorgen = figures.body.tables.find((t: { id: string }) => t.id === 'ontzorgen');
    expect(ontzorgen.columns.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(['evaluatie_zelfredzaam', 'evaluatie_budgetbeheer_vervolg', 'evaluatie_schuldhulp']),
    );
    expect(ontzorgen.rows.find((r: { gemeente: string }) => r.gemeente === 'altena')).toMatchObject({
      evaluatie_zelfredzaam: 0,
      evaluatie_budgetbeheer_vervolg: 1,
      evaluatie_schuldhulp: 0,
    });
  });

  it('a closed trajectory refuses the decision (409 TRAJECT_AFGESLOTEN)', async () => {
    const closed = await request(h.app)
      .post(`/trajectories/${running}/decisions/afsluiting`)
      .set(consultant())
      .send({ date: today, reason: 'PLICHT_VERVALLEN' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expectProblem(await decide(running, { soort: 'GESTART', datum: today }), 409, 'TRAJECT_AFGESLOTEN');
    expect(await audits(running)).toBe(0);
  });
});
