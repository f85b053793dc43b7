/**
 * Participation and work through the API (PostgreSQL + the run's Temporal server): the
 * werkmakelaar (partner kind WERK) reports status changes, the consulent records them;
 * bad input is a 4xx problem+json that changes nothing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterOf } from '../../src/domain/period';
import { todayInAmsterdam } from '../../src/domain/today';
import { swiRecords, toXml } from '../../src/swi/extract';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const today = todayInAmsterdam(new Date());
const leefgebieden = Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, true]));

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A gezinsmigrant with a PIP that agrees on vrijwilligerswerk; the WERK partner assigned. */
async function trajectoryWithPip(gemeente: string, bsnIndex: number, targetGroup = 'gezinsmigrant'): Promise<string> {
  const auth = h.auth('consulent', gemeente);
  const start = await request(h.app)
    .post('/trajectories')
    .set(auth)
    .send({
      bsn: testBsn(bsnIndex),
      naam: 'Test Persoon',
      geboortedatum: '1990-01-01',
      targetGroup,
      onBijstand: false,
      dates: { inschrijving: today },
    });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const id = start.body.trajectoryId as string;
  const intake = await request(h.app)
    .post(`/trajectories/${id}/decisions/brede-intake`)
    .set(auth)
    .send({ date: today, leefgebieden, leerbaarheidstoets: 'B1_HAALBAAR' });
  expect(intake.status, JSON.stringify(intake.body)).toBe(200);
  const pip = await request(h.app)
    .post(`/trajectories/${id}/decisions/pip`)
    .set(auth)
    .send({
      dagtekening: today,
      leerroute: 'B1',
      level: 'B1',
      alfabetisering: false,
      participatie: [{ soort: 'VRIJWILLIGERSWERK', start: today, aanbieder: 'Voedselbank', urenPerWeek: 6 }],
    });
  expect(pip.status, JSON.stringify(pip.body)).toBe(200);
  const assign = await request(h.app)
    .put(`/beheer/trajectories/${id}/partners/${h.partnerId('WERK')}`)
    .set(h.auth('beheerder', gemeente));
  expect(assign.status).toBe(204);
  return id;
}

const participatie = async (id: string, gemeente: string) =>
  (await request(h.app).get(`/trajectories/${id}`).set(h.auth('consulent', gemeente))).body.view.participatie as
    Array<{ soort: string; status: string; urenPerWeek?: number }> | undefined;

