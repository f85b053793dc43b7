/**
 * A move between two gemeenten of this installation (DUO's SS120): the trajectory goes to the
 * new gemeente, and the old gemeente keeps its record — a VERHUISD_UIT monitor record under the
 * old gemeente naming both (its uitstroom figures count it), an audit row, and its beheerder
 * still sees that the trajectory left and when (GET /beheer/verhuizingen) — but not the new
 * gemeente's dossier. Real workflow, real PostgreSQL.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const MOVED_ON = '2026-03-01';

describe('a move to another gemeente of this installation', () => {
  it('the old gemeente keeps a monitor record, an audit row and the fact that the trajectory left and when', async () => {
    const bsn = testBsn(61);
    const started = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({
        bsn,
        naam: 'Test Persoon',
        geboortedatum: '1990-01-01',
        targetGroup: 'gezinsmigrant',
        onBijstand: false,
        dates: { inschrijving: '2026-02-01' },
      });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.trajectoryId as string;
    const assigned = await request(h.app)
      .put(`/beheer/trajectories/${id}/partners/${h.partnerId('DUO')}`)
      .set(h.auth('beheerder', 'altena'));
    expect(assigned.status).toBe(204);

    const moved = await request(h.app)
      .post(`/partner/trajectories/${id}/events`)
      .set(h.partnerAuth('DUO'))
      .set('Idempotency-Key', `move-out-${bsn}`)
      .send({ type: 'SS120', occurredOn: MOVED_ON, gemeente: 'drimmelen', vestiging: MOVED_ON });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    await expect
      .poll(async () => (await h.db.prisma.trajectory.findUnique({ where: { id } }))?.gemeente, { timeout: 15_000 })
      .toBe('drimmelen');

    // The monitor record: under the old gemeente, naming both, counting on the vestiging date.
    const records = await h.db.prisma.monitorEvent.findMany({ where: { trajectoryId: id, type: 'VERHUISD_UIT' } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      gemeente: 'altena',
      data: { datum: MOVED_ON, vanGemeente: 'altena', naarGemeente: 'drimmelen' },
    });
    expect(records[0]!.occurredOn?.toISOString().slice(0, 10)).toBe(MOVED_ON);
    // The audit row of the hand-over.
    const audits = await h.db.prisma.auditLog.findMany({ where: { trajectoryId: id, action: 'TRAJECT_VERHUISD' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toEqual({ vanGemeente: 'altena', naarGemeente: 'drimmelen', datum: MOVED_ON });

    // Altena's figures count the outflow; drimmelen's do not.
    const figures = await request(h.app)
      .get('/beheer/monitor/cijfers/uitstroom?periode=2026-Q1')
      .set(h.auth('beheerder', 'altena'));
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const altenaRow = (figures.body.rows as Array<Record<string, unknown>>).find((row) => row.gemeente === 'altena');
    expect(altenaRow).toMatchObject({ verhuisd_binnen_regio: 1 });
    const drimmelenFigures = await request(h.app)
      .get('/beheer/monitor/cijfers/uitstroom?periode=2026-Q1')
      .set(h.auth('beheerder', 'drimmelen'));
    expect(
      (drimmelenFigures.body.rows as Array<Record<string, unknown>>).find((row) => row.gemeente === 'drimmelen'),
    ).toMatchObject({ verhuisd_binnen_regio: 0 });

    // Altena's beheerder sees that it left and when; not the dossier that is now drimmelen's.
    const left = await request(h.app).get('/beheer/verhuizingen').set(h.auth('beheerder', 'altena'));
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body.items).toEqual([
      {
        trajectoryId: id,
        vanGemeente: 'altena',
        naarGemeente: 'drimmelen',
        vertrokkenOp: MOVED_ON,
        vastgelegdOp: expect.any(String),
      },
    ]);
    expect(JSON.stringify(left.body)).not.toContain(bsn);
    expect(JSON.stringify(left.body)).not.toContain('Test Persoon');
    expect((await request(h.app).get(`/trajectories/${id}`).set(h.auth('beheerder', 'altena'))).status).toBe(404);
    expect((await request(h.app).get(`/trajectories/${id}`).set(h.auth('consulent', 'altena'))).status).toBe(404);
    expect((await request(h.app).get(`/trajectories/${id}`).set(h.auth('consulent', 'drimmelen'))).status).toBe(200);

    // Tenancy: drimmelen's beheerder has no move out; asking for another gemeente is refused (403).
    const drimmelen = await request(h.app).get('/beheer/verhuizingen').set(h.auth('beheerder', 'drimmelen'));
    expect(drimmelen.body.items).toEqual([]);
    const foreign = await request(h.app)
      .get('/beheer/verhuizingen?gemeente=altena')
      .set(h.auth('beheerder', 'drimmelen'));
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain(id);
    // The regional beheerder sees it; consulenten do not reach the beheer list.
    const regio = await request(h.app).get('/beheer/verhuizingen?gemeente=altena').set(h.auth('beheerder', 'regio'));
    expect(regio.body.items).toHaveLength(1);
    expect((await request(h.app).get('/beheer/verhuizingen').set(h.auth('consulent', 'altena'))).status).toBe(403);
  });
});
