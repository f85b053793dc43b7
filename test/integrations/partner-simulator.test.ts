/**
 * The partner simulator sends a progress event back through our API (as the demo and the
 * end-to-end tests use it): accepted (202), stored in the inbox and signalled.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let server: Server;
let partner: PartnerSimulator;
let trajectoryId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const started = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn: testBsn(700), targetGroup: 'asielstatushouder', dates: { inschrijving: '2026-02-01' } });
  trajectoryId = started.body.trajectoryId;
  const assigned = await request(h.app)
    .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
    .set(h.auth('beheerder', 'altena'));
  expect(assigned.status).toBe(204);
  const url = await new Promise<string>((resolve) => {
    server = h.app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  partner = await startPartnerSimulator({
    apiUrl: url,
    apiKey: h.partnerAuth('TAALAANBIEDER').Authorization.replace(/^Bearer /, ''),
  });
});
afterAll(async () => {
  await partner?.close();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

describe('partner simulator', () => {
  it('sends a progress event back through the API', async () => {
    const answer = await partner.sendEvent(
      trajectoryId,
      { type: 'UREN', occurredOn: '2026-03-01', kind: 'LES', hours: 4 },
      'sim-uren-1',
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const eventId = (answer.body as { eventId: string }).eventId;
    await expect
      .poll(async () => (await h.db.prisma.inboxEvent.findUnique({ where: { id: eventId } }))?.status, {
        timeout: 15_000,
      })
      .toBe('DELIVERED');
  });
});
