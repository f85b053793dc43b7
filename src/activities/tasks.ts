/**
 * Tasks in the werkvoorraad. Every call is idempotent by `key` (workflow id + step key):
 * creating twice leaves one row, and a task a person already closed is never reopened.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../db/client';
import type { TaskAudience, TaskType } from '../domain/tasks';
import type { IsoDate } from '../domain/types';
import { toDbDateOrNull } from './dates';

export interface CreateTaskInput {
  /** Unique: workflow id + step key. */
  key: string;
  trajectoryId: string;
  gemeente: string;
  type: TaskType;
  audience: TaskAudience;
  /** Dutch title from the domain catalogue (no personal data). */
  title: string;
  dueDate?: IsoDate;
  /**
   * Assignee of a NEW task (the workflow passes the trajectory's consulent as the default).
   * Updating an open task keeps whoever has it now (claimed, reassigned or handed back in the
   * werkvoorraad) unless `reassign` is set.
   */
  assigneeId?: string;
  /** The workflow explicitly (re)assigns: `assigneeId` replaces the current assignee of an open task. */
  reassign?: boolean;
}

export interface CloseTaskInput {
  key: string;
  /** Facts about why it closed (no personal data). */
  result?: Record<string, string | number | boolean>;
}

/** A new consulent of a trajectory: its open consulent tasks of `from` (or of nobody) go to `to`. */
export interface ReassignConsulentTasksInput {
  trajectoryId: string;
  from?: string;
  to: string;
}

export type TaskWriteOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED';

/** What a consulent notice needs of a task just written (notices.ts), with its trajectory's consulent. */
export interface WrittenTask {
  id: string;
  type: string;
  audience: string;
  title: string;
  trajectoryId: string | null;
  assigneeId: string | null;
  dueDate: Date | null;
  consulentId: string | null;
}

interface UpsertedTaskRow extends WrittenTask {
  created: boolean;
}

export function createTaskActivities(deps: { prisma: Prisma.TransactionClient }) {
  const { prisma } = deps;
  return {
    /** Ensures the task exists (`upsertTask` below); returns the task as written, except when UNCHANGED, for its notice. */
    upsertTask: (input: CreateTaskInput) => upsertTask(prisma, input),

    /**
     * The consulent's open tasks follow a change of consulent: tasks of the trajectory for the
     * CONSULENT audience held by the previous consulent or by nobody — also those the outbox
     * activities made (a DUO refusal). A task a colleague picked up stays with that colleague.
     * Idempotent (a retry finds nothing left to move).
     */
    async reassignConsulentTasks(input: ReassignConsulentTasksInput): Promise<number> {
      const moved = await prisma.task.updateMany({
        where: {
          trajectoryId: input.trajectoryId,
          status: 'OPEN',
          audience: 'CONSULENT',
          OR: [{ assigneeId: null }, ...(input.from !== undefined ? [{ assigneeId: input.from }] : [])],
        },
        data: { assigneeId: input.to },
      });
      return moved.count;
    },

    /** Closes the task when still open; closing again changes nothing. */
    async closeTask(input: CloseTaskInput): Promise<boolean> {
      const closed = await prisma.task.updateMany({
        where: { key: input.key, status: 'OPEN' },
        data: { status: 'CLOSED', closedAt: new Date(), ...(input.result ? { result: input.result } : {}) },
      });
      return closed.count > 0;
    },
  };
}

/**
 * Ensures the task exists in ONE statement (a turn writes a few tasks per start; an update that
 * missed, then an insert, then two reads for the notice cost a round trip and Prisma's CPU
 * each): a new key is inserted; an open task with that key gets the latest gemeente, title, due
 * date and audience (gemeente too: after a transfer to another served gemeente the workflow
 * re-issues its open tasks, and the werkvoorraad's tenancy follows Task.gemeente) and keeps its
 * assignee (a consulent's claim) unless the workflow explicitly reassigns; a closed task is left
 * alone (no row returned). `xmax = 0` marks a row this statement inserted. The trajectory's
 * consulent comes along for the new task's notice (the projection is written before the tasks
 * in a turn).
 */
async function upsertTask(
  prisma: Prisma.TransactionClient,
  input: CreateTaskInput,
): Promise<{ outcome: TaskWriteOutcome; task?: WrittenTask }> {
  const dueDate = toDbDateOrNull(input.dueDate)?.toISOString().slice(0, 10) ?? null;
  const assignee = input.reassign ? Prisma.sql`, "assigneeId" = EXCLUDED."assigneeId"` : Prisma.empty;
  const rows = await prisma.$queryRaw<UpsertedTaskRow[]>`
    INSERT INTO "Task" ("id", "key", "trajectoryId", "gemeente", "type", "title", "dueDate", "audience",
      "status", "assigneeId", "createdAt")
    VALUES (${randomUUID()}, ${input.key}, ${input.trajectoryId}, ${input.gemeente}, ${input.type}, ${input.title},
      ${dueDate}::date, ${input.audience}, 'OPEN', ${input.assigneeId ?? null}, now() AT TIME ZONE 'UTC')
    ON CONFLICT ("key") DO UPDATE SET "gemeente" = EXCLUDED."gemeente", "title" = EXCLUDED."title",
      "dueDate" = EXCLUDED."dueDate", "audience" = EXCLUDED."audience"${assignee}
      WHERE "Task"."status" = 'OPEN'
    RETURNING (xmax = 0) AS "created", "id", "type", "audience", "title", "trajectoryId", "assigneeId", "dueDate",
      (SELECT t."consulentId" FROM "Trajectory" t WHERE t."id" = "Task"."trajectoryId") AS "consulentId"`;
  const row = rows[0];
  if (!row) return { outcome: 'UNCHANGED' };
  const { created, ...task } = row;
  return { outcome: created ? 'CREATED' : 'UPDATED', task };
}
