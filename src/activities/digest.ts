/**
 * The daily digest: per consulent, the notices that waited for it (WACHT_OP_DAGOVERZICHT) become
 * one outbox message (type DAGOVERZICHT, key per consulent and batch) in one transaction with
 * marking them IN_DAGOVERZICHT; then its delivery starts (notice-delivery.ts mails it). A retried
 * run finds nothing waiting twice and re-starts digests not yet handed on.
 */
import type { PrismaClient } from '../db/client';
import {
  CONSULENT_RECIPIENT,
  DAILY_DIGEST,
  startDeliveryIfInActivity,
  type DigestPayload,
  type TaskNoticePayload,
} from './notices';
import { OUTBOX_STATUS } from './outbox';

export function createDigestActivities(deps: { prisma: PrismaClient; startDelivery?: (key: string) => Promise<void> }) {
  const { prisma } = deps;
  const startDelivery = deps.startDelivery ?? startDeliveryIfInActivity;
  return {
    /** Queues today's digest of every consulent with waiting notices; returns how many. */
    async sendConsulentDigests(input: { date: string }): Promise<number> {
      const waiting = await prisma.outboxMessage.findMany({
        where: { recipient: CONSULENT_RECIPIENT, status: OUTBOX_STATUS.WAITING_FOR_DIGEST },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 10_000,
        select: { id: true, payload: true },
      });
      const perConsulent = new Map<string, Array<{ id: string; notice: TaskNoticePayload }>>();
      for (const row of waiting) {
        const notice = row.payload as TaskNoticePayload | null;
        if (!notice?.consulentId) continue;
        perConsulent.set(notice.consulentId, [...(perConsulent.get(notice.consulentId) ?? []), { id: row.id, notice }]);
      }
      const keys: string[] = [];
      for (const [consulentId, rows] of perConsulent) {
        const key = `dagoverzicht/${input.date}/${consulentId}/${rows[0]!.id}`;
        const payload: DigestPayload = {
          consulentId,
          date: input.date,
          items: rows.map(({ notice }) => ({ taskId: notice.taskId, reason: notice.reason, title: notice.title })),
        };
        await prisma.$transaction([
          prisma.outboxMessage.createMany({
            data: [{ key, recipient: CONSULENT_RECIPIENT, type: DAILY_DIGEST, payload: { ...payload } }],
            skipDuplicates: true,
          }),
          prisma.outboxMessage.updateMany({
            where: { id: { in: rows.map((row) => row.id) }, status: OUTBOX_STATUS.WAITING_FOR_DIGEST },
            data: { status: OUTBOX_STATUS.IN_DIGEST, lastError: `in ${key}`, deliveredAt: new Date() },
          }),
        ]);
        keys.push(key);
      }
      // Also digests of an earlier attempt of this run whose delivery was not started.
      const unsent = await prisma.outboxMessage.findMany({
        where: {
          recipient: CONSULENT_RECIPIENT,
          type: DAILY_DIGEST,
          status: OUTBOX_STATUS.PENDING,
          key: { startsWith: `dagoverzicht/${input.date}/` },
        },
        select: { key: true },
      });
      const all = [...new Set([...keys, ...unsent.map((row) => row.key)])];
      for (const key of all) await startDelivery(key);
      return keys.length;
    },
  };
}
