/**
 * Helpers shared by the rule tests (in memory, test/workflows/trajectory/) and the workflow
 * tests (a worker on the time-skipping server): both drive a trajectory through the same
 * handle shape — `executeUpdate`, `signal`, `query` — and record the same activity calls.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  ApplicationFailure,
  type QueryDefinition,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/common';
import type { CloseTaskInput, CreateTaskInput, ReassignConsulentTasksInput } from '../../../src/activities/tasks';
import type { MonitorEventInput } from '../../../src/activities/monitor';
import type { OutboxConsentInput } from '../../../src/activities/outbox';
import type { ProjectTrajectoryInput } from '../../../src/activities/projection';
import type { TurnWrite } from '../../../src/activities/turn';
import { addDays } from '../../../src/domain/dates';
import { todayInAmsterdam } from '../../../src/domain/today';
import { DEFAULT_POLICY, DEFAULT_GEMEENTEN, LEEFGEBIEDEN, type IsoDate } from '../../../src/domain/types';
import {
  partnerEventSignal,
  recordBredeIntakeUpdate,
  recordWarmeOverdrachtUpdate,
  trajectoryViewQuery,
  vaststellenPipUpdate,
  type ConsentDecision,
  type OutboundEnvelope,
  type PartnerEvent,
  type PipInput,
  type TrajectoryInput,
  type TrajectoryView,
} from '../../../src/workflows/trajectory/messages';

export { addDays };

/** What a trajectory needs from a handle (a WorkflowHandle, or the in-memory rules run). */
export interface TrajectoryHandle {
  executeUpdate<Ret, Args extends unknown[]>(def: UpdateDefinition<Ret, Args>, options: { args: Args }): Promise<Ret>;
  signal(def: SignalDefinition<[PartnerEvent]>, event: PartnerEvent): Promise<void>;
  query(def: QueryDefinition<TrajectoryView>): Promise<TrajectoryView>;
}

/** An outbound message as the enqueue activity received it, flattened for assertions. */
export interface OutboundRecord {
  key: string;
  trajectoryId: string;
  recipientKind: string;
  type: string;
  payload: Record<string, unknown>;
  consent?: ConsentDecision;
}

export interface RecordedCalls {
  tasks: CreateTaskInput[];
  closedTasks: CloseTaskInput[];
  monitor: MonitorEventInput[];
  outbound: OutboundRecord[];
  consents: OutboxConsentInput[];
  reassignments: ReassignConsulentTasksInput[];
  /** Keys handed to the outbox delivery workflow. */
  delivered: string[];
  projections: ProjectTrajectoryInput[];
}

export function emptyCalls(): RecordedCalls {
  return {
    tasks: [],
    closedTasks: [],
    monitor: [],
    outbound: [],
    consents: [],
    reassignments: [],
    delivered: [],
    projections: [],
  };
}

export function outboundRecord(envelope: OutboundEnvelope): OutboundRecord {
  return {
    key: envelope.key,
    trajectoryId: envelope.trajectoryId,
    recipientKind: envelope.message.recipient,
    type: envelope.message.type,
    payload: envelope.message.payload as Record<string, unknown>,
    ...(envelope.consent ? { consent: envelope.consent } : {}),
  };
}

/** Records one write of a turn under its name (deliveries are recorded by whoever delivers). */
export function recordWrite(calls: RecordedCalls, write: TurnWrite): void {
  switch (write.activity) {
    case 'createTask':
      calls.tasks.push(write.input);
      return;
    case 'closeTask':
      calls.closedTasks.push(write.input);
      return;
    case 'recordMonitorEvent':
      calls.monitor.push(write.input);
      return;
    case 'recordOutboxConsent':
      calls.consents.push(write.input);
      return;
    case 'reassignConsulentTasks':
      calls.reassignments.push(write.input);
      return;
    case 'enqueueOutboundMessage':
      calls.outbound.push(outboundRecord(write.input));
      return;
  }
}

/** The Dutch calendar date of an instant (as the workflow computes "today"). */
export function isoDateOf(ms: number): IsoDate {
  return todayInAmsterdam(new Date(ms));
}

export function baseInput(overrides: Partial<TrajectoryInput> = {}): TrajectoryInput {
  return {
    trajectoryId: `t-${randomUUID()}`,
    gemeente: 'oosterhout',
    policy: { ...DEFAULT_POLICY },
    servedGemeenten: [...DEFAULT_GEMEENTEN],
    targetGroup: 'asielstatushouder',
    ondertussengroep: false,
    onBijstand: true,
    consulentId: 'consulent-1',
    dates: {},
    ...overrides,
  };
}

export function view(handle: TrajectoryHandle): Promise<TrajectoryView> {
  return handle.query(trajectoryViewQuery);
}

export function allLeefgebieden(done = true): Record<(typeof LEEFGEBIEDEN)[number], boolean> {
  return Object.fromEntries(LEEFGEBIEDEN.map((gebied) => [gebied, done])) as Record<
    (typeof LEEFGEBIEDEN)[number],
    boolean
  >;
}

/** Warme overdracht (asiel only) + brede intake: the trajectory is then in phase PIP. */
export async function throughIntake(handle: TrajectoryHandle, today: IsoDate): Promise<void> {
  const current = await view(handle);
  if (current.phase === 'KOPPELING' || current.phase === 'WARME_OVERDRACHT') {
    await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
      args: [{ date: today, form: 'VIDEO', backgroundHandedOver: true }],
    });
  }
  await handle.executeUpdate(recordBredeIntakeUpdate, {
    args: [{ date: today, leefgebieden: allLeefgebieden(), leerbaarheidstoets: 'B1_HAALBAAR' }],
  });
}

/** Intake + a PIP: the trajectory is then in phase LEERROUTE. */
export async function throughPip(handle: TrajectoryHandle, today: IsoDate, pip: Partial<PipInput> = {}): Promise<void> {
  await throughIntake(handle, today);
  await handle.executeUpdate(vaststellenPipUpdate, {
    args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false, ...pip }],
  });
}

/** The rule code of a refused update (ApplicationFailure.type thrown by the validator). */
export async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return error.cause.type ?? 'UNKNOWN';
    }
    throw error;
  }
  throw new Error('expected the update to be refused');
}

export function tasksOfType(calls: RecordedCalls, type: string): CreateTaskInput[] {
  return calls.tasks.filter((task) => task.type === type);
}

let eventCounter = 0;
/** Sends a partner event; a unique event id is generated unless given. */
export function sendEvent(
  handle: TrajectoryHandle,
  event: DistributiveOmit<PartnerEvent, 'eventId'> & { eventId?: string },
): Promise<void> {
  return handle.signal(partnerEventSignal, { eventId: `event-${++eventCounter}`, ...event } as PartnerEvent);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
