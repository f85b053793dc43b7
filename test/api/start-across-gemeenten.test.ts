/**
 * One running trajectory per person in the region: a start in another served gemeente than the
 * one where the person's trajectory runs is refused (409) without saying where it runs, and
 * stores nothing. Once that trajectory has ended, the person can start anew elsewhere.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trajectoryIdFor } from '../../src/api/trajectories/pseudonym';
import { trajectoryWorkflowId } from '../../src/workflows/trajectory/messages';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const startBody = (bsn: string) => ({
  bsn,
  naam: 'Test Persoon',
  geboortedatum: '1990-01-01',
  targetGroup: 'gezinsmigrant',
  onBijstand: false,
  dates: { inschrijving: '2026-02-01' },
});

const REFUSAL = 'Deze persoon heeft al een lopend traject in de regio; neem contact op met de regionale beheerder.';

describe('start for a person with a running trajectory in another gemeente', () => {
  it('is refused with 409 problem+json that names neither the gemeente nor the trajectory, and stores nothing', async () => {
    const bsn = testBsn(41);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const altenaId = first.body.trajectoryId as string;
    const auditBefore = await h.db.prisma.auditLog.count();

    for (const auth of [h.auth('consulent', 'drimmelen'), h.auth('beheerder', 'regio')]) {
      const second = await request(h.app)
        .post('/trajectories')
        .set(auth)
        .send({ ...startBody(bsn), gemeente: 'drimmelen' });
      expect(second.status).toBe(409);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(second.body).toMatchObject({ code: 'CONFLICT', status: 409, detail: REFUSAL });
      const raw = JSON.stringify(second.body);
      expect(raw).not.toContain('altena');
      expect(raw).not.toContain(altenaId);
      expect(raw).not.toContain(bsn);
    }

    // Nothing stored for drimmelen: no Person or Trajectory row, no workflow; only the refused
    // lookup is audited (who asked, from which gemeente — not where the person is).
    const drimmelenId = trajectoryIdFor(h.config.PSEUDONYM_KEY, 'drimmelen', bsn);
    expect(await h.db.prisma.person.count({ where: { bsn } })).toBe(1);
    expect(await h.db.prisma.trajectory.findUnique({ where: { id: drimmelenId } })).toBeNull();
    await expect(h.client.workflow.getHandle(trajectoryWorkflowId(drimmelenId)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    const refusals = await h.db.prisma.auditLog.findMany({
      where: { action: 'START_GEWEIGERD_LOPEND_ELDERS' },
      orderBy: { at: 'asc' },
    });
    expect(await h.db.prisma.auditLog.count()).toBe(auditBefore + 2);
    expect(refusals.slice(-2).map((entry) => (entry.details as { gemeente?: string }).gemeente)).toEqual([
      'drimmelen',
      'drimmelen',
    ]);
    expect(JSON.stringify(refusals)).not.toContain(altenaId);

    // The own gemeente's repeated start stays idempotent (200, the same trajectory).
    const again = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ trajectoryId: altenaId, created: false });
  });

  it('is allowed once the trajectory in the other gemeente has ended', async () => {
    const bsn = testBsn(42);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const altenaId = first.body.trajectoryId as string;
    const closed = await request(h.app)
      .post(`/trajectories/${altenaId}/decisions/afsluiting`)
      .set(h.auth('consulent', 'altena'))
      .send({ date: '2026-02-02', reason: 'PLICHT_VERVALLEN' });
    expect(closed.status).toBe(200);
    await expect
      .poll(async () => (await h.db.prisma.trajectory.findUnique({ where: { id: altenaId } }))?.status, {
        timeout: 15_000,
      })
      .toBe('CLOSED');

    const elsewhere = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'drimmelen'))
      .send(startBody(bsn));
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body).toMatchObject({ gemeente: 'drimmelen', created: true });
  });

  it('after a move to another served gemeente, a start there finds the moved trajectory (200) instead of a second one', async () => {
    const bsn = testBsn(43);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    const altenaId = first.body.trajectoryId as string;
    expect(
      (
        await request(h.app)
          .put(`/beheer/trajectories/${altenaId}/partners/${h.partnerId('DUO')}`)
          .set(h.auth('beheerder', 'altena'))
      ).status,
    ).toBe(204);
    const moved = await request(h.app)
      .post(`/partner/trajectories/${altenaId}/events`)
      .set(h.partnerAuth('DUO'))
      .set('Idempotency-Key', `move-${bsn}`)
      .send({ type: 'SS120', occurredOn: '2026-03-01', gemeente: 'drimmelen', vestiging: '2026-03-01' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    await expect
      .poll(async () => (await h.db.prisma.person.findUnique({ where: { trajectoryId: altenaId } }))?.gemeente, {
        timeout: 15_000,
      })
      .toBe('drimmelen');

    const there = await request(h.app).post('/trajectories').set(h.auth('consulent', 'drimmelen')).send(startBody(bsn));
    expect(there.status, JSON.stringify(there.body)).toBe(200);
    expect(there.body).toMatchObject({ trajectoryId: altenaId, gemeente: 'drimmelen', created: false });
    const drimmelenId = trajectoryIdFor(h.config.PSEUDONYM_KEY, 'drimmelen', bsn);
    expect(await h.db.prisma.trajectory.findUnique({ where: { id: drimmelenId } })).toBeNull();
    expect(await h.db.prisma.person.count({ where: { bsn } })).toBe(1);
  });
});
