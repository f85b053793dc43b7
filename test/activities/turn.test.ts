import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDelivery } from '../../src/activities/outbox-delivery';
import { createTurnActivities, type TurnWrite } from '../../src/activities/turn';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { sampleView } from './sample-view';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

function turnActivities(started: string[], failDelivery = false) {
  return createTurnActivities({
    prisma: db.prisma,
    async startDelivery(key) {
      if (failDelivery) throw new Error('Temporal onbereikbaar (test)');
      started.push(key);
    },
  });
}

function writesFor(id: string): TurnWrite[] {
  const workflowId = `trajectory-${id}`;
  return [
    {
      activity: 'createTask',
      input: {
        key: `${workflowId}/task/pip-opstellen`,
        trajectoryId: id,
        gemeente: 'oosterhout',
        type: 'PIP_OPSTELLEN',
        audience: 'CONSULENT',
        title: 'Stel het PIP op',
      },
    },
    {
      activity: 'recordMonitorEvent',
      input: { key: `${workflowId}/monitor/start`, trajectoryId: id, gemeente: 'oosterhout', type: 'GESTART' },
    },
    {
      activity: 'enqueueOutboundMessage',
      input: {
        key: `${workflowId}/outbox/aanbod`,
        trajectoryId: id,
        message: { recipient: 'CONSULENT', type: 'TAAK', payload: { title: 'Nieuwe taak' } },
      } as unknown as Extract<TurnWrite, { activity: 'enqueueOutboundMessage' }>['input'],
    },
  ];
}

async function rowsOf(id: string) {
  const [trajectory, tasks, monitor, outbox] = await Promise.all([
    db.prisma.trajectory.findUnique({ where: { id } }),
    db.prisma.task.count({ where: { trajectoryId: id } }),
    db.prisma.monitorEvent.count({ where: { trajectoryId: id } }),
    db.prisma.outboxMessage.count({ where: { trajectoryId: id } }),
  ]);
  return { stateVersion: trajectory?.stateVersion ?? null, tasks, monitor, outbox };
}

describe('trajectory turn (one transaction)', () => {
  it('writes the projection, tasks, monitor events and outbox rows together and starts the deliveries after', async () => {
    const started: string[] = [];
    const outcome = await turnActivities(started).applyTrajectoryTurn({
      workflowId: 'trajectory-t1',
      writes: writesFor('t1'),
      view: sampleView({ trajectoryId: 't1', stateVersion: 1 }),
    });
    expect(outcome).toEqual({ projection: 'CREATED', deliveries: ['trajectory-t1/outbox/aanbod'] });
    expect(started).toEqual(['trajectory-t1/outbox/aanbod']);
    expect(await rowsOf('t1')).toEqual({ stateVersion: 1, tasks: 1, monitor: 1, outbox: 1 });
  });

  it('a retried turn changes nothing twice (also after its commit) and hands the deliveries on again', async () => {
    const started: string[] = [];
    const turn = {
      workflowId: 'trajectory-t2',
      writes: writesFor('t2'),
      view: sampleView({ trajectoryId: 't2', stateVersion: 4 }),
    };
    // The first attempt commits, then cannot start its delivery: the activity fails and retries.
    await expect(turnActivities(started, true).applyTrajectoryTurn(turn)).rejects.toThrow('Temporal onbereikbaar');
    expect(await rowsOf('t2')).toEqual({ stateVersion: 4, tasks: 1, monitor: 1, outbox: 1 });
    const retried = await turnActivities(started).applyTrajectoryTurn(turn);
    expect(retried).toEqual({ projection: 'STALE', deliveries: ['trajectory-t2/outbox/aanbod'] });
    expect(started).toEqual(['trajectory-t2/outbox/aanbod']);
    expect(await rowsOf('t2')).toEqual({ stateVersion: 4, tasks: 1, monitor: 1, outbox: 1 });
  });

  it('a write that fails rolls back the whole turn: tasks and projection never disagree', async () => {
    const started: string[] = [];
    await turnActivities(started).applyTrajectoryTurn({
      workflowId: 'trajectory-t3',
      writes: [],
      view: sampleView({ trajectoryId: 't3', stateVersion: 1 }),
    });
    const broken: TurnWrite = {
      activity: 'createTask',
      // No such trajectory: the task's foreign key fails, after the projection and monitor writes.
      input: { ...(writesFor('t3')[0]!.input as TurnWrite['input'] & object), trajectoryId: 'bestaat-niet' },
    } as TurnWrite;
    await expect(
      turnActivities(started).applyTrajectoryTurn({
        workflowId: 'trajectory-t3',
        writes: [writesFor('t3')[1]!, broken],
        view: sampleView({ trajectoryId: 't3', stateVersion: 2, phase: 'PIP' }),
      }),
    ).rejects.toThrow();
    expect(await rowsOf('t3')).toEqual({ stateVersion: 1, tasks: 0, monitor: 0, outbox: 0 });
    expect(started).toEqual([]);
  });

  it('a turn with only a changed state is one projection write', async () => {
    const started: string[] = [];
    const turns = turnActivities(started);
    await turns.applyTrajectoryTurn({
      workflowId: 'trajectory-t4',
      writes: [],
      view: sampleView({ trajectoryId: 't4', stateVersion: 1 }),
    });
    const outcome = await turns.applyTrajectoryTurn({
      workflowId: 'trajectory-t4',
      writes: [],
      view: sampleView({ trajectoryId: 't4', stateVersion: 2, phase: 'PIP' }),
    });
    expect(outcome).toEqual({ projection: 'UPDATED', deliveries: [] });
    expect((await db.prisma.trajectory.findUniqueOrThrow({ where: { id: 't4' } })).phase).toBe('PIP');
  });
});

