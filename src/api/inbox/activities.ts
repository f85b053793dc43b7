/**
 * The inbox drain's activities (contract: src/workflows/inbox-drain/messages.ts). They run in
 * the API process, which owns the inbox and DUO's Notificatie API: a partner event is signalled
 * with the same delivery the request used, a DUO notification is processed by the DUO
 * integration (pull, map, start a trajectory when needed, signal). A failure is thrown as a
 * retryable ApplicationFailure: Temporal retries it (INBOX_ROW preset), the row stays RECEIVED
 * for the next drain otherwise.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import { INBOX_STATUS } from '../../db/inbox-status';
import {
  DUO_PARTNER_ID,
  processDuoNotification,
  type DuoNotificationDeps,
  type StoredDuoNotification,
} from '../../integrations/duo/notifications';
import type { InboxDrainActivities, InboxRowOutcome } from '../../workflows/inbox-drain/messages';
import { deliverInboxEvent } from '../partner/receive-partner-event';

export const INBOX_ROW_NOT_DELIVERED = 'InboxRowNotDelivered';

export interface InboxActivityDeps {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  /** Per signal. */
  signalTimeoutMs: number;
  /** DUO's notifications (when DUO is configured). */
  duo?: DuoNotificationDeps;
  now?: () => Date;
}

export function createInboxActivities(deps: InboxActivityDeps): InboxDrainActivities {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async listDueInboxRows({ limit }) {
      const rows = await prisma.inboxEvent.findMany({
        where: {
          status: INBOX_STATUS.RECEIVED,
          nextAttemptAt: { lte: now() },
          // DUO rows only when this process can pull them.
          ...(deps.duo ? {} : { partnerId: { not: DUO_PARTNER_ID } }),
        },
        orderBy: { receivedAt: 'asc' },
        take: limit,
        select: { id: true, partnerId: true },
      });
      return rows.map((row) => ({ id: row.id, kind: row.partnerId === DUO_PARTNER_ID ? 'DUO' : 'PARTNER' }));
    },

    async deliverPartnerInboxRow({ id }): Promise<InboxRowOutcome> {
      const row = await prisma.inboxEvent.findUnique({ where: { id } });
      if (!row || row.status !== INBOX_STATUS.RECEIVED || row.partnerId === DUO_PARTNER_ID) return 'SKIPPED';
      const outcome = await deliverInboxEvent(
        { prisma, temporal: deps.temporal, logger: deps.logger, timeoutMs: deps.signalTimeoutMs },
        row,
      );
      if (outcome === INBOX_STATUS.RECEIVED) {
        throw ApplicationFailure.retryable('het signaal kwam niet aan', INBOX_ROW_NOT_DELIVERED);
      }
      return outcome;
    },

    async processDuoInboxRow({ id }): Promise<InboxRowOutcome> {
      const row = await prisma.inboxEvent.findUnique({ where: { id } });
      if (!deps.duo || !row || row.status !== INBOX_STATUS.RECEIVED || row.partnerId !== DUO_PARTNER_ID) {
        return 'SKIPPED';
      }
      try {
        const outcome = await processDuoNotification(deps.duo, {
          id: row.id,
          berichtId: row.idempotencyKey,
          ...(row.trajectoryId ? { trajectoryId: row.trajectoryId } : {}),
          payload: row.payload as StoredDuoNotification['payload'],
        });
        return outcome.status;
      } catch (error) {
        // Recorded on the row (lastError) by processDuoNotification; no burgerservicenummer in the message.
        throw ApplicationFailure.retryable(
          `DUO-notificatie niet verwerkt: ${error instanceof Error ? error.name : 'fout'}`,
          INBOX_ROW_NOT_DELIVERED,
        );
      }
    },
  };
}
