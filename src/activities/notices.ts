/**
 * Consulent notices through the outbox. Where a task is created (the trajectory's turn, the DUO
 * sender), `queueTaskNotice` asks the rule (src/domain/notifications.ts) whether the
 * trajectory's consulent should get a mail about it and, if so, writes an outbox row
 * (recipient CONSULENT, type TAAKMELDING) in the same transaction; the caller starts its
 * delivery (outbox-delivery.ts: the consulent's preference decides — a mail now, the daily
 * digest, or nothing but the werkvoorraad). The row holds the task's id, type and title and the
 * consulent's id: no personal data of the inburgeraar.
 */
import { Context } from '@temporalio/activity';
import type { Prisma } from '../db/client';
import { mailSafeTitle, noticeReason, type NoticeReason } from '../domain/notifications';
import type { TaskAudience, TaskType } from '../domain/tasks';
import type { WrittenTask } from './tasks';
import { startDeliveryFromActivity } from './turn-delivery';

export const CONSULENT_RECIPIENT = 'CONSULENT';
export const TASK_NOTICE = 'TAAKMELDING';
export const DAILY_DIGEST = 'DAGOVERZICHT';

export interface TaskNoticePayload {
  consulentId: string;
  reason: NoticeReason;
  taskId: string;
  taskType: string;
  /** The task's title, masked once more (mailSafeTitle). */
  title: string;
}

export interface DigestPayload {
  consulentId: string;
  date: string;
  items: Array<{ taskId: string; reason: NoticeReason; title: string }>;
}

/**
 * Queues the notice for the task with this key, when the rule wants one. `title` overrides the
 * task's title (the DUO refusal's mail leaves DUO's free text out). Returns the outbox key.
 */
export async function queueTaskNotice(
  db: Prisma.TransactionClient,
  taskKey: string,
  today: string,
  options: { title?: string } = {},
): Promise<string | undefined> {
  const task = await db.task.findUnique({
    where: { key: taskKey },
    select: {
      id: true,
      type: true,
      audience: true,
      title: true,
      trajectoryId: true,
      assigneeId: true,
      dueDate: true,
      trajectory: { select: { consulentId: true } },
    },
  });
  if (!task) return undefined;
  const { trajectory, ...written } = task;
  return queueNoticeOfTask(db, taskKey, { ...written, consulentId: trajectory?.consulentId ?? null }, today, options);
}

/** queueTaskNotice for a task the caller just wrote and has in hand (tasks.ts `upsertTask`): no reads. */
export async function queueNoticeOfTask(
  db: Prisma.TransactionClient,
  taskKey: string,
  task: WrittenTask,
  today: string,
  options: { title?: string } = {},
): Promise<string | undefined> {
  if (!task.trajectoryId) return undefined;
  const { consulentId } = task;
  const reason = noticeReason(
    {
      type: task.type as TaskType,
      audience: task.audience as TaskAudience,
      trajectoryId: task.trajectoryId,
      assigneeId: task.assigneeId,
      dueDate: task.dueDate?.toISOString().slice(0, 10) ?? null,
    },
    consulentId,
    today,
  );
  if (!reason || !consulentId) return undefined;
  const key = `${taskKey}/melding`;
  const payload: TaskNoticePayload = {
    consulentId,
    reason,
    taskId: task.id,
    taskType: task.type,
    title: mailSafeTitle(options.title ?? task.title),
  };
  await db.outboxMessage.createMany({
    data: [
      {
        key,
        trajectoryId: task.trajectoryId,
        recipient: CONSULENT_RECIPIENT,
        type: TASK_NOTICE,
        payload: { ...payload },
      },
    ],
    skipDuplicates: true,
  });
  return key;
}

/** The notice of this task, when it is queued and not yet handed on (a retried turn starts it). */
export async function pendingNotice(db: Prisma.TransactionClient, taskKey: string): Promise<string | undefined> {
  const row = await db.outboxMessage.findUnique({ where: { key: `${taskKey}/melding` }, select: { status: true } });
  return row?.status === 'PENDING' ? `${taskKey}/melding` : undefined;
}

/** Starts a delivery from inside an activity; outside one (a plain call in a test) the row waits. */
export async function startDeliveryIfInActivity(key: string): Promise<void> {
  try {
    Context.current();
  } catch {
    return;
  }
  await startDeliveryFromActivity(key);
}