describe('consulent notices in the turn', () => {
  it('an escalation of a trajectory with a consulent queues a notice in the same transaction and starts its delivery; a retry starts it again, queues nothing twice', async () => {
    const workflowId = 'trajectory-t-melding';
    const escalation: TurnWrite = {
      activity: 'createTask',
      input: {
        key: `${workflowId}/task/pip-escalatie`,
        trajectoryId: 't-melding',
        gemeente: 'oosterhout',
        type: 'PIP_DEADLINE_ESCALATIE',
        audience: 'TEAMLEIDER',
        title: 'PIP-termijn van 10 weken verstreken',
      },
    };
    const unassigned: TurnWrite = {
      activity: 'createTask',
      input: {
        ...escalation.input,
        key: `${workflowId}/task/brede-intake`,
        type: 'BREDE_INTAKE',
        audience: 'CONSULENT',
        title: 'Voer de brede intake uit',
      },
    } as TurnWrite;
    const input = {
      workflowId,
      writes: [escalation, unassigned],
      view: { ...sampleView({ trajectoryId: 't-melding', stateVersion: 1 }), consulentId: 'consulent@oosterhout' },
    };
    const started: string[] = [];
    const first = await turnActivities(started).applyTrajectoryTurn(input);
    const key = `${workflowId}/task/pip-escalatie/melding`;
    expect(first.deliveries).toEqual([key]);
    expect(started).toEqual([key]);
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({
      recipient: 'CONSULENT',
      type: 'TAAKMELDING',
      status: 'PENDING',
      trajectoryId: 't-melding',
    });
    expect(row.payload).toMatchObject({ consulentId: 'consulent@oosterhout', reason: 'ESCALATIE' });

    const again: string[] = [];
    expect((await turnActivities(again).applyTrajectoryTurn(input)).deliveries).toEqual([key]);
    expect(await db.prisma.outboxMessage.count({ where: { trajectoryId: 't-melding' } })).toBe(1);
  });
});

describe('messages settled in the turn without a delivery workflow', () => {
  it('a message that must wait, and a notice not mailed, are settled after the commit; only what must be sent gets a workflow', async () => {
    const id = 't-settle';
    const workflowId = `trajectory-${id}`;
    const message = (name: string, recipient: string, type: string): TurnWrite =>
      ({
        activity: 'enqueueOutboundMessage',
        input: { key: `${workflowId}/outbox/${name}`, trajectoryId: id, message: { recipient, type, payload: {} } },
      }) as unknown as TurnWrite;
    const writes = [
      // No SMTP configured: the notice is in the werkvoorraad only (NIET_GEMAILD).
      message('melding', 'CONSULENT', 'TAAKMELDING'),
      // No DUO configured: waits visibly (WACHT_OP_DUO).
      message('contactpersoon', 'DUO', 'CONTACTPERSOON'),
      // No taalaanbieder assigned yet: waits for one (WACHT_OP_PARTNER) and a person is asked.
      message('aanmelding', 'TAALAANBIEDER', 'AANMELDING'),
      // A maatschappelijk begeleider with an endpoint, but no machtiging: held (HELD_NO_CONSENT).
      message('mb', 'MAATSCHAPPELIJKE_BEGELEIDING', 'START_PVT'),
      // A WERK partner with an endpoint and a machtiging that covers WERK: must be sent.
      message('werk', 'WERK', 'AANMELDING_PARTICIPATIE'),
    ];
    await db.prisma.partner.createMany({
      data: [
        { id: 'settle-mb', kind: 'MAATSCHAPPELIJKE_BEGELEIDING', name: 'MB', endpointUrl: 'http://127.0.0.1:9/mb' },
        { id: 'settle-werk', kind: 'WERK', name: 'Werk', endpointUrl: 'http://127.0.0.1:9/werk' },
      ],
    });
    const started: string[] = [];
    const turn = createTurnActivities({
      prisma: db.prisma,
      settleOffline: createOutboxDelivery({ prisma: db.prisma }).settleOffline,
      async startDelivery(key) {
        started.push(key);
      },
    });
    // The projection first (the assignments reference the trajectory row), then the messages.
    await turn.applyTrajectoryTurn({ workflowId, writes: [], view: sampleView({ trajectoryId: id, stateVersion: 1 }) });
    await db.prisma.partnerAssignment.createMany({
      data: ['settle-mb', 'settle-werk'].map((partnerId) => ({ partnerId, trajectoryId: id })),
    });
    await turn.applyTrajectoryTurn({
      workflowId,
      writes: [
        ...writes,
        {
          activity: 'recordOutboxConsent',
          input: { trajectoryId: id, consent: { date: '2026-12-01', scope: ['WERK'], stateVersion: 2 } },
        },
      ] as TurnWrite[],
      view: sampleView({ trajectoryId: id, stateVersion: 2 }),
    });

    expect(started).toEqual([`${workflowId}/outbox/werk`]);
    const status = async (name: string) =>
      (await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: `${workflowId}/outbox/${name}` } })).status;
    expect(await status('melding')).toBe('NIET_GEMAILD');
    expect(await status('contactpersoon')).toBe('WACHT_OP_DUO');
    expect(await status('aanmelding')).toBe('WACHT_OP_PARTNER');
    expect(await status('mb')).toBe('HELD_NO_CONSENT');
    expect(await status('werk')).toBe('PENDING');
    expect(await db.prisma.task.count({ where: { trajectoryId: id, type: 'AANBIEDER_TOEWIJZEN' } })).toBe(1);
  });
});
