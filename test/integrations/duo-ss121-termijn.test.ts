/**
 * SS121 round trip through the DUO simulator: a person moves in with a PIP from another
 * gemeente. We pull DUO's Inburgeringstermijn and PIP (SS121's reads), the workflow's rules get
 * the termijn with the SS121 event, the new gemeente's PIP keeps the route and the termijn of
 * the first PIP (Wi art. 11: no fresh three years), and DUO accepts that PIP from our outbox
 * with its termijn unchanged. Real PostgreSQL; the workflow's rules run in memory.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxActivities } from '../../src/activities/outbox';
import { createOutboxDeliveryActivities } from '../../src/activities/outbox-delivery';
import { createDuoClient, type DuoClient } from '../../src/integrations/duo/client';
import { processDuoNotification } from '../../src/integrations/duo/notifications';
import {
  partnerEventSignal,
  vaststellenPipUpdate,
  type OutboundMessage,
  type PartnerEvent,
} from '../../src/workflows/trajectory/messages';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../scripts/duo/simulator';
import { RulesEnv, type RulesRun } from '../workflows/trajectory/rules-harness';
import { baseInput, throughIntake, view } from '../workflows/support/trajectory';
import { createTestDatabase, type TestDatabase } from '../support/db';

const hashBsn = (bsn: string) => createHmac('sha256', 'test-pseudonym-key').update(`bsn:${bsn}`).digest('hex');
const BSN = '123456782';
const TODAY = '2026-04-01';
/** The first PIP, made in the previous gemeente a year ago, and the termijn DUO registered for it. */
const PREVIOUS_PIP = { dagtekeningPip: '2025-04-14', leerroute: 'Z' } as const;
const DUO_TERMIJN = { startdatum: '2025-04-15', einddatum: '2028-04-15' };

let db: TestDatabase;
let sim: DuoSimulator;
let duo: DuoClient;
const rules = new RulesEnv(TODAY);
const runs = new Map<string, RulesRun>();

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startDuoSimulator({ today: () => TODAY });
  duo = createDuoClient({ baseUrl: sim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN });
});

afterAll(async () => {
  await sim?.close();
  await db?.drop();
});

describe('SS121: moving in with a PIP from another gemeente, through the DUO simulator', () => {
  it("DUO's termijn reaches the workflow, the new PIP keeps the route and the termijn, and DUO accepts it", async () => {
    sim.seedPerson(BSN, {
      gemeentecode: '0344',
      pip: { ...PREVIOUS_PIP },
      pipHistory: [{ ...PREVIOUS_PIP }],
      termijn: { ...DUO_TERMIJN },
    });

    // DUO's notification, stored as the Notificatie API stores it; processing pulls SS121's reads.
    const payload = {
      gebeurtenisId: 'SS121',
      registratieDatumTijd: `${TODAY}T09:00:00Z`,
      gemeente: 'altena',
      bsn: BSN,
      bsnHash: hashBsn(BSN),
    };
    const row = await db.prisma.inboxEvent.create({
      data: {
        partnerId: 'duo',
        idempotencyKey: 'ss121-1',
        bodyHash: 'hash-ss121-1',
        trajectoryId: null,
        type: 'SS121',
        payload,
        status: 'RECEIVED',
      },
    });
    const signalled: PartnerEvent[] = [];
    const outcome = await processDuoNotification(
      {
        prisma: db.prisma,
        duo,
        hashBsn,
        startTrajectory: async (input) => {
          const trajectoryId = 'traj-ss121';
          await db.prisma.trajectory.create({
            data: {
              id: trajectoryId,
              workflowId: `trajectory-${trajectoryId}`,
              gemeente: input.gemeente,
              targetGroup: input.targetGroup,
              phase: 'KOPPELING',
            },
          });
          await db.prisma.person.create({
            data: { trajectoryId, gemeente: input.gemeente, bsn: input.bsn, bsnHash: hashBsn(input.bsn) },
          });
          const dates = input.plichtStart ? { plichtStart: input.plichtStart } : {};
          runs.set(
            trajectoryId,
            rules.start(baseInput({ trajectoryId, gemeente: input.gemeente, targetGroup: input.targetGroup, dates })),
          );
          return { trajectoryId };
        },
        signal: async (trajectoryId, event) => {
          signalled.push(event);
          await runs.get(trajectoryId)!.signal(partnerEventSignal, event);
        },
      },
      { id: row.id, berichtId: row.idempotencyKey, payload },
    );
    expect(outcome).toMatchObject({ status: 'DELIVERED', started: true, trajectoryId: 'traj-ss121' });
    expect(signalled).toEqual([
      expect.objectContaining({
        type: 'SS121',
        previousLeerroute: 'Z',
        previousPipDagtekening: PREVIOUS_PIP.dagtekeningPip,
        termijnStart: DUO_TERMIJN.startdatum,
        termijnEnd: DUO_TERMIJN.einddatum,
      }),
    ]);
    // No BSN in what the workflow got.
    expect(JSON.stringify(signalled)).not.toContain(BSN);

    const run = runs.get('traj-ss121')!;
    expect((await view(run)).termijn).toEqual({
      start: DUO_TERMIJN.startdatum,
      end: DUO_TERMIJN.einddatum,
      source: 'SS121',
    });

    // The new gemeente's PIP: same route (Z), and the termijn of the first PIP runs on.
    await throughIntake(run, TODAY);
    const pip = await run.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: TODAY, leerroute: 'Z', level: 'A1', alfabetisering: false }],
    });
    expect({ start: pip.termijnStart, end: pip.termijnEnd }).toEqual({
      start: DUO_TERMIJN.startdatum,
      end: DUO_TERMIJN.einddatum,
    });

    // That PIP goes to DUO through the outbox; DUO registers it and its termijn stays.
    const pipMessage = rules.calls.outbound.find((message) => message.type === 'PIP_VASTGESTELD');
    expect(pipMessage).toBeDefined();
    const outbox = {
      ...createOutboxActivities({ prisma: db.prisma }),
      ...createOutboxDeliveryActivities({ prisma: db.prisma, duo: { duo, today: () => TODAY } }),
    };
    await outbox.enqueueOutboundMessage({
      key: pipMessage!.key,
      trajectoryId: 'traj-ss121',
      message: {
        recipient: 'DUO',
        type: pipMessage!.type,
        payload: pipMessage!.payload,
      } as OutboundMessage,
    });
    await expect(outbox.deliverOutboxMessage({ key: pipMessage!.key })).resolves.toMatchObject({
      status: 'DELIVERED',
    });
    expect((await duo.getPip(BSN))?.pip).toMatchObject({ dagtekeningPip: TODAY, leerroute: 'Z' });
    expect(await duo.getInburgeringstermijn(BSN)).toEqual(DUO_TERMIJN);
    expect(sim.violations()).toEqual([]);
  });
});
