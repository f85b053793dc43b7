/**
 * Follow-ups that close the loop (issue 11 §3) through the API, with PostgreSQL: a missed
 * voortgangsgesprek, a maatschappelijk begeleider's "aandacht nodig" and verzuim over the
 * threshold (a provider's VERZUIM event, or verzuim recorded by the consulent) each put a task
 * in the werkvoorraad. Bad input — wrong role, wrong gemeente, wrong phase, an illegal value, a
 * duplicate — is a 4xx problem+json with a Dutch reason, and nothing changes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { todayInAmsterdam } from '../../src/domain/today';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let inRoute: string;
let beforePip: string;
const today = todayInAmsterdam(new Date());

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
    bsn: testBsn(1101),
    dates: { inschrijving: '2025-03-01', plichtStart: '2025-02-01', vestiging: '2025-03-01' },
    startPhase: 'LEERROUTE',
    existing: { currentPip: { dagtekening: '2025-04-01', leerroute: 'B1', level: 'B1', alfabetisering: false } },
  });
  beforePip = await start({ ...base, bsn: testBsn(1102), dates: { inschrijving: today } });
  for (const kind of ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'COA']) {
    const res = await request(h.app)
      .put(`/beheer/trajectories/${inRoute}/partners/${h.partnerId(kind)}`)
      .set(h.auth('beheerder', 'altena'));
    expect(res.status).toBe(204);
  }
});
afterAll(async () => {
  await h?.close();
});

const decide = (id: string, segment: string, body: object, auth = h.auth('consulent', 'altena')) =>
  request(h.app).post(`/trajectories/${id}/decisions/${segment}`).set(auth).send(body);
let eventKey = 0;
const report = (body: object, kind = 'TAALAANBIEDER', id = inRoute) =>
  request(h.app)
    .post(`/partner/trajectories/${id}/events`)
    .set(h.partnerAuth(kind))
    .set('Idempotency-Key', `follow-up-${++eventKey}`)
    .send(body);
const openTasks = (type: string, trajectoryId = inRoute) =>
  h.db.prisma.task.findMany({ where: { trajectoryId, type, status: 'OPEN' } });
const audits = (action: string, trajectoryId = inRoute) =>
  h.db.prisma.auditLog.count({ where: { action, trajectoryId } });

function expectProblem(res: request.Response, status: number, reason?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
}

describe('follow-up tasks', () => {
  it('a voortgangsgesprek "niet verschenen" puts a contact task in the werkvoorraad, due in 14 days', async () => {
    const res = await decide(inRoute, 'voortgangsgesprek', { date: today, outcome: 'NIET_VERSCHENEN' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await expect.poll(async () => (await openTasks('VOORTGANG_OPVOLGEN')).length).toBe(1);
    const [task] = await openTasks('VOORTGANG_OPVOLGEN');
    expect(task!.dueDate?.toISOString().slice(0, 10)).toBe(addDays(today, 14));
    expect(task!.title).toContain('neem contact op');
  });

  it('"aandacht nodig" from the maatschappelijk begeleider opens a task', async () => {
    expect(
      (
        await report(
          { type: 'MB_RAPPORTAGE', occurredOn: today, status: 'AANDACHT_NODIG' },
          'MAATSCHAPPELIJKE_BEGELEIDING',
        )
      ).status,
    ).toBe(202);
    await expect.poll(async () => (await openTasks('MB_AANDACHT_NODIG')).length).toBe(1);
  });

  it('a provider’s VERZUIM adds up per month; reaching 8 hours opens one task', async () => {
    expect((await report({ type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 5 })).status).toBe(202);
    expect((await report({ type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 3 })).status).toBe(202);
    await expect.poll(async () => (await openTasks('VERZUIM_OPVOLGEN')).length).toBe(1);
    const [task] = await openTasks('VERZUIM_OPVOLGEN');
    expect(task!.title).toContain('8 uur gemist');
  });

  it('refuses a VERZUIM of the wrong partner kind (403), bad hours or kind (422 naming the field), another’s trajectory (404); nothing is stored', async () => {
    const inboxBefore = await h.db.prisma.inboxEvent.count();
    expectProblem(
      await report({ type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 2 }, 'COA'),
      403,
      'SOORT_PARTNER',
    );
    // The maatschappelijk begeleider reports PVT and participation, not lessons.
    expectProblem(
      await report({ type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 2 }, 'MAATSCHAPPELIJKE_BEGELEIDING'),
      403,
      'SOORT_PARTNER',
    );
    const bad = await report({ type: 'VERZUIM', occurredOn: today, kind: 'SLAPEN', hours: 0.1 });
    expectProblem(bad, 422);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'body.hours',
      'body.kind',
    ]);
    expectProblem(await report({ type: 'VERZUIM', occurredOn: addDays(today, 1), kind: 'LES', hours: 2 }), 422);
    expectProblem(
      await report({ type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 2 }, 'TAALAANBIEDER', beforePip),
      404,
    );
    expect(await h.db.prisma.inboxEvent.count()).toBe(inboxBefore);
  });
});

describe('verzuim recorded by the consulent', () => {
  const body = { date: today, kind: 'PARTICIPATIE', hours: 2.5 };

  it('is audited and in the dossier; the same kind and day again is a 409 and changes nothing', async () => {
    const res = await decide(inRoute, 'verzuim', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.decisions.at(-1)).toMatchObject({ kind: 'VERZUIM_VASTGELEGD' });
    expect(await audits('VERZUIM_VASTGELEGD')).toBe(1);
    const file = (await request(h.app).get(`/trajectories/${inRoute}`).set(h.auth('consulent', 'altena'))).body;
    expect(JSON.stringify(file.timeline)).toContain('vastgelegd door de gemeente');

    const again = await decide(inRoute, 'verzuim', body);
    expectProblem(again, 409, 'DUBBELE_MELDING');
    expect(await audits('VERZUIM_VASTGELEGD')).toBe(1);
  });

  it('refuses an illegal value (422), a wrong phase (409), a partner or beheerder (403), another gemeente (404)', async () => {
    const bad = await decide(inRoute, 'verzuim', { date: today, kind: 'LES', hours: -1 });
    expectProblem(bad, 422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('body.hours');
    expectProblem(await decide(beforePip, 'verzuim', body), 409, 'VERKEERDE_FASE');
    expectProblem(await decide(inRoute, 'verzuim', { ...body, kind: 'LES' }, h.partnerAuth('TAALAANBIEDER')), 403);
    expectProblem(await decide(inRoute, 'verzuim', { ...body, kind: 'LES' }, h.auth('beheerder', 'altena')), 403);
    expectProblem(await decide(inRoute, 'verzuim', { ...body, kind: 'LES' }, h.auth('consulent', 'drimmelen')), 404);
    expect(await audits('VERZUIM_VASTGELEGD')).toBe(1);
    expect(await audits('VERZUIM_VASTGELEGD', beforePip)).toBe(0);
  });
});
