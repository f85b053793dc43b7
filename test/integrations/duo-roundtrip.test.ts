/**
 * DUO's full round trip against the simulator, through the real service (API + Temporal
 * worker with the payload codec + PostgreSQL):
 *   DUO notifies SS101 → we acknowledge (201, API-Version) → pull the Inburgeringsplicht and
 *   Doelgroep → start the trajectory (API start operation) and signal the partner event →
 *   the consulent takes the intake and PIP decisions through the API → the workflow puts
 *   PIP_VASTGESTELD in the outbox → delivery pre-checks and POSTs the PIP → DUO accepts it
 *   (201) and every request was valid per DUO's spec files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import {
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  trajectoryWorkflowId,
  vaststellenPipUpdate,
} from '../../src/workflows/trajectory/messages';
import { createDuoStack, type DuoStack } from './support/duo-stack';

const BSN = '231456787';
let s: DuoStack;

beforeAll(async () => {
  s = await createDuoStack();
});
afterAll(async () => {
  await s?.close();
});

describe('DUO round trip', () => {
  it('notification → pull → trajectory event → PIP sent back → DUO accepts it per spec', async () => {
    s.sim.seedPerson(BSN, {
      inburgeringsplicht: { indicatorInburgeringsplicht: true, begindatum: '2026-01-15' },
      doelgroep: {
        indeling: 'Asielstatushouder',
        gedetailleerdeDoelgroep: 'Asielstatushouder',
        begindatum: '2026-01-15',
      },
    });

    // 1. DUO → us
    const answer = await s.sim.notify({
      bsn: BSN,
      gebeurtenisId: 'SS101',
      registratieDatumTijd: '2026-01-16T09:30:00Z',
    });
    expect(answer).toMatchObject({ status: 201, apiVersion: '1.8.0' });

    // 2. stored, pulled, trajectory started, event signalled
    const inbox = await expect
      .poll(
        async () =>
          s.db.prisma.inboxEvent.findFirst({ where: { idempotencyKey: answer.berichtId, status: 'DELIVERED' } }),
        { timeout: 60_000 },
      )
      .toBeTruthy()
      .then(() => s.db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: answer.berichtId } }));
    const trajectoryId = inbox.trajectoryId!;
    expect(trajectoryId).not.toContain(BSN);
    const person = await s.db.prisma.person.findUniqueOrThrow({ where: { trajectoryId } });
    expect(person).toMatchObject({ bsn: BSN, gemeente: 'altena' });
    const pulled = s.sim.received.filter((r) => r.path.includes(BSN)).map((r) => r.operationId);
    expect(pulled).toEqual(expect.arrayContaining(['getInburgeringsplichtByBsn', 'getDoelgroepByBsn']));

    const handle = s.client.workflow.getHandle(trajectoryWorkflowId(trajectoryId));
    // (a signal that arrives during a workflow task is written to history when that task completes)
    const signalsInHistory = async () =>
      ((await handle.fetchHistory()).events ?? []).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'partnerEvent',
      ).length;
    await expect.poll(signalsInHistory, { timeout: 60_000 }).toBe(1);

    // 3. the consulent's decisions (workflow Updates, as the API's decision routes send them)
    await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
      args: [{ date: '2026-02-10', form: 'VIDEO', backgroundHandedOver: true }],
    });
    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: '2026-02-10', scope: ['TAALAANBIEDER'] }] });
    await handle.executeUpdate(recordBredeIntakeUpdate, {
      args: [
        {
          date: '2026-02-20',
          leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((g) => [g, true])) as Record<
            (typeof LEEFGEBIEDEN)[number],
            boolean
          >,
          leerbaarheidstoets: 'B1_HAALBAAR',
        },
      ],
    });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: '2026-03-01', leerroute: 'B1', level: 'B1', alfabetisering: false, b1Intensity: 800 }],
    });

    // 4. the workflow enqueued the PIP for DUO; delivery sends it
    const message = await expect
      .poll(
        async () =>
          s.db.prisma.outboxMessage.findFirst({ where: { trajectoryId, recipient: 'DUO', type: 'PIP_VASTGESTELD' } }),
        { timeout: 60_000 },
      )
      .toBeTruthy()
      .then(() =>
        s.db.prisma.outboxMessage.findFirstOrThrow({
          where: { trajectoryId, recipient: 'DUO', type: 'PIP_VASTGESTELD' },
        }),
      );
    expect(JSON.stringify(message.payload)).not.toContain(BSN);
    expect(await s.delivery.deliverOutboxMessage({ key: message.key })).toEqual({ status: 'DELIVERED', attempts: 1 });

    // 5. DUO accepted it, per spec
    const post = s.sim.received.find((r) => r.operationId === 'postPipByBsn')!;
    expect(post).toMatchObject({ status: 201, headers: { bron: expect.any(String), doel: expect.any(String) } });
    expect(s.sim.persons.get(BSN)?.pip).toEqual({
      dagtekeningPip: '2026-03-01',
      leerroute: 'B',
      niveau: 'B1',
      geschatteIntensiteitB1Route: 800,
      indicatorAlfabetiseringsonderwijs: 'NVT',
    });
    expect(s.sim.violations()).toEqual([]);
    expect(s.sim.received.length).toBeGreaterThanOrEqual(4);

    // The inbox row no longer holds the BSN once processed.
    const processed = await s.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: inbox.id } });
    expect(JSON.stringify(processed.payload)).not.toContain(BSN);
  });
});
