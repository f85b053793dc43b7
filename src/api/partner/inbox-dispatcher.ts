/**
 * Delivers inbox events that are still RECEIVED (Temporal was down when they arrived, or the
 * API process stopped between storing and signalling). A small polling loop, started with the
 * API server; several API processes may run it at once — a double signal is harmless because
 * the workflow ignores an event id it has seen.
 *
 *   const dispatcher = startInboxDispatcher({ prisma, temporal, logger });
 *   ...
 *   await dispatcher.stop();
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import { deliverInboxEvent, INBOX_STATUS } from './receive-partner-event';

export interface InboxDispatcherOptions {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  /** Pause between rounds (default 5 s). */
  intervalMs?: number;
  /** Leave events younger than this to the request that stored them (default 10 s). */
  graceMs?: number;
  /** Events per round (default 50). */
  batchSize?: number;
  /** Per signal (default 5 s). */
  timeoutMs?: number;
}

export interface InboxDispatcher {
  /** Runs one round now; resolves to the number of events delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** One round: delivers up to `batchSize` RECEIVED events, oldest first. */
export async function dispatchInbox(options: InboxDispatcherOptions): Promise<number> {
  const graceMs = options.graceMs ?? 10_000;
  const rows = await options.prisma.inboxEvent.findMany({
    where: { status: INBOX_STATUS.RECEIVED, receivedAt: { lte: new Date(Date.now() - graceMs) } },
    orderBy: { receivedAt: 'asc' },
    take: options.batchSize ?? 50,
  });
  let delivered = 0;
  for (const row of rows) {
    const outcome = await deliverInboxEvent(
      { prisma: options.prisma, temporal: options.temporal, logger: options.logger, timeoutMs: options.timeoutMs ?? 5_000 },
      row,
    );
    if (outcome === 'DELIVERED') delivered++;
    // Temporal still down: stop this round instead of timing out on every row.
    else if (outcome === 'RECEIVED') break;
  }
  if (rows.length) options.logger.info({ candidates: rows.length, delivered }, 'inbox dispatcher round');
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
