import type { Task } from '../../generated/prisma/client';
import { daysBetween } from '../../domain/dates';
import { todayIso } from '../http/primitives';
import { isoDate } from '../trajectories/get-dossier';
import type { z } from 'zod';
import type { ZTask } from './schemas';

export function toTaskDto(task: Task, today = todayIso()): z.infer<typeof ZTask> {
  const dueDate = isoDate(task.dueDate);
  return {
    id: task.id,
    key: task.key,
    trajectoryId: task.trajectoryId,
    gemeente: task.gemeente,
    type: task.type,
    title: task.title,
    description: task.description,
    dueDate,
    daysLeft: dueDate ? daysBetween(today, dueDate) : null,
    overdue: task.status === 'OPEN' && dueDate !== null && dueDate < today,
    audience: task.audience,
    status: task.status,
    assigneeId: task.assigneeId,
    ...(task.result !== null ? { result: task.result } : {}),
    createdAt: task.createdAt.toISOString(),
    closedAt: task.closedAt ? task.closedAt.toISOString() : null,
  };
}
