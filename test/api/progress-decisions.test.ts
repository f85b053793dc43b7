/**
 * Progress recorded by the gemeente (issue 11 §2) through the decision routes, with PostgreSQL:
 * accepted → audited, in the dossier; wrong role, wrong gemeente, wrong phase, illegal value,
 * duplicate → 4xx problem+json with a Dutch reason, and nothing changes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let inRoute: string;
let beforePip: string;

beforeAll(async () => {
  h = await createApiHarness();
  const start = async (body: object) => {
    const res = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.trajectoryId as string;
  };
  const base = { targetGroup: 'asielstatushouder', onBijstand: false };
  inRoute = await start({
    ...base,
    bsn: testBsn(701),
    dates: { inschrijving: '2025-03-01', plichtStart: '2025-02-01', vestiging: '2025-03-01' },
    startPhase: 'LEERROUTE',
    existing: { currentPip: { dagtekening: '2025-04-01', leerroute: 'Z', level: 'A1', alfabetisering: false } },
  });
  beforePip = await start({ ...base, bsn: testBsn(702), dates: { inschrijving: '2026-02-01' } });
});
afterAll(async () => {
  await h?.close();
});

const decide = (id: string, segment: string, body: object, auth = h.auth('consulent', 'altena')) =>
  request(h.app).post(`/trajectories/${id}/decisions/${segment}`).set(auth).send(body);

const audits = (action: string, trajectoryId: string) =>
  h.db.prisma.auditLog.count({ where: { action, trajectoryId } });

const dossier = async (id: string) =>
  (await request(h.app).get(`/trajectories/${id}`).set(h.auth('consulent', 'altena'))).body;

function expectProblem(res: request.Response, status: number, reason?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
}

describe('progress recorded by the gemeente', () => {
  const uren = { kind: 'TAAL_KNM', hours: 40.5, van: '2026-01-01', tot: '2026-01-31' };

  it('records hours over a period (audited, in the dossier timeline); the same period again is a 409', async () => {
    const res = await decide(inRoute, 'uren', uren);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.modules.hours.TAAL_KNM).toBe(40.5);
    expect(await audits('UREN_VASTGELEGD', inRoute)).toBe(1);
    const file = await dossier(inRoute);
    expect(
      file.timeline.some((item: { text: string }) => item.text.includes('vastgelegd door de gemeente')),
      JSON.stringify(file.timeline),
    ).toBe(true);

    const again = await decide(inRoute, 'uren', uren);
    expectProblem(again, 409, 'DUBBELE_MELDING');
    expect(again.body.detail).toContain('al uren');
    expect(await audits('UREN_VASTGELEGD', inRoute)).toBe(1);
    expect((await dossier(inRoute)).view.modules.hours.TAAL_KNM).toBe(40.5);
  });

  it('refuses an illegal value (422 naming the field), a wrong phase (409), a partner or beheerder (403), another gemeente (404)', async () => {
    const bad = await decide(inRoute, 'uren', { ...uren, hours: 0.1, kind: 'SLAPEN' });
    expectProblem(bad, 422);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'body.hours',
      'body.kind',
    ]);
    const exam = await decide(inRoute, 'module-resultaat', { date: '2026-01-31', module: 'KNM_EXAMEN' });
    expectProblem(exam, 422);
    expect(exam.body.errors[0].message).toContain('alleen van DUO');

    expectProblem(await decide(beforePip, 'uren', uren), 409, 'VERKEERDE_FASE');
    expectProblem(await decide(inRoute, 'uren', { ...uren, tot: '2026-02-01' }, h.partnerAuth('TAALAANBIEDER')), 403);
    expectProblem(await decide(inRoute, 'uren', { ...uren, tot: '2026-02-02' }, h.auth('beheerder', 'altena')), 403);
    expectProblem(await decide(inRoute, 'uren', { ...uren, tot: '2026-02-03' }, h.auth('consulent', 'drimmelen')), 404);
    expect(await audits('UREN_VASTGELEGD', inRoute)).toBe(1);
    expect(await audits('UREN_VASTGELEGD', beforePip)).toBe(0);
  });

  it('records module results and the gemeente’s judgement of PVT; a module outside the route is a 409', async () => {
    const signed = await decide(inRoute, 'module-resultaat', { date: '2026-02-01', module: 'PVT_ONDERTEKEND' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.result.modules.pvtSigned).toBe(true);
    expectProblem(
      await decide(inRoute, 'module-resultaat', { date: '2026-02-01', module: 'PVT_ONDERTEKEND' }),
      409,
      'DUBBELE_MELDING',
    );
    expectProblem(
      await decide(inRoute, 'module-resultaat', { date: '2026-02-01', module: 'ONDERWIJS_PROGRAMMA' }),
      409,
      'NIET_IN_ROUTE',
    );
    expectProblem(
      await decide(inRoute, 'module-beoordeling', { date: '2026-02-01', module: 'MAP' }),
      409,
      'MODULE_NIET_COMPLEET',
    );
    const judged = await decide(inRoute, 'module-beoordeling', { date: '2026-02-01', module: 'PVT' });
    expect(judged.status, JSON.stringify(judged.body)).toBe(200);
    expect(judged.body.result.modules.pvtBeoordeeld).toBe(true);
    expect(judged.body.result.completion.missing.map((m: { code: string }) => m.code)).not.toContain('PVT_UREN');
    expect(await audits('MODULE_VASTGELEGD', inRoute)).toBe(1);
    expect(await audits('MODULE_BEOORDEELD', inRoute)).toBe(1);
    // DUO hears of the signing as from a provider.
    await expect
      .poll(() => h.db.prisma.outboxMessage.count({ where: { trajectoryId: inRoute, type: 'PVT_ONDERTEKEND' } }))
      .toBe(1);
  });
});
