/**
 * Consent released partner messages, through the whole real stack (Temporal dev server with the
 * payload codec, the real workflows and activities, PostgreSQL, a local partner endpoint):
 * the workflow holds partner messages until the machtiging covers the partner kind; recording
 * the machtiging (workflow Update) releases them, the workflow enqueues them and starts their
 * delivery before it projects its new state — the delivery's consent gate must follow the
 * workflow's decision (the consent snapshot stored with the message), not the projection that
 * still shows no machtiging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/auth/principal';
import { startTrajectory, type StartedTrajectory } from '../../src/api/trajectories/start-trajectory';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import {
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  trajectoryViewQuery,
  trajectoryWorkflowId,
  vaststellenPipUpdate,
} from '../../src/workflows/trajectory/messages';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { createDuoStack, type DuoStack } from './support/duo-stack';

const BSN = '999990019';
const BEHEERDER: Principal = {
  subject: 'beheerder-altena',
  role: 'beheerder',
  gemeente: 'altena',
  partnerId: null,
  partnerKind: null,
  credentialId: 'test',
  method: 'api-key',
};

let s: DuoStack;
let partner: PartnerSimulator;

beforeAll(async () => {
  s = await createDuoStack();
  partner = await startPartnerSimulator();
});
afterAll(async () => {
  await partner?.close();
  await s?.close();
});

describe('consent released partner messages', () => {
  it('recording the machtiging releases the held messages and they end DELIVERED at the partner (no HELD_NO_CONSENT, no machtiging task)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    s.sim.seedPerson(BSN, {
      inburgeringsplicht: { indicatorInburgeringsplicht: true, begindatum: '2026-01-15' },
      doelgroep: {
        indeling: 'Gezinsmigrant en overige migrant',
        gedetailleerdeDoelgroep: 'Gezinshereniger',
        begindatum: '2026-01-15',
      },
    });
    const { trajectoryId } = (await startTrajectory({
      deps: s.apiDeps,
      principal: BEHEERDER,
      body: {
        bsn: BSN,
        naam: 'Samira Haddad',
        gemeente: 'altena',
        targetGroup: 'gezinsmigrant',
        ondertussengroep: false,
        onBijstand: false,
        dates: {},
      },
    })) as StartedTrajectory;
    await s.db.prisma.partner.create({
      data: { id: 'taal-altena', kind: 'TAALAANBIEDER', name: 'Taalhuis Altena', endpointUrl: partner.deliveryUrl },
    });
    await s.db.prisma.partnerAssignment.create({ data: { partnerId: 'taal-altena', trajectoryId } });

    const handle = s.client.workflow.getHandle(trajectoryWorkflowId(trajectoryId));
    await handle.executeUpdate(recordBredeIntakeUpdate, {
      args: [
        {
          date: today,
          leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((g) => [g, true])) as Record<
            (typeof LEEFGEBIEDEN)[number],
            boolean
          >,
          leerbaarheidstoets: 'B1_HAALBAAR',
        },
      ],
    });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });

    // Without a machtiging the workflow holds the partner messages (START_PVT, START_MAP) and
    // asks the consulent to record one; the projection shows that state.
    const held = (await handle.query(trajectoryViewQuery)).pendingPartnerMessages;
    expect(held.map((message) => message.type).sort()).toEqual(['START_MAP', 'START_PVT']);
    await expect
      .poll(
        async () => (await s.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } })).stateVersion,
        {
          timeout: 20_000,
        },
      )
      .toBe((await handle.query(trajectoryViewQuery)).stateVersion);
    expect(await s.db.prisma.outboxMessage.count({ where: { trajectoryId, recipient: 'TAALAANBIEDER' } })).toBe(0);

    // The consulent records the machtiging: the workflow releases both messages.
    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });

    const partnerRows = () =>
      s.db.prisma.outboxMessage.findMany({
        where: { trajectoryId, recipient: 'TAALAANBIEDER' },
        orderBy: { type: 'asc' },
      });
    await expect
      .poll(async () => (await partnerRows()).map((row) => `${row.type}:${row.status}`), { timeout: 30_000 })
      .toEqual(['START_MAP:DELIVERED', 'START_PVT:DELIVERED']);
    const rows = await partnerRows();
    expect(rows.every((row) => row.attempts === 1 && row.lastError === null)).toBe(true);

    // The partner got both, with the personal data the machtiging now allows, and without our
    // bookkeeping (the consent snapshot stays in the outbox row).
    const received = partner.deliveries.filter(
      (d) => (d.body as { trajectoryId?: string }).trajectoryId === trajectoryId,
    );
    expect(received.map((d) => (d.body as { type: string }).type).sort()).toEqual(['START_MAP', 'START_PVT']);
    for (const delivery of received) {
      expect(delivery.status).toBe(202);
      expect(delivery.body).toMatchObject({ person: { naam: 'Samira Haddad' }, payload: { start: today } });
      expect(JSON.stringify(delivery.body)).not.toContain('machtiging');
      expect(JSON.stringify(delivery.body)).not.toContain(BSN);
    }

    // No false hold, and no machtiging task: the workflow closed its own, the delivery made none.
    expect(await s.db.prisma.outboxMessage.count({ where: { trajectoryId, status: 'HELD_NO_CONSENT' } })).toBe(0);
    await expect
      .poll(
        async () =>
          s.db.prisma.task.findMany({
            where: { trajectoryId, type: 'MACHTIGING_VASTLEGGEN' },
            select: { key: true, status: true },
          }),
        { timeout: 20_000 },
      )
      .toEqual([{ key: `${trajectoryWorkflowId(trajectoryId)}/task/machtiging`, status: 'CLOSED' }]);
    expect((await handle.query(trajectoryViewQuery)).pendingPartnerMessages).toEqual([]);
  });
});
