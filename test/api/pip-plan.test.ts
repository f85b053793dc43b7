/**
 * The PIP as a plan through the API (PostgreSQL + the run's Temporal server): agreements,
 * participation and instemming are kept; bad input is a 4xx problem+json that changes nothing.
 */
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const today = new Date().toISOString().slice(0, 10);
const leefgebieden = Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, true]));

/** A trajectory in phase PIP (gezinsmigrant: starts at the brede intake). */
async function trajectoryInPip(
  gemeente: string,
  bsnIndex: number,
  targetGroup = 'gezinsmigrant',
  inschrijving = today,
): Promise<string> {
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
      dates: { inschrijving },
    });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const id = start.body.trajectoryId as string;
  if (targetGroup === 'asielstatushouder') {
    const warm = await request(h.app)
      .post(`/trajectories/${id}/decisions/warme-overdracht`)
      .set(auth)
      .send({ date: today, form: 'VIDEO', backgroundHandedOver: true });
    expect(warm.status, JSON.stringify(warm.body)).toBe(200);
  }
  const intake = await request(h.app)
    .post(`/trajectories/${id}/decisions/brede-intake`)
    .set(auth)
    .send({ date: today, leefgebieden, leerbaarheidstoets: 'B1_NIET_HAALBAAR' });
  expect(intake.status, JSON.stringify(intake.body)).toBe(200);
  return id;
}

const gezinsPip = {
  dagtekening: today,
  leerroute: 'B1',
  level: 'B1',
  alfabetisering: false,
  afspraken: [
    { onderdeel: 'PVT', start: today, aanbieder: 'Taalhuis Dongemond' },
    { onderdeel: 'MAP', start: today, aanbieder: 'Taalhuis Dongemond' },
  ],
  participatie: [{ soort: 'VRIJWILLIGERSWERK', start: today, aanbieder: 'Voedselbank', urenPerWeek: 6 }],
  instemming: { akkoord: true, datum: today },
};

