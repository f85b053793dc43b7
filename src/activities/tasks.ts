/**
 * Tasks in the werkvoorraad. Every call is idempotent by `key` (workflow id + step key):
 * creating twice leaves one row, and a task a person already closed is never reopened.
 */
import type { Prisma } from '../db/client';
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

export function createTaskActivities(deps: { prisma: Prisma.TransactionClient }) {
  const { prisma } = deps;
  return {
    /**
     * Ensures the task exists; an open task gets the latest gemeente, title and due date, and keeps its
     * assignee (a consulent's claim) unless the workflow explicitly reassigns.
     */
    async createTask(input: CreateTaskInput): Promise<TaskWriteOutcome> {
      // gemeente too: after a transfer to another served gemeente the workflow re-issues its
      // open tasks, and the werkvoorraad's tenancy follows Task.gemeente.
      const details = {
        gemeente: input.gemeente,
        title: input.title,
        dueDate: toDbDateOrNull(input.dueDate),
        audience: input.audience,
      };
      const assignee = { assigneeId: input.assigneeId ?? null };
      const updated = await prisma.task.updateMany({
        where: { key: input.key, status: 'OPEN' },
        data: input.reassign ? { ...details, ...assignee } : details,
      });
      if (updated.count > 0) return 'UPDATED';
      const created = await prisma.task.createMany({
        data: [
          {
            key: input.key,
            trajectoryId: input.trajectoryId,
            type: input.type,
            ...details,
            ...assignee,
          },
        ],
        skipDuplicates: true,
      });
      return created.count > 0 ? 'CREATED' : 'UNCHANGED';
    },

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
