/**
 * Delivers inbox events that are still RECEIVED (Temporal was down when they arrived, or the
 * API process stopped between storing and signalling). A small polling loop, started with the
 * API server.
 *
 * Per-row backoff: every failed delivery pushes the row's `nextAttemptAt` out exponentially
 * (5 s, 10 s, 20 s … capped at 5 min, see `inboxBackoffMs`); a round only takes rows whose
 * `nextAttemptAt` has passed (index `[status, nextAttemptAt]`), so one broken trajectory does
 * not hold up the others and a long outage does not make every round retry every row.
 *
 * Several API processes may run it at once: a round first *leases* its rows (moves
 * `nextAttemptAt` past the delivery timeout with a compare-and-set on the value it read), so
 * two processes do not deliver the same row in the same round. A double signal would still be
 * harmless: the workflow ignores an event id it has seen.
 *
 * DUO's Notificatie API stores its notifications in the same table (partner `duo`); those are
 * processed by the DUO integration (`retryPendingDuoNotifications`), never signalled from here.
 *
 *   const dispatcher = startInboxDispatcher({ prisma, temporal, logger });
 *   ...
 *   await dispatcher.stop();
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import { DUO_PARTNER_ID } from '../../integrations/duo/notifications';
import { deliverInboxEvent, INBOX_STATUS } from './receive-partner-event';

export { inboxBackoffMs, INBOX_BACKOFF_BASE_MS, INBOX_BACKOFF_MAX_MS } from './inbox-backoff';

export interface InboxDispatcherOptions {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  /** Pause between rounds (default 5 s). */
  intervalMs?: number;
  /** Events per round (default 50). */
  batchSize?: number;
  /** Signals in flight at once (default 5). */
  concurrency?: number;
  /** Per signal (default 5 s). */
  timeoutMs?: number;
  /** The clock (tests move it forward to pass a backoff). */
  now?: () => Date;
}

export interface InboxDispatcher {
  /** Runs one round now; resolves to the number of events delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Rows the generic dispatcher delivers: RECEIVED partner events (not DUO notifications). */
export const DISPATCHABLE = { status: INBOX_STATUS.RECEIVED, partnerId: { not: DUO_PARTNER_ID } } as const;

/** One round: leases up to `batchSize` due RECEIVED events (oldest due first) and delivers them. */
export async function dispatchInbox(options: InboxDispatcherOptions): Promise<number> {
  const now = options.now?.() ?? new Date();
  const timeoutMs = options.timeoutMs ?? 5_000;
  const candidates = await options.prisma.inboxEvent.findMany({
    where: { ...DISPATCHABLE, nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: 'asc' }, { receivedAt: 'asc' }],
    take: options.batchSize ?? 50,
    select: { id: true, nextAttemptAt: true },
  });
  // Lease: only the process whose compare-and-set wins delivers the row this round. If it dies,
  // the lease runs out and another round picks the row up again.
  const leaseUntil = new Date(now.getTime() + 2 * timeoutMs + 5_000);
  const leased: string[] = [];
  for (const candidate of candidates) {
    const { count } = await options.prisma.inboxEvent.updateMany({
      where: { id: candidate.id, ...DISPATCHABLE, nextAttemptAt: candidate.nextAttemptAt },
      data: { nextAttemptAt: leaseUntil },
    });
    if (count === 1) leased.push(candidate.id);
  }
  const rows = leased.length
    ? await options.prisma.inboxEvent.findMany({ where: { id: { in: leased } }, orderBy: { receivedAt: 'asc' } })
    : [];

  let delivered = 0;
  let failed = 0;
  const queue = [...rows];
  const deps = {
    prisma: options.prisma,
    temporal: options.temporal,
    logger: options.logger,
    timeoutMs,
    now: options.now,
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? 5, queue.length) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const outcome = await deliverInboxEvent(deps, row);
      if (outcome === 'DELIVERED') delivered++;
      else failed++;
    }
  });
  await Promise.all(workers);
  if (rows.length) options.logger.info({ candidates: rows.length, delivered, failed }, 'inbox dispatcher round');
  return delivered;
}

export function startInboxDispatcher(options: InboxDispatcherOptions): InboxDispatcher {
  const intervalMs = options.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> = Promise.resolve(0);

  const runOnce = (): Promise<number> => {
    current = current
      .catch(() => 0)
      .then(() => dispatchInbox(options))
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'inbox dispatcher round failed');
        return 0;
      });
    return current;
  };
  const loop = () => {
    if (stopped) return;
    void runOnce().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  timer = setTimeout(loop, intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}
