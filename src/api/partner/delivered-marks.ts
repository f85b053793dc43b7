/**
 * Marks inbox rows DELIVERED after the request that stored them signalled them, in batches (a
 * group commit): the first mark starts one UPDATE; marks that arrive while it runs wait for
 * the next one, which takes them all. Under load that is one statement (and one commit) for
 * many events instead of one each, and no request waits for its mark before its 202.
 *
 * Nothing is lost when a mark is late or never written (process stopped, database error): the
 * row stays RECEIVED, the inbox drain signals it again after `INLINE_DELIVERY_GRACE_MS`, and the
 * workflow ignores the repeated event id. `flushDeliveredMarks` writes what is pending (the API
 * server calls it when it closes).
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import { INBOX_STATUS } from '../../db/inbox-status';

interface Mark {
  id: string;
  /** When the signal was acknowledged (ISO, UTC). */
  at: string;
}

/** Most rows per UPDATE (a longer queue is written in several). */
const MAX_BATCH = 500;

class DeliveredMarks {
  private pending: Mark[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  add(id: string, at: Date): void {
    this.pending.push({ id, at: at.toISOString() });
    this.start();
  }

  private start(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // Marks added after the last batch was taken, while this one finished.
      if (this.pending.length > 0) this.start();
    });
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the requests of this turn of the event loop add theirs first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        // UTC, as Prisma stores timestamps (see receive-partner-event.ts).
        await this.prisma.$executeRaw`
          UPDATE "InboxEvent" AS e
          SET "status" = ${INBOX_STATUS.DELIVERED}, "attempts" = e."attempts" + 1,
              "deliveredAt" = m."at", "lastError" = NULL
          FROM unnest(${batch.map((m) => m.id)}::text[], ${batch.map((m) => m.at)}::timestamp(3)[]) AS m("id", "at")
          WHERE e."id" = m."id"`;
      } catch (error) {
        // The rows stay RECEIVED: the inbox drain delivers them again (the workflow ignores repeats).
        this.logger.warn(
          { err: (error as Error)?.message, rows: batch.length },
          'inbox: could not mark delivered events; the inbox drain signals them again',
        );
      }
    }
  }
}

const marksByClient = new WeakMap<PrismaClient, DeliveredMarks>();

/** Records that inbox row `id` was signalled at `at` (written shortly after, batched). */
export function markDelivered(prisma: PrismaClient, logger: Logger, id: string, at: Date): void {
  let marks = marksByClient.get(prisma);
  if (!marks) {
    marks = new DeliveredMarks(prisma, logger);
    marksByClient.set(prisma, marks);
  }
  marks.add(id, at);
}

/** Resolves when every mark made so far through `prisma` is written (or its write failed). */
export async function flushDeliveredMarks(prisma: PrismaClient): Promise<void> {
  await marksByClient.get(prisma)?.flush();
}