describe('participation status changes', () => {
  it('the WERK partner reports a start; the consulent records the end and a job; bad input changes nothing', async () => {
    const gemeente = 'geertruidenberg';
    const id = await trajectoryWithPip(gemeente, 1201);
    const auth = h.auth('consulent', gemeente);

    const reported = await request(h.app)
      .post(`/partner/trajectories/${id}/events`)
      .set(h.partnerAuth('WERK'))
      .set('Idempotency-Key', `participatie-${id}-1`)
      .send({ type: 'PARTICIPATIE_STATUS', occurredOn: today, soort: 'VRIJWILLIGERSWERK', status: 'GESTART' });
    expect(reported.status, JSON.stringify(reported.body)).toBe(202);
    await until(async () => (await participatie(id, gemeente))?.[0]?.status === 'GESTART');

    // A partner kind that does not report participation (assigned, so not a 404): 403 SOORT_PARTNER.
    await request(h.app)
      .put(`/beheer/trajectories/${id}/partners/${h.partnerId('TAALAANBIEDER')}`)
      .set(h.auth('beheerder', gemeente))
      .expect(204);
    const taal = await request(h.app)
      .post(`/partner/trajectories/${id}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', `participatie-${id}-taal`)
      .send({ type: 'PARTICIPATIE_STATUS', occurredOn: today, soort: 'STAGE', status: 'GESTART' });
    expect(taal.status).toBe(403);
    expect(taal.body.reason).toBe('SOORT_PARTNER');
    // Unknown soort from the partner: 422 naming the field.
    const badSoort = await request(h.app)
      .post(`/partner/trajectories/${id}/events`)
      .set(h.partnerAuth('WERK'))
      .set('Idempotency-Key', `participatie-${id}-bad`)
      .send({ type: 'PARTICIPATIE_STATUS', occurredOn: today, soort: 'HOBBY', status: 'GESTART' });
    expect(badSoort.status).toBe(422);
    expect(badSoort.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(badSoort.body.errors)).toContain('soort');

    const post = (body: object) =>
      request(h.app).post(`/trajectories/${id}/decisions/participatie`).set(auth).send(body);
    // Shape: hours beyond 60 → 422 naming the field.
    const tooMany = await post({ date: today, soort: 'BETAALD_WERK', status: 'GESTART', urenPerWeek: 80 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.urenPerWeek']);
    // Rules: paid work without hours, an illegal transition, 8.1.4 → 409 with the rule and a Dutch reason.
    const noHours = await post({ date: today, soort: 'BETAALD_WERK', status: 'GESTART' });
    expect(noHours.status).toBe(409);
    expect(noHours.headers['content-type']).toContain('application/problem+json');
    expect(noHours.body.reason).toBe('PARTICIPATIE_UREN_ONTBREKEN');
    expect(noHours.body.detail).toContain('uren per week');
    const illegal = await post({ date: today, soort: 'STAGE', status: 'AFGEROND' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.reason).toBe('PARTICIPATIE_OVERGANG_ONGELDIG');
    const wet = await post({ date: today, soort: 'STAGE', status: 'GESTART', participatiewet: true });
    expect(wet.status).toBe(409);
    expect(wet.body.reason).toBe('PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP');
    expect(await participatie(id, gemeente)).toEqual([
      expect.objectContaining({ soort: 'VRIJWILLIGERSWERK', status: 'GESTART' }),
    ]);
    expect(await h.db.prisma.auditLog.count({ where: { trajectoryId: id, action: 'PARTICIPATIE_STATUS' } })).toBe(0);

    const stopped = await post({ date: today, soort: 'VRIJWILLIGERSWERK', status: 'AFGEROND' });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    const job = await post({ date: today, soort: 'BETAALD_WERK', status: 'GESTART', urenPerWeek: 32 });
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    expect(job.body.result.participatie).toEqual([
      expect.objectContaining({ soort: 'VRIJWILLIGERSWERK', status: 'AFGEROND' }),
      { soort: 'BETAALD_WERK', status: 'GESTART', sinds: today, urenPerWeek: 32 },
    ]);
    expect(await h.db.prisma.auditLog.count({ where: { trajectoryId: id, action: 'PARTICIPATIE_STATUS' } })).toBe(2);

    // The dossier's timeline says it in Dutch.
    const dossier = await request(h.app).get(`/trajectories/${id}`).set(auth);
    const texts = (dossier.body.timeline as Array<{ text: string }>).map((item) => item.text);
    expect(texts).toContain('Vrijwilligerswerk: gestart');
    expect(texts).toContain('Betaald werk: gestart, 32 uur per week (vastgelegd door de gemeente)');

    // Another gemeente's consulent: 404, nothing changes.
    const other = await request(h.app)
      .post(`/trajectories/${id}/decisions/participatie`)
      .set(h.auth('consulent', 'altena'))
      .send({ date: today, soort: 'BETAALD_WERK', status: 'GESTOPT' });
    expect(other.status).toBe(404);
  });
});

describe('the outcome at the end (uitstroom): monitor figures and the CBS delivery', () => {
  it('closing with work running derives uitstroom naar werk with its hours; the consulent may give another; both counted exactly', async () => {
    const gemeente = 'oosterhout';
    const auth = h.auth('consulent', gemeente);
    // One person closes while working 32 hours (derived), one with a consulent's outcome OPLEIDING.
    const working = await trajectoryWithPip(gemeente, 1301);
    const job = await request(h.app)
      .post(`/trajectories/${working}/decisions/participatie`)
      .set(auth)
      .send({ date: today, soort: 'BETAALD_WERK', status: 'GESTART', urenPerWeek: 32 });
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    const studying = await trajectoryWithPip(gemeente, 1302);

    const close = (id: string, body: object) =>
      request(h.app).post(`/trajectories/${id}/decisions/afsluiting`).set(auth).send(body);
    // Bad input: hours without work (409, the rule), an unknown outcome (422, the field), work without hours.
    const hoursWithoutWork = await close(studying, {
      date: today,
      reason: 'PLICHT_VERVALLEN',
      uitstroom: { uitkomst: 'OPLEIDING', urenPerWeek: 20 },
    });
    expect(hoursWithoutWork.status).toBe(409);
    expect(hoursWithoutWork.headers['content-type']).toContain('application/problem+json');
    expect(hoursWithoutWork.body.reason).toBe('UITSTROOM_UREN_ALLEEN_BIJ_WERK');
    const unknown = await close(studying, {
      date: today,
      reason: 'PLICHT_VERVALLEN',
      uitstroom: { uitkomst: 'REIZEN' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.uitstroom.uitkomst']);
    const workWithoutHours = await close(studying, {
      date: today,
      reason: 'PLICHT_VERVALLEN',
      uitstroom: { uitkomst: 'WERK' },
    });
    expect(workWithoutHours.status).toBe(409);
    expect(workWithoutHours.body.reason).toBe('UITSTROOM_UREN_ONTBREKEN');
    const stillOpen = await request(h.app).get(`/trajectories/${studying}`).set(auth);
    expect(stillOpen.body.view.status).toBe('ACTIEF');
    expect(await h.db.prisma.monitorEvent.count({ where: { trajectoryId: studying, type: 'UITSTROOM' } })).toBe(0);

    const closedWorking = await close(working, { date: today, reason: 'PLICHT_VERVALLEN' });
    expect(closedWorking.status, JSON.stringify(closedWorking.body)).toBe(200);
    expect(closedWorking.body.result.uitstroom).toEqual({
      datum: today,
      uitkomst: 'WERK',
      urenPerWeek: 32,
      bron: 'PARTICIPATIE',
    });
    const closedStudying = await close(studying, {
      date: today,
      reason: 'PLICHT_VERVALLEN',
      uitstroom: { uitkomst: 'OPLEIDING' },
    });
    expect(closedStudying.status, JSON.stringify(closedStudying.body)).toBe(200);

    // The UITSTROOM monitor records (written by the workflow's activity).
    const events = await until(async () => {
      const rows = await h.db.prisma.monitorEvent.findMany({
        where: { type: 'UITSTROOM', trajectoryId: { in: [working, studying] } },
      });
      return rows.length === 2 ? rows : undefined;
    });
    expect(events.map((e) => e.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { gemeente, datum: today, uitkomst: 'OPLEIDING' },
      { gemeente, datum: today, uitkomst: 'WERK', urenPerWeek: 32 },
    ]);

    // The monitor's uitstroom table for the quarter: exactly these two outcomes, 32 hours on average.
    const quarter = quarterOf(today);
    const figures = await request(h.app)
      .get(`/beheer/monitor/cijfers/uitstroom?periode=${quarter.label}`)
      .set(h.auth('beheerder', gemeente));
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const row = (figures.body.rows as Array<Record<string, unknown>>).find((r) => r.gemeente === gemeente);
    expect(row).toMatchObject({
      uitkomst_werk: 1,
      uitkomst_opleiding: 1,
      uitkomst_participatie: 0,
      uitkomst_geen: 0,
      uitkomst_gem_uren_per_week: 32,
      plicht_vervallen: 2,
    });

    // The CBS (SWI) delivery: the outcome field per person, and in the XML.
    const records = await swiRecords(h.db.prisma, gemeente, quarter);
    const byOutcome = records.map((r) => [r.uitkomst, r.urenPerWeek]).sort();
    expect(byOutcome).toEqual([
      ['OPLEIDING', null],
      ['WERK', 32],
    ]);
    const xml = toXml(records, { gemeente, quarter, createdAt: new Date() });
    expect(xml).toContain('<uitkomst>WERK</uitkomst>');
    expect(xml).toContain('<urenPerWeek>32</urenPerWeek>');
  });
});
