/**
 * Death (SS111) through the real service and both simulators: DUO notifies SS111 → we pull
 * SS111's reads → the workflow closes the trajectory (OVERLEDEN), every open task closes (also
 * those a delivery made), the ontzorgen provider gets ONTZORGEN_EINDE and nobody else anything,
 * and DUO gets nothing (its notes on SS111: the hours administration no longer matters) —
 * counted at the DUO simulator (no request but the pulls) and at the partner simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInAmsterdam } from '../../src/domain/today';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import {
  recordBijstandUpdate,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  trajectoryWorkflowId,
  vaststellenPipUpdate,
} from '../../src/workflows/trajectory/messages';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { createDuoStack, type DuoStack } from './support/duo-stack';

const BSN = '231456787';
let s: DuoStack;
let partners: PartnerSimulator;

beforeAll(async () => {
  s = await createDuoStack();
  partners = await startPartnerSimulator();
});
afterAll(async () => {
  await partners?.close();
  await s?.close();
});

const ON_ITS_WAY = ['PENDING', 'RETRYING'];

describe('SS111 (death) round trip', () => {
  it('closes, closes every open task, only ONTZORGEN_EINDE to the ontzorgen provider, nothing to DUO', async () => {
    const today = todayInAmsterdam(new Date());
    s.sim.seedPerson(BSN, {
      inburgeringsplicht: { indicatorInburgeringsplicht: true, begindatum: '2026-01-15' },
      doelgroep: {
        indeling: 'Asielstatushouder',
        gedetailleerdeDoelgroep: 'Asielstatushouder',
        begindatum: '2026-01-15',
      },
    });
    const started = await s.sim.notify({
      bsn: BSN,
      gebeurtenisId: 'SS101',
      registratieDatumTijd: `${today}T08:00:00Z`,
    });
    expect(started.status).toBe(201);
    await expect
      .poll(() => s.db.prisma.inboxEvent.count({ where: { idempotencyKey: started.berichtId, status: 'DELIVERED' } }), {
        timeout: 20_000,
      })
      .toBe(1);
    const { trajectoryId } = await s.db.prisma.inboxEvent.findFirstOrThrow({
      where: { idempotencyKey: started.berichtId },
    });
    const id = trajectoryId!;
    // The taalaanbieder and the ontzorgen provider deliver to the partner simulator; no
    // maatschappelijke begeleiding is assigned (its message waits, with a task to assign one).
    await s.db.prisma.partner.createMany({
      data: [
        { id: 'taal-breda', kind: 'TAALAANBIEDER', name: 'Taalschool Breda', endpointUrl: partners.deliveryUrl },
        { id: 'ontzorgen-1', kind: 'ONTZORGEN', name: 'Ontzorgen West', endpointUrl: partners.deliveryUrl },
      ],
    });
    await s.db.prisma.partnerAssignment.createMany({
      data: [
        { partnerId: 'taal-breda', trajectoryId: id },
        { partnerId: 'ontzorgen-1', trajectoryId: id },
      ],
    });

    const handle = s.client.workflow.getHandle(trajectoryWorkflowId(id));
    await expect
      .poll(
        async () =>
          ((await handle.fetchHistory()).events ?? []).some((e) => e.workflowExecutionSignaledEventAttributes),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
      args: [{ date: today, form: 'VIDEO', backgroundHandedOver: true }],
    });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ date: today, scope: ['TAALAANBIEDER', 'ONTZORGEN', 'MAATSCHAPPELIJKE_BEGELEIDING'] }],
    });
    await handle.executeUpdate(recordBijstandUpdate, { args: [{ soort: 'GESTART', datum: today }] });
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

    // Everything of the route so far has been delivered (or waits for a partner to be assigned).
    const settledOutbox = async () => {
      const rows = await s.db.prisma.outboxMessage.findMany({ where: { trajectoryId: id } });
      return rows.length > 0 && rows.every((row) => !ON_ITS_WAY.includes(row.status));
    };
    await expect.poll(settledOutbox, { timeout: 30_000 }).toBe(true);
    const before = await s.db.prisma.outboxMessage.findMany({ where: { trajectoryId: id } });
    expect(before.map((row) => `${row.recipient}:${row.type}`)).toEqual(
      expect.arrayContaining([
        'DUO:PIP_VASTGESTELD',
        'ONTZORGEN:ONTZORGEN_START',
        'TAALAANBIEDER:AANMELDING_LEERROUTE',
      ]),
    );
    expect(await s.db.prisma.task.count({ where: { trajectoryId: id, status: 'OPEN' } })).toBeGreaterThan(0);
    const duoBefore = s.sim.received.length;
    const partnersBefore = partners.deliveries.length;

    // DUO: the person died.
    const death = await s.sim.notify({ bsn: BSN, gebeurtenisId: 'SS111', registratieDatumTijd: `${today}T10:00:00Z` });
    expect(death.status).toBe(201);
    await expect
      .poll(async () => (await s.db.prisma.trajectory.findUniqueOrThrow({ where: { id } })).closeReason, {
        timeout: 20_000,
      })
      .toBe('OVERLEDEN');
    await expect.poll(settledOutbox, { timeout: 30_000 }).toBe(true);

    // Only ONTZORGEN_EINDE left our outbox, to the ontzorgen provider, and it arrived there.
    const after = await s.db.prisma.outboxMessage.findMany({ where: { trajectoryId: id } });
    const added = after.filter((row) => !before.some((earlier) => earlier.key === row.key));
    expect(added.map((row) => [row.recipient, row.type, row.status])).toEqual([
      ['ONTZORGEN', 'ONTZORGEN_EINDE', 'DELIVERED'],
    ]);
    expect(
      partners.deliveries.slice(partnersBefore).map((delivery) => (delivery.body as { type: string }).type),
    ).toEqual(['ONTZORGEN_EINDE']);
    // DUO: nothing but the reads that belong to SS111 (no PIP, hours, MAP/PVT or anything else).
    const toDuo = s.sim.received.slice(duoBefore);
    expect(toDuo.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(new Set(toDuo.map((request) => request.operationId))).toEqual(
      new Set(['getInburgeringsplichtByBsn', 'getDoelgroepByBsn']),
    );
    // Every open task is closed — also the one the delivery made ("wijs een aanbieder toe").
    expect(await s.db.prisma.task.findMany({ where: { trajectoryId: id, status: 'OPEN' } })).toEqual([]);
    expect(
      await s.db.prisma.task.count({ where: { trajectoryId: id, type: 'AANBIEDER_TOEWIJZEN', status: 'CLOSED' } }),
    ).toBe(1);
    expect(s.sim.violations()).toEqual([]);
  }, 120_000);
});
