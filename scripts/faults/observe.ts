/**
 * What a fault run compares: the end state of every trajectory (projection, tasks, outbox,
 * inbox, monitor events — with the trajectory id replaced by the script index, so two runs
 * with different pseudonyms compare), and what arrived at the receivers: DUO calls at the DUO
 * simulator (by berichtId) and partner webhooks at the receiving test server (by
 * Idempotency-Key, which is the outbox key).
 */
import type { PrismaClient } from '../../src/db/client';
import type { DuoSimulator } from '../duo/simulator';
import type { PartnerSimulator } from '../partner-simulator';

export type Fingerprint = Record<string, unknown>;

/** State fields that legitimately differ between two runs of the same script. */
/** (`eventId`: the inbox row's random id; `bsnHash`: differs per cast. The events themselves stay compared.) */
/** (`taskId`: a task row's random id in a consulent notice; the tasks themselves are compared by key.) */
const VOLATILE_KEYS = new Set([
  'eventId',
  'taskId',
  'bsnHash',
  'stateVersion',
  'updatedAt',
  'createdAt',
  'receivedAt',
  'deliveredAt',
  'sentAt',
]);

function normalise(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const [id, label] of ids) if (text.includes(id)) text = text.split(id).join(label);
    return text;
  }
  if (Array.isArray(value)) return value.map((entry) => normalise(entry, ids));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !VOLATILE_KEYS.has(key))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, entry]) => [key, normalise(entry, ids)]),
    );
  }
  return value;
}

/**
 * The people of one run of the script: index → trajectory id and index → BSN. Normalising
 * replaces them by `T<index>` and `B<index>`, so two casts of the same script compare.
 */
export interface Cast {
  ids: Map<number, string>;
  bsns: Map<number, string>;
}

export function labels(cast: Cast): Map<string, string> {
  return new Map([
    ...[...cast.ids].filter(([, id]) => id).map(([index, id]) => [id, `T${index}`] as const),
    ...[...cast.bsns].map(([index, bsn]) => [bsn, `B${index}`] as const),
  ]);
}

export async function captureEndState(prisma: PrismaClient, cast: Cast): Promise<Map<number, Fingerprint>> {
  const { ids } = cast;
  const trajectoryIds = [...ids.values()].filter(Boolean);
  const names = labels(cast);
  const [trajectories, tasks, outbox, inbox, monitor] = await Promise.all([
    prisma.trajectory.findMany({ where: { id: { in: trajectoryIds } } }),
    prisma.task.findMany({
      where: { trajectoryId: { in: trajectoryIds } },
      select: { key: true, trajectoryId: true, type: true, status: true, audience: true, dueDate: true },
    }),
    prisma.outboxMessage.findMany({
      where: { trajectoryId: { in: trajectoryIds } },
      select: { key: true, trajectoryId: true, recipient: true, type: true, status: true, payload: true },
    }),
    prisma.inboxEvent.findMany({
      where: { trajectoryId: { in: trajectoryIds } },
      select: { trajectoryId: true, type: true, status: true },
    }),
    prisma.monitorEvent.findMany({
      where: { trajectoryId: { in: trajectoryIds } },
      select: { key: true, trajectoryId: true, type: true },
    }),
  ]);
  const result = new Map<number, Fingerprint>();
  for (const [index, id] of ids) {
    const own = <T extends { trajectoryId: string | null }>(rows: T[]) => rows.filter((row) => row.trajectoryId === id);
    const row = trajectories.find((t) => t.id === id);
    const { id: _id, workflowId: _wf, createdAt: _c, updatedAt: _u, stateVersion: _v, ...projection } = row ?? {};
    result.set(
      index,
      normalise(
        {
          projection: row ? projection : null,
          tasks: own(tasks)
            .map((t) => `${t.key}|${t.type}|${t.status}|${t.audience}|${t.dueDate?.toISOString().slice(0, 10) ?? ''}`)
            .sort(),
          outbox: own(outbox)
            .map((m) => `${m.key}|${m.recipient}|${m.type}|${m.status}|${JSON.stringify(normalise(m.payload, names))}`)
            .sort(),
          // (The Idempotency-Key differs per cast; a doubled event would show as one more row.)
          inbox: own(inbox)
            .map((e) => `${e.type}|${e.status}`)
            .sort(),
          monitor: own(monitor)
            .map((e) => `${e.key}|${e.type}`)
            .sort(),
        },
        names,
      ) as Fingerprint,
    );
  }
  return result;
}

export interface Differences {
  /** Script indexes whose end state differs from the reference. */
  differing: number[];
  /** Per kind: items of the reference missing here (lost) and items here not in the reference (extra). */
  lost: Record<'tasks' | 'outbox' | 'inbox' | 'monitor', number>;
  extra: Record<'tasks' | 'outbox' | 'inbox' | 'monitor', number>;
  examples: Array<{ index: number; reference: unknown; actual: unknown }>;
}

export function compareEndStates(reference: Map<number, Fingerprint>, actual: Map<number, Fingerprint>): Differences {
  const kinds = ['tasks', 'outbox', 'inbox', 'monitor'] as const;
  const lost = { tasks: 0, outbox: 0, inbox: 0, monitor: 0 };
  const extra = { tasks: 0, outbox: 0, inbox: 0, monitor: 0 };
  const differing: number[] = [];
  const examples: Differences['examples'] = [];
  for (const [index, expected] of reference) {
    const got = actual.get(index);
    if (JSON.stringify(expected) === JSON.stringify(got)) continue;
    differing.push(index);
    for (const kind of kinds) {
      const want = new Set((expected[kind] as string[]) ?? []);
      const have = new Set(((got?.[kind] as string[]) ?? []) as string[]);
      lost[kind] += [...want].filter((item) => !have.has(item)).length;
      extra[kind] += [...have].filter((item) => !want.has(item)).length;
    }
    if (examples.length < 3) examples.push({ index, reference: expected, actual: got });
  }
  return { differing, lost, extra, examples };
}

