/**
 * The embedded default's development partners (what `npm start` seeds) deliver to the
 * project's partner simulator (scripts/dev-partners.ts), signed with their development keys:
 * a message to an assigned development partner is DELIVERED and the simulator verifies the
 * signature — no PARTNER_SIGNING_KEYS, no manual endpoint. Real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxActivities } from '../../src/activities/outbox';
import { createOutboxDeliveryActivities } from '../../src/activities/outbox-delivery';
import { developmentPartnerId, seedDevelopmentKeys } from '../../src/api/auth/seed-dev-keys';
import type { OutboundMessage } from '../../src/workflows/trajectory/messages';
import { startDevelopmentPartners } from '../../scripts/dev-partners';
import type { PartnerSimulator } from '../../scripts/partner-simulator';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let simulator: PartnerSimulator;

beforeAll(async () => {
  db = await createTestDatabase();
  // Port 0: a free one (npm start uses PARTNER_SIMULATOR_PORT, default 4720).
  simulator = await startDevelopmentPartners({ port: 0, verbose: false });
});

afterAll(async () => {
  await simulator?.close();
  await db?.drop();
});

async function trajectoryWith(partnerId: string, id: string): Promise<void> {
  await db.prisma.trajectory.create({
    data: {
      id,
      workflowId: `trajectory-${id}`,
      gemeente: 'altena',
      targetGroup: 'asielstatushouder',
      phase: 'LEERROUTE',
    },
  });
  await db.prisma.person.create({
    data: { trajectoryId: id, gemeente: 'altena', bsn: '123456782', bsnHash: `h-${id}`, naam: 'Amina Yusuf' },
  });
  await db.prisma.partnerAssignment.create({ data: { partnerId, trajectoryId: id } });
}

describe('development partners deliver to the partner simulator', () => {
  it('a message to an assigned development partner is delivered, signed with its development key', async () => {
    await seedDevelopmentKeys(db.prisma, ['altena'], { partnerEndpointUrl: simulator.deliveryUrl });
    const taal = developmentPartnerId('TAALAANBIEDER');
    expect(await db.prisma.partner.findUniqueOrThrow({ where: { id: taal } })).toMatchObject({
      endpointUrl: simulator.deliveryUrl,
      signingKeyId: `${taal}-ontwikkel`,
    });
    await trajectoryWith(taal, 'traj-dev-1');

    // As the embedded default delivers: no PARTNER_SIGNING_KEYS configured.
    const outbox = {
      ...createOutboxActivities({ prisma: db.prisma }),
      ...createOutboxDeliveryActivities({ prisma: db.prisma, timeoutMs: 2_000 }),
    };
    const key = 'trajectory-traj-dev-1/outbox/aanmelding-leerroute';
    const message: OutboundMessage = {
      recipient: 'TAALAANBIEDER',
      type: 'AANMELDING_LEERROUTE',
      payload: { leerroute: 'B1', niveau: 'B1', alfabetisering: false, start: '2026-06-01' },
    };
    await outbox.enqueueOutboundMessage({
      key,
      trajectoryId: 'traj-dev-1',
      message,
      consent: { scope: ['TAALAANBIEDER'], stateVersion: 1 },
    });
    await expect(outbox.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'DELIVERED' });

    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'DELIVERED',
      lastError: null,
    });
    expect(simulator.deliveries).toHaveLength(1);
    expect(simulator.deliveries[0]).toMatchObject({
      status: 202,
      signature: { ok: true, keyId: `${taal}-ontwikkel` },
      body: { type: 'AANMELDING_LEERROUTE', trajectoryId: 'traj-dev-1' },
    });
    expect(await db.prisma.task.count({ where: { trajectoryId: 'traj-dev-1' } })).toBe(0);
  });

  it("a later start follows the simulator's new address; an endpoint a beheerder set is kept", async () => {
    await seedDevelopmentKeys(db.prisma, ['altena'], { partnerEndpointUrl: 'http://127.0.0.1:4999/deliveries' });
    const mb = developmentPartnerId('MAATSCHAPPELIJKE_BEGELEIDING');
    const ontzorgen = developmentPartnerId('ONTZORGEN');
    await db.prisma.partner.update({
      where: { id: ontzorgen },
      data: { endpointUrl: 'https://ontzorgen.example.nl/berichten' },
    });
    await seedDevelopmentKeys(db.prisma, ['altena'], { partnerEndpointUrl: simulator.deliveryUrl });
    expect((await db.prisma.partner.findUniqueOrThrow({ where: { id: mb } })).endpointUrl).toBe(simulator.deliveryUrl);
    expect((await db.prisma.partner.findUniqueOrThrow({ where: { id: ontzorgen } })).endpointUrl).toBe(
      'https://ontzorgen.example.nl/berichten',
    );
  });

  it('without a simulator (production-like seeding, tests) the partners get no endpoint', async () => {
    const other = await createTestDatabase();
    try {
      await seedDevelopmentKeys(other.prisma, ['altena']);
      const partner = await other.prisma.partner.findUniqueOrThrow({
        where: { id: developmentPartnerId('TAALAANBIEDER') },
      });
      expect(partner.endpointUrl).toBeNull();
    } finally {
      await other.drop();
    }
  });
});
