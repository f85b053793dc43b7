/**
 * A beheerder sets a partner's endpoint and signing key through the API (the secret is never
 * shown), and assigning a partner re-delivers the messages of its kind that waited for one
 * (WACHT_OP_PARTNER) — through a real delivery workflow to the partner simulator.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let sim: PartnerSimulator;
const SECRET = 'simulator-secret-simulator-secret-01';
beforeAll(async () => {
  h = await createApiHarness();
  sim = await startPartnerSimulator({ keyring: { currentKeyId: 's1', keys: { s1: SECRET } } });
});
afterAll(async () => {
  await sim?.close();
  await h?.close();
});

describe('partner administration through the API', () => {
  it('the regional beheerder sets endpoint and signing key; the secret never comes back; audited', async () => {
    const id = h.partnerId('MAATSCHAPPELIJKE_BEGELEIDING');
    const asGemeente = await request(h.app)
      .put(`/admin/partners/${id}`)
      .set(h.auth('beheerder', 'altena'))
      .send({ endpointUrl: sim.deliveryUrl });
    expect(asGemeente.status).toBe(403);
    const bad = await request(h.app)
      .put(`/admin/partners/${id}`)
      .set(h.auth('beheerder', 'regio'))
      .send({ signingKey: { keyId: 's1', secret: 'kort' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('body.signingKey.secret');

    const set = await request(h.app)
      .put(`/admin/partners/${id}`)
      .set(h.auth('beheerder', 'regio'))
      .send({ endpointUrl: sim.deliveryUrl, signingKey: { keyId: 's1', secret: SECRET } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ id, endpointUrl: sim.deliveryUrl, signingKeyId: 's1' });
    const listed = await request(h.app).get('/admin/partners').set(h.auth('beheerder', 'regio'));
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect(JSON.stringify(set.body)).not.toContain(SECRET);
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: 'PARTNER_GEWIJZIGD' } });
    expect(audit?.details).toMatchObject({ partnerId: id, signingKeyId: 's1' });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('assigning a partner re-delivers the messages of its kind that waited, and closes the task', async () => {
    const id = h.partnerId('MAATSCHAPPELIJKE_BEGELEIDING');
    const started = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({
        bsn: testBsn(61),
        naam: 'Test Persoon',
        targetGroup: 'asielstatushouder',
        onBijstand: false,
        dates: { inschrijving: '2026-02-01' },
      });
    const trajectoryId = started.body.trajectoryId as string;
    const key = `trajectory-${trajectoryId}/outbox/test-waiting`;
    await h.db.prisma.outboxMessage.create({
      data: {
        key,
        trajectoryId,
        recipient: 'MAATSCHAPPELIJKE_BEGELEIDING',
        type: 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING',
        payload: { start: '2026-03-01' },
        consent: { scope: ['MAATSCHAPPELIJKE_BEGELEIDING'], date: '2026-02-10', stateVersion: 99 },
        status: 'WACHT_OP_PARTNER',
        lastError: 'wacht op toewijzing van een MAATSCHAPPELIJKE_BEGELEIDING-partner',
      },
    });
    await h.db.prisma.task.create({
      data: {
        key: `${trajectoryId}/aanbieder-toewijzen/MAATSCHAPPELIJKE_BEGELEIDING`,
        trajectoryId,
        gemeente: 'altena',
        type: 'AANBIEDER_TOEWIJZEN',
        title: 'Wijs een aanbieder toe',
      },
    });

    const assigned = await request(h.app)
      .put(`/beheer/trajectories/${trajectoryId}/partners/${id}`)
      .set(h.auth('consulent', 'altena'));
    expect(assigned.status).toBe(204);
    await expect
      .poll(async () => (await h.db.prisma.outboxMessage.findUnique({ where: { key } }))?.status, { timeout: 20_000 })
      .toBe('DELIVERED');
    const delivery = sim.deliveries.find((d) => (d.body as { key?: string }).key === key);
    expect(delivery?.signature).toEqual({ ok: true, keyId: 's1' });
    const task = await h.db.prisma.task.findFirst({ where: { trajectoryId, type: 'AANBIEDER_TOEWIJZEN' } });
    expect(task?.status).toBe('CLOSED');
  });
});
