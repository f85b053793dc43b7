/**
 * Delivery of consulent notices (outbox rows with recipient CONSULENT; queued by notices.ts,
 * digests by digest.ts). The consulent's preference decides:
 * - DIRECT (the default): a mail now, to the consulent's address (the preference's, else the
 *   subject when it is an address, else the gemeente's team mailbox, SMTP_CONSULENT_MAILBOXES);
 * - DAGOVERZICHT: the row waits (WACHT_OP_DAGOVERZICHT) for the daily digest;
 * - UIT: not mailed (NIET_GEMAILD); the werkvoorraad has the task anyway.
 * An SMTP failure is retried by the delivery workflow (RETRYING, backoff) until the retry budget
 * is spent: then FAILED and a beheerder task, as for a partner. Without SMTP configured nothing
 * is mailed (NIET_GEMAILD, saying why).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../db/client';
import { NOTICE_REASON_LABELS, type NoticeMode } from '../domain/notifications';
import type { TaskParams } from '../domain/tasks';
import type { ConsulentMail, Mailer } from '../integrations/smtp';
import { DELIVERY_REJECTED, DELIVERY_UNAVAILABLE } from '../temporal/activity-presets';
import { DAILY_DIGEST, type DigestPayload, type TaskNoticePayload } from './notices';
import { OUTBOX_STATUS } from './outbox';

export interface NoticeDeliveryDeps {
  prisma: PrismaClient;
  mailer?: Mailer;
  /** The gemeente's team mailbox (SMTP_CONSULENT_MAILBOXES), for consulenten without an address. */
  consulentMailbox?: (trajectory: { id: string; gemeente: string; consulentId: string | null }) => string | undefined;
  maxAttempts?: number;
  /** Settle only what needs no mail server (the turn): a mail to send is NEEDS_SENDING, unchanged. */
  offline?: boolean;
  now: () => Date;
  attempt: () => number;
  record: (id: string, data: { status: string; lastError?: string | null; deliveredAt?: Date | null }) => Promise<void>;
  /** A beheerder task (AFLEVERING_MISLUKT) when the mail could not be sent at all. */
  beheerderTask: (args: {
    key: string;
    trajectoryId: string;
    params: TaskParams;
    description: string;
  }) => Promise<void>;
}

interface NoticeRow {
  id: string;
  key: string;
  type: string;
  trajectoryId: string | null;
  payload: unknown;
  attempts: number;
}

export type NoticeOutcome = { status: 'DELIVERED' | 'WAITING'; attempts: number } | { status: 'NEEDS_SENDING' };

const looksLikeAddress = (value: string) => /^[^\s@]+@[^\s@]+$/.test(value);

/** The mail of a notice or a digest: subject and the task lines. */
function mailOf(row: NoticeRow): Omit<ConsulentMail, 'to'> {
  if (row.type === DAILY_DIGEST) {
    const digest = row.payload as DigestPayload;
    return {
      subject: `Dagoverzicht: ${digest.items.length} ${digest.items.length === 1 ? 'melding' : 'meldingen'}`,
      items: digest.items.map((item) => ({ title: item.title, path: `/taken/${item.taskId}` })),
    };
  }
  const notice = row.payload as Partial<TaskNoticePayload> & { title?: string };
  const title = notice.title ?? row.type;
  return {
    subject: notice.reason ? `${NOTICE_REASON_LABELS[notice.reason]}: ${title}` : title,
    items: [{ title, path: notice.taskId ? `/taken/${notice.taskId}` : `/dossiers/${row.trajectoryId ?? ''}` }],
  };
}

export async function deliverConsulentNotice(deps: NoticeDeliveryDeps, row: NoticeRow): Promise<NoticeOutcome> {
  const { prisma } = deps;
  const consulentId = (row.payload as { consulentId?: string } | null)?.consulentId;
  const preference = consulentId
    ? await prisma.notificationPreference.findUnique({ where: { subject: consulentId } })
    : null;
  const mode = (preference?.mode ?? 'DIRECT') as NoticeMode;
  const notMailed = async (why: string): Promise<NoticeOutcome> => {
    await deps.record(row.id, { status: OUTBOX_STATUS.NOT_MAILED, lastError: why, deliveredAt: deps.now() });
    return { status: 'DELIVERED', attempts: row.attempts + 1 };
  };
  if (row.type !== DAILY_DIGEST && mode === 'UIT') return notMailed('meldingen per e-mail staan uit');
  if (row.type !== DAILY_DIGEST && mode === 'DAGOVERZICHT') {
    await prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: OUTBOX_STATUS.WAITING_FOR_DIGEST, lastError: null },
    });
    return { status: 'WAITING', attempts: row.attempts };
  }
  if (!deps.mailer) return notMailed('geen e-mail geconfigureerd (SMTP_HOST)');

  const trajectory = row.trajectoryId
    ? await prisma.trajectory.findUnique({
        where: { id: row.trajectoryId },
        select: { id: true, gemeente: true, consulentId: true },
      })
    : null;
  const to =
    preference?.email ??
    (consulentId && looksLikeAddress(consulentId) ? consulentId : undefined) ??
    (trajectory ? deps.consulentMailbox?.(trajectory) : undefined);
  if (!to) return notMailed('geen e-mailadres van de consulent of het team bekend');
  if (deps.offline) return { status: 'NEEDS_SENDING' };

  try {
    await deps.mailer.sendConsulentMail({ to, ...mailOf(row) });
  } catch (error) {
    const reason = `e-mail niet verstuurd: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000);
    const attempt = deps.attempt();
    if (attempt < (deps.maxAttempts ?? Number.POSITIVE_INFINITY)) {
      await deps.record(row.id, { status: OUTBOX_STATUS.RETRYING, lastError: reason });
      throw ApplicationFailure.retryable('SMTP delivery failed', DELIVERY_UNAVAILABLE);
    }
    await deps.record(row.id, {
      status: OUTBOX_STATUS.FAILED,
      lastError: `opgegeven na ${attempt} pogingen: ${reason}`,
    });
    if (row.trajectoryId)
      await deps.beheerderTask({
        key: `${row.key}/aflevering-opgegeven`,
        trajectoryId: row.trajectoryId,
        params: { messageType: row.type, partner: 'de mailserver', attempts: attempt },
        description: reason,
      });
    throw ApplicationFailure.nonRetryable(`SMTP unavailable, gave up after ${attempt} attempts`, DELIVERY_REJECTED);
  }
  await deps.record(row.id, { status: OUTBOX_STATUS.DELIVERED, deliveredAt: deps.now(), lastError: null });
  return { status: 'DELIVERED', attempts: row.attempts + 1 };
}
