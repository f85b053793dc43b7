/**
 * The real start of the leerroute (issue 12 §3) through the API, with PostgreSQL: the
 * taalaanbieder's LEERROUTE_GESTART and the consulent's decision both put the INBURGERINGSAANBOD
 * for DUO in the outbox with the start date — not the PIP's dagtekening. Bad input (wrong partner
 * kind, malformed date, a start before the PIP, a duplicate, wrong phase) → 4xx problem+json, and
 * nothing changes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let byProvider: string;
let byConsulent: string;
let beforePip: string;
const today = todayInAmsterdam(new Date());
const pipDay = addDays(today, -40);
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

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (body: object) => {
    const res = await request(h.app).post('/trajectories').set(consultant()).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.trajectoryId as string;
  };
  const inRoute = {
    targetGroup: 'asielstatushouder',
    onBijstand: false,
    dates: { inschrijving: addDays(today, -90) },
    startPhase: 'LEERROUTE',
    existing: { currentPip: { dagtekening: pipDay, leerroute: 'B1', level: 'B1', alfabetisering: false } },
  };
  byProvider = await start({ ...inRoute, bsn: testBsn(1201) });
  byConsulent = await start({ ...inRoute, bsn: testBsn(1202) });
  beforePip = await start({
    targetGroup: 'asielstatushouder',
    onBijstand: false,
    bsn: testBsn(1203),
    dates: { inschrijving: today },
  });
  for (const kind of ['TAALAANBIEDER', 'WERK']) {
    const assigned = await request(h.app)
      .put(`/beheer/trajectories/${byProvider}/partners/${h.partnerId(kind)}`)
      .set(h.auth('beheerder', 'altena'));
    expect(assigned.status).toBe(204);
  }
});
afterAll(async () => {
  await h?.close();
});

let keys = 0;
const report = (body: object, kind = 'TAALAANBIEDER', id = byProvider) =>
  request(h.app)
    .post(`/partner/trajectories/${id}/events`)
    .set(h.partnerAuth(kind))
    .set('Idempotency-Key', `gestart-${++keys}`)
    .send(body);
const decide = (id: string, body: object) =>
  request(h.app).post(`/trajectories/${id}/decisions/leerroute-gestart`).set(consultant()).send(body);
const aanbod = (trajectoryId: string) =>
  h.db.prisma.outboxMessage.findMany({ where: { trajectoryId, recipient: 'DUO', type: 'INBURGERINGSAANBOD' } });
const dossier = async (id: string) => (await request(h.app).get(`/trajectories/${id}`).set(consultant())).body;
const audits = (trajectoryId: string) =>
  h.db.prisma.auditLog.count({ where: { action: 'LEERROUTE_GESTART', trajectoryId } });

function expectProblem(res: request.Response, status: number, reason?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
}

describe('the real start of the leerroute', () => {
  it('no aanbod to DUO at the PIP: it waits for the start', async () => {
    await until(async () => (await dossier(byProvider)).view?.phase === 'LEERROUTE');
    expect(await aanbod(byProvider)).toEqual([]);
  });

  it('the taalaanbieder reports it: the aanbod for DUO carries that date, not the PIP date', async () => {
    const gestart = addDays(pipDay, 12);
    // Another kind may not report it; a malformed date is named.
    expectProblem(await report({ type: 'LEERROUTE_GESTART', occurredOn: gestart }, 'WERK'), 403, 'SOORT_PARTNER');
    const bad = await report({ type: 'LEERROUTE_GESTART', occurredOn: '12-03-2026' });
    expectProblem(bad, 422);
    expect(bad.body.errors[0].field).toBe('body.occurredOn');

    const res = await report({ type: 'LEERROUTE_GESTART', occurredOn: gestart });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const [message] = await until(async () => {
      const rows = await aanbod(byProvider);
      return rows.length > 0 && rows;
    });
    expect(message!.payload).toMatchObject({ datumInburgeringsaanbod: gestart, leerroute: 'B1' });
    expect((await dossier(byProvider)).view.modules.leerrouteGestart).toBe(gestart);
  });

  it('the consulent records it (provider without a system): audited, aanbod with that date; refusals change nothing', async () => {
    expectProblem(await decide(byConsulent, { start: addDays(pipDay, -1) }), 409, 'START_VOOR_PIP');
    expectProblem(await decide(byConsulent, { start: addDays(today, 1) }), 409, 'DATUM_IN_TOEKOMST');
    const bad = await decide(byConsulent, { start: 'morgen', extra: 1 });
    expectProblem(bad, 422);
    expectProblem(await decide(beforePip, { start: today }), 409, 'VERKEERDE_FASE');
    expect(await audits(byConsulent)).toBe(0);
    expect(await aanbod(byConsulent)).toEqual([]);

    const start = addDays(pipDay, 5);
    const res = await decide(byConsulent, { start });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.modules.leerrouteGestart).toBe(start);
    expect(await audits(byConsulent)).toBe(1);
    const [message] = await until(async () => {
      const rows = await aanbod(byConsulent);
      return rows.length > 0 && rows;
    });
    expect(message!.payload).toMatchObject({ datumInburgeringsaanbod: start, leerroute: 'B1' });

    expectProblem(await decide(byConsulent, { start }), 409, 'DUBBELE_MELDING');
    expect(await audits(byConsulent)).toBe(1);
    expect(await aanbod(byConsulent)).toHaveLength(1);
  });
});
