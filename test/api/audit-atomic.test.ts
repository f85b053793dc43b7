/**
 * Issue 14, High — audit bypass: an audited action and its audit record are atomic. Actions
 * whose whole effect lies in PostgreSQL (API keys, partners, partner assignments) write the row
 * and the audit record in one transaction; actions with an effect in Temporal write the audit
 * row first (test/api/security-findings.test.ts). Here the audit table is made to refuse every
 * insert (a trigger): the request fails, and nothing of the action remains.
 */
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const regio = () => h.auth('beheerder', 'regio');

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  await h.db.prisma.$executeRawUnsafe(`
    CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  await h.db.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS test_refuse_audit ON "AuditLog"');
});

async function refuseAudit(): Promise<void> {
  await h.db.prisma.$executeRawUnsafe(
    'CREATE TRIGGER test_refuse_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()',
  );
}

describe('an administrative action never happens without its audit record', () => {
  it('API key: neither created nor revoked when the audit row cannot be written', async () => {
    const keysBefore = await h.db.prisma.apiKey.count();
    await refuseAudit();
    const created = await request(h.app)
      .post('/admin/api-keys')
      .set(regio())
      .send({ subject: 'zonder-audit@altena', role: 'consulent', gemeente: 'altena' });
    expect(created.status).toBe(500);
    expect(await h.db.prisma.apiKey.count()).toBe(keysBefore);

    const victim = await h.db.prisma.apiKey.findFirstOrThrow({ where: { role: 'consulent', revokedAt: null } });
    const revoked = await request(h.app).delete(`/admin/api-keys/${victim.id}`).set(regio());
    expect(revoked.status).toBe(500);
    expect((await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: victim.id } })).revokedAt).toBeNull();
  });

  it('partner: neither registered nor changed when the audit row cannot be written', async () => {
    await refuseAudit();
    const registered = await request(h.app)
      .post('/admin/partners')
      .set(regio())
      .send({ id: 'zonder-audit', kind: 'TAALAANBIEDER', name: 'Taal Zonder Audit' });
    expect(registered.status).toBe(500);
    expect(await h.db.prisma.partner.findUnique({ where: { id: 'zonder-audit' } })).toBeNull();

    const partner = await h.db.prisma.partner.findFirstOrThrow();
    const changed = await request(h.app)
      .put(`/admin/partners/${partner.id}`)
      .set(regio())
      .send({ name: 'Andere Naam Zonder Audit' });
    expect(changed.status).toBe(500);
    expect((await h.db.prisma.partner.findUniqueOrThrow({ where: { id: partner.id } })).name).toBe(partner.name);
  });

  it('with the audit table working, each action is there with its audit record', async () => {
    const created = await request(h.app)
      .post('/admin/api-keys')
      .set(regio())
      .send({ subject: 'met-audit@altena', role: 'consulent', gemeente: 'altena' });
    expect(created.status).toBe(201);
    expect((await request(h.app).delete(`/admin/api-keys/${created.body.id}`).set(regio())).status).toBe(200);
    const registered = await request(h.app)
      .post('/admin/partners')
      .set(regio())
      .send({ id: 'met-audit', kind: 'TAALAANBIEDER', name: 'Taal Met Audit' });
    expect(registered.status).toBe(201);
    const audits = await h.db.prisma.auditLog.findMany({
      where: { action: { in: ['API_SLEUTEL_GEMAAKT', 'API_SLEUTEL_INGETROKKEN', 'PARTNER_GEREGISTREERD'] } },
    });
    const about = (action: string, field: string, value: string) =>
      audits.filter((row) => row.action === action && (row.details as Record<string, unknown>)[field] === value);
    expect(about('API_SLEUTEL_GEMAAKT', 'keyId', created.body.id)).toHaveLength(1);
    expect(about('API_SLEUTEL_INGETROKKEN', 'keyId', created.body.id)).toHaveLength(1);
    expect(about('PARTNER_GEREGISTREERD', 'partnerId', 'met-audit')).toHaveLength(1);
    // The refused attempts above left no audit row either.
    expect(about('PARTNER_GEREGISTREERD', 'partnerId', 'zonder-audit')).toHaveLength(0);
  });
});