describe('POST /trajectories/{id}/decisions/pip with a plan', () => {
  it('keeps the plan, answers the leerbaarheidstoets warning, and refuses bad input without changing anything', async () => {
    const auth = h.auth('consulent', 'drimmelen');
    const id = await trajectoryInPip('drimmelen', 901);

    const unknownPart = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip`)
      .set(auth)
      .send({ ...gezinsPip, afspraken: [{ onderdeel: 'YOGA', start: today, aanbieder: 'x' }] });
    expect(unknownPart.status).toBe(422);
    expect(unknownPart.headers['content-type']).toContain('application/problem+json');
    expect(unknownPart.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.afspraken.0.onderdeel']);

    const participatiewet = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip`)
      .set(auth)
      .send({ ...gezinsPip, participatie: [{ soort: 'STAGE', start: today, participatiewet: true }] });
    expect(participatiewet.status).toBe(409);
    expect(participatiewet.headers['content-type']).toContain('application/problem+json');
    expect(participatiewet.body.reason).toBe('PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP');
    expect(participatiewet.body.detail).toContain('8.1.4');

    const missing = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip`)
      .set(auth)
      .send({ ...gezinsPip, afspraken: gezinsPip.afspraken.slice(0, 1) });
    expect(missing.status).toBe(409);
    expect(missing.body.reason).toBe('PIP_AFSPRAAK_ONTBREEKT');
    expect((await request(h.app).get(`/trajectories/${id}`).set(auth)).body.view.pip).toBeUndefined();
    // A refused decision never gets a beschikking.
    expect(await h.db.prisma.beschikking.count({ where: { trajectoryId: id } })).toBe(0);

    const ok = await request(h.app).post(`/trajectories/${id}/decisions/pip`).set(auth).send(gezinsPip);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.result.pip).toMatchObject({
      afspraken: gezinsPip.afspraken,
      participatie: gezinsPip.participatie,
      instemming: { akkoord: true, datum: today },
    });
    expect(ok.body.result.waarschuwingen).toEqual([
      expect.objectContaining({ code: 'ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS' }),
    ]);
    const dossier = await request(h.app).get(`/trajectories/${id}`).set(auth);
    expect(dossier.body.view.pip.participatie).toEqual(gezinsPip.participatie);

    // The beschikking: stored in PostgreSQL, listed, downloaded (audited), in Dutch.
    const list = await request(h.app).get(`/trajectories/${id}/beschikkingen`).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'PIP_VASTGESTELD', dagtekening: today })]);
    const download = await request(h.app)
      .get(`/trajectories/${id}/beschikkingen/${list.body.items[0].id}`)
      .set(auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(download.body as Buffer) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Beschikking Plan Inburgering en Participatie (PIP)');
    expect(text).toContain('Gemeente Drimmelen');
    expect(text).toContain('Aan: Test Persoon');
    expect(text).toContain('Leerroute: B1-route, te behalen taalniveau B1.');
    expect(text).toContain('Participatieverklaringstraject (PVT): vanaf');
    expect(text).toContain('Vrijwilligerswerk: vanaf');
    expect(text).toContain('bij Voedselbank, 6 uur per week');
    expect(text).toContain('artikel 15 van de Wet inburgering 2021');
    expect(text).toContain('binnen zes weken na de dagtekening van dit besluit bezwaar maken');
    expect(text).toContain('ingestemd met dit plan');
    const audit = await h.db.prisma.auditLog.findFirst({
      where: { trajectoryId: id, action: 'BESCHIKKING_GEDOWNLOAD' },
    });
    expect(audit?.actorId).toBe('consulent@drimmelen');

    // Another gemeente sees neither the list nor the file; the PDF never enters workflow history.
    const other = await request(h.app)
      .get(`/trajectories/${id}/beschikkingen/${list.body.items[0].id}`)
      .set(h.auth('consulent', 'altena'));
    expect(other.status).toBe(404);
    const history = await h.client.workflow.getHandle(`trajectory-${id}`).fetchHistory();
    expect(JSON.stringify(history)).not.toContain('Beschikking');
  });
});

describe('POST /trajectories/{id}/decisions/pip-termijn-verlenging', () => {
  it('extends the deadline to two weeks after the information came in (audited); bad input changes nothing', async () => {
    const auth = h.auth('consulent', 'altena');
    const inschrijving = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const id = await trajectoryInPip('altena', 902, 'gezinsmigrant', inschrijving);
    const before = (await request(h.app).get(`/trajectories/${id}`).set(auth)).body.view.pipDeadline as string;

    const unknown = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip-termijn-verlenging`)
      .set(auth)
      .send({ date: today, derde: 'BUURMAN', informatieOntvangenOp: today });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.derde']);

    const early = new Date(Date.now() - 50 * 86_400_000).toISOString().slice(0, 10);
    const noEffect = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip-termijn-verlenging`)
      .set(auth)
      .send({ date: today, derde: 'COA', informatieOntvangenOp: early });
    expect(noEffect.status).toBe(409);
    expect(noEffect.body.reason).toBe('PIP_VERLENGING_ZONDER_EFFECT');
    expect((await request(h.app).get(`/trajectories/${id}`).set(auth)).body.view.pipDeadline).toBe(before);

    const ok = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip-termijn-verlenging`)
      .set(auth)
      .send({ date: today, derde: 'ZORGVERLENER', informatieOntvangenOp: today });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const expected = new Date(Date.parse(today) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(ok.body.result).toEqual({ vorigeDeadline: before, nieuweDeadline: expected });
    expect((await request(h.app).get(`/trajectories/${id}`).set(auth)).body.view.pipDeadline).toBe(expected);
    const audit = await h.db.prisma.auditLog.findFirst({ where: { trajectoryId: id, action: 'PIP_TERMIJN_VERLENGD' } });
    expect(audit?.details).toMatchObject({ derde: 'ZORGVERLENER' });
  });
});