export interface ReceiverCounts {
  /** DUO: writing calls (not raadplegingen) received, distinct berichtIds, berichtIds answered 2xx more than once. */
  duoWrites: number;
  duoEffects: number;
  duoDuplicateEffects: number;
  /** Partner endpoint: deliveries received, distinct messages (Idempotency-Key), messages accepted (2xx) more than once. */
  webhooks: number;
  webhookEffects: number;
  webhookDuplicateEffects: number;
  /** Normalised keys of the effects, to compare two runs. */
  duoKeys: string[];
  webhookKeys: string[];
}

export function receiverCounts(duo: DuoSimulator, partner: PartnerSimulator, cast: Cast): ReceiverCounts {
  const names = labels(cast);
  const bsns = [...cast.bsns.values()];
  const ids = new Set(cast.ids.values());
  // This cast's calls: DUO's paths and bodies carry the BSN; a webhook names the trajectory.
  const writes = duo.received.filter(
    (r) =>
      r.method !== 'GET' &&
      r.headers.berichtId &&
      bsns.some((bsn) => r.path.includes(bsn) || JSON.stringify(r.body ?? '').includes(bsn)),
  );
  const deliveries = partner.deliveries.filter((d) =>
    ids.has(String((d.body as { trajectoryId?: string })?.trajectoryId)),
  );
  const duoOk = new Map<string, number>();
  for (const call of writes) {
    if ((call.status ?? 0) >= 200 && (call.status ?? 0) < 300) {
      duoOk.set(call.headers.berichtId!, (duoOk.get(call.headers.berichtId!) ?? 0) + 1);
    }
  }
  const webhookOk = new Map<string, number>();
  for (const delivery of deliveries) {
    const key = String(delivery.headers['idempotency-key'] ?? '');
    if (delivery.status >= 200 && delivery.status < 300) webhookOk.set(key, (webhookOk.get(key) ?? 0) + 1);
  }
  const duoKeys = writes
    .filter((w) => duoOk.has(w.headers.berichtId!))
    .map((w) => `${w.method} ${normalise(w.path, names) as string} ${JSON.stringify(normalise(w.body, names))}`);
  return {
    duoWrites: writes.length,
    duoEffects: duoOk.size,
    duoDuplicateEffects: [...duoOk.values()].filter((n) => n > 1).length,
    webhooks: deliveries.length,
    webhookEffects: webhookOk.size,
    webhookDuplicateEffects: [...webhookOk.values()].filter((n) => n > 1).length,
    duoKeys: [...new Set(duoKeys)].sort(),
    webhookKeys: [...webhookOk.keys()].map((key) => normalise(key, names) as string).sort(),
  };
}

/** Work still under way: inbox rows not yet delivered, outbox messages not yet final. */
export async function pendingWork(prisma: PrismaClient): Promise<{ inbox: number; outbox: number }> {
  const [inbox, outbox] = await Promise.all([
    prisma.inboxEvent.count({ where: { status: 'RECEIVED' } }),
    prisma.outboxMessage.count({ where: { status: { in: ['PENDING', 'RETRYING'] } } }),
  ]);
  return { inbox, outbox };
}

/**
 * Waits until nothing changes any more: no pending inbox/outbox work and the same end state
 * over `stableMs`. Returns the end state.
 */
export async function settle(
  prisma: PrismaClient,
  cast: Cast,
  options: { timeoutMs: number; stableMs?: number; until?: (state: Map<number, Fingerprint>) => boolean },
): Promise<{ state: Map<number, Fingerprint>; settled: boolean; ms: number; unsettled?: string[] }> {
  const began = Date.now();
  const stableMs = options.stableMs ?? 5_000;
  let last = '';
  let since = Date.now();
  let state = new Map<number, Fingerprint>();
  while (Date.now() - began < options.timeoutMs) {
    try {
      state = await captureEndState(prisma, cast);
      const pending = await pendingWork(prisma);
      const text = JSON.stringify([...state]);
      if (text !== last || pending.inbox > 0 || pending.outbox > 0) {
        last = text;
        since = Date.now();
      } else if ((options.until?.(state) ?? true) && Date.now() - since >= stableMs) {
        return { state, settled: true, ms: Date.now() - began };
      }
    } catch {
      // the database may be down in a scenario: try again
      since = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return { state, settled: false, ms: Date.now() - began, unsettled: await unsettledWork(prisma).catch(() => []) };
}

/** What keeps a run from settling (for the report). */
export async function unsettledWork(prisma: PrismaClient): Promise<string[]> {
  const [inbox, outbox] = await Promise.all([
    prisma.inboxEvent.findMany({ where: { status: 'RECEIVED' }, take: 5 }),
    prisma.outboxMessage.findMany({ where: { status: { in: ['PENDING', 'RETRYING'] } }, take: 5 }),
  ]);
  return [
    ...inbox.map((e) => `inbox ${e.type} ${e.status} pogingen ${e.attempts}: ${e.lastError ?? ''}`),
    ...outbox.map((m) => `outbox ${m.recipient} ${m.type} ${m.status} pogingen ${m.attempts}: ${m.lastError ?? ''}`),
  ];
}
