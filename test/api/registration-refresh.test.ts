/**
 * A registration that waits for a partner to be assigned (WACHT_OP_PARTNER) carries the plan
 * as it is when it goes out: a PIP bijstelling in between brings the waiting outbox row up to
 * date, and the werkmakelaar/jobcoach (WERK) assigned later receives the current agreements —
 * through the API, PostgreSQL, a real delivery workflow and the partner simulator.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let sim: PartnerSimulator;
beforeAll(async () => {
  h = await createApiHarness();
  sim = await startPartnerSimulator({});
});
afterAll(async () => {
  await sim?.close();
  await h?.close();
});

const today = new Date().toISOString().slice(0, 10);
const leefgebieden = Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, true]));
const pip = (participatie: unknown[]) => ({
  dagtekening: today,
  leerroute: 'B1',
  level: 'B1',
  alfabetisering: false,
  afspraken: [
    { onderdeel: 'PVT', start: today, aanbieder: 'Taalhuis Dongemond' },
    { onderdeel: 'MAP', start: today, aanbieder: 'Werkbedrijf West-Brabant', aanbiederSoort: 'WERK' },
  ],
  participatie,
  instemming: { akkoord: true, datum: today },
});

describe('a registration waiting for its partner carries the current plan', () => {
  it('PIP with participation → WERK registration waits → bijstelling → WERK assigned → the current agreements arrive', async () => {
    const werk = h.partnerId('WERK');
    const endpoint = await request(h.app)
      .put(`/admin/partners/${werk}`)
      .set(h.auth('beheerder', 'regio'))
      .send({ endpointUrl: sim.deliveryUrl });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(200);

    const auth = h.auth('consulent', 'altena');
    const start = await request(h.app)
      .post('/trajectories')
      .set(auth)
      .send({
        bsn: testBsn(731),
        naam: 'Test Persoon',
        geboortedatum: '1990-01-01',
        targetGroup: 'gezinsmigrant',
        onBijstand: false,
        dates: { inschrijving: today },
      });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    const id = start.body.trajectoryId as string;
    for (const [segment, body] of [
      ['machtiging', { date: today, scope: ['TAALAANBIEDER', 'WERK'] }],
      ['brede-intake', { date: today, leefgebieden, leerbaarheidstoets: 'B1_HAALBAAR' }],
      ['pip', pip([{ soort: 'VRIJWILLIGERSWERK', start: today, aanbieder: 'Voedselbank', urenPerWeek: 6 }])],
    ] as const) {
      const res = await request(h.app).post(`/trajectories/${id}/decisions/${segment}`).set(auth).send(body);
      expect(res.status, `${segment}: ${JSON.stringify(res.body)}`).toBe(200);
    }

    const row = () =>
      h.db.prisma.outboxMessage.findFirst({ where: { trajectoryId: id, type: 'AANMELDING_PARTICIPATIE' } });
    await expect.poll(async () => (await row())?.status, { timeout: 20_000 }).toBe('WACHT_OP_PARTNER');
    expect((await row())?.payload).toEqual({
      afspraken: [{ soort: 'VRIJWILLIGERSWERK', start: today, urenPerWeek: 6 }],
    });
    // The MAP goes to WERK too (its agreement names WERK), and waits as well.
    await expect
      .poll(
        async () =>
          (await h.db.prisma.outboxMessage.findFirst({ where: { trajectoryId: id, type: 'START_MAP' } }))?.recipient,
        { timeout: 20_000 },
      )
      .toBe('WERK');

    const bijstelling = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip-bijstelling`)
      .set(auth)
      .send(pip([{ soort: 'BETAALD_WERK', start: today, aanbieder: 'Uitzendbureau', urenPerWeek: 32 }]));
    expect(bijstelling.status, JSON.stringify(bijstelling.body)).toBe(200);
    const current = { afspraken: [{ soort: 'BETAALD_WERK', start: today, urenPerWeek: 32 }] };
    await expect.poll(async () => (await row())?.payload, { timeout: 20_000 }).toEqual(current);
    expect((await row())?.status).toBe('WACHT_OP_PARTNER');

    const assigned = await request(h.app).put(`/beheer/trajectories/${id}/partners/${werk}`).set(auth);
    expect(assigned.status).toBe(204);
    await expect.poll(async () => (await row())?.status, { timeout: 20_000 }).toBe('DELIVERED');
    const delivered = sim.deliveries.filter(
      (d) => (d.body as { trajectoryId?: string; type?: string }).trajectoryId === id,
    );
    const registration = delivered.find((d) => (d.body as { type: string }).type === 'AANMELDING_PARTICIPATIE');
    expect((registration?.body as { payload: unknown }).payload).toEqual(current);
    // No personal data beyond what every registration carries: name and birth date under `person`.
    expect(JSON.stringify((registration?.body as { payload: unknown }).payload)).not.toMatch(
      /Test Persoon|Uitzendbureau/,
    );
  });
});
