/**
 * Completes a task with a typed result, delivered to the workflow as an Update:
 * - a decision task (the registry's entries with a task type: warme overdracht, machtiging,
 *   brede intake, PIP, voortgangsgesprek, verwijtbaarheid) records that decision, then `closeTask`;
 * - any other task runs `closeTask`.
 * A refusal by the workflow is a 409 with its reason, and the task stays OPEN. Only after the
 * workflow accepted is the Task row marked DONE (with the result, which may hold a toelichting
 * that never goes to the workflow).
 */
import type { Task, Trajectory } from '../../generated/prisma/client';
import { todayInAmsterdam } from '../../domain/today';
import { closeTaskUpdate } from '../../workflows/trajectory/messages';
import type { Principal } from '../auth/principal';
import { executeUpdate, recordRegisteredDecision } from '../decisions/record-decision';
import { requireOwnAudience } from './assign-task';
import { decisionForTask } from '../decisions/registry';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { writeAudit } from '../http/tenancy';
import type { CompleteTaskBody } from './schemas';

export async function completeTask(
  deps: ResolvedApiDeps,
  principal: Principal,
  task: Task,
  body: CompleteTaskBody,
): Promise<Task> {
  return (await completeTaskWithDecision(deps, principal, task, body)).task;
}

/** As completeTask, with the result of the decision the task completion recorded (when it is one). */
export async function completeTaskWithDecision(
  deps: ResolvedApiDeps,
  principal: Principal,
  task: Task,
  body: CompleteTaskBody,
): Promise<{ task: Task; decisionResult?: unknown }> {
  requireOwnAudience(principal, task);
  if (task.status !== 'OPEN')
    throw new AppError('CONFLICT', 'De taak is al afgerond.', { extra: { reason: 'TAAK_AFGEROND' } });
  if (body.type !== task.type) {
    // The body is valid; it does not fit this task's state (its type): a conflict, not a form error.
    throw new AppError('CONFLICT', 'Het resultaat hoort niet bij dit taaktype.', {
      errors: [{ field: 'body.type', message: `Verwacht ${task.type}` }],
      extra: { reason: 'ANDER_TAAKTYPE' },
    });
  }
  if (task.trajectoryId === null) {
    // A task of the gemeente as a whole (the CBS delivery) has its own action.
    throw new AppError('CONFLICT', 'Deze taak rondt de beheerder af via /beheer/swi (levering gemeld).', {
      extra: { reason: 'GEEN_TRAJECTTAAK' },
    });
  }
  const trajectory = await deps.prisma.trajectory.findUniqueOrThrow({ where: { id: task.trajectoryId } });
  const entry = decisionForTask(body.type);
  let date = 'date' in body && typeof body.date === 'string' ? body.date : todayInAmsterdam(new Date());
  let stored: unknown = body;
  let decisionResult: unknown;
  if (entry?.task) {
    if (!entry.roles.includes(principal.role))
      throw new AppError('FORBIDDEN', `Deze beslissing neemt een ${entry.roles.join(' of ')}.`, {
        extra: { reason: 'TAAK_VOOR_ANDERE_ROL' },
      });
    const decision = (body as Record<string, unknown>)[entry.task.field];
    decisionResult = await recordRegisteredDecision({
      deps,
      principal,
      entry,
      trajectory,
      body: decision,
      auditDetails: { taskId: task.id },
    });
    date = entry.dateOf(decision);
    stored = { type: body.type, [entry.task.field]: entry.storedResult(decision) };
  }
  if (isWorkflowTask(trajectory, task)) {
    await closeInWorkflow(deps, principal, trajectory, task, date, { afterDecision: entry !== undefined });
  } else {
    // A task an outbox activity made: the workflow does not know it; the werkvoorraad closes it.
    await writeAudit(deps.prisma, {
      principal,
      action: 'TAAK_AFGEROND',
      trajectoryId: trajectory.id,
      details: { taskId: task.id, type: body.type },
    });
  }

  // The workflow accepted *this* completion (a second one is refused: the decision is already
  // taken, or the task key is unknown to it), so this request records who completed the task
  // and with what — also when the workflow's own closeTask activity already closed the row
  // (it usually does, right after a decision). That activity never overwrites a closed row.
  const current = await deps.prisma.task.findUniqueOrThrow({ where: { id: task.id }, select: { closedAt: true } });
  const closed = await deps.prisma.task.update({
    where: { id: task.id },
    data: {
      status: 'CLOSED',
      closedAt: current.closedAt ?? new Date(),
      result: stored as object,
      assigneeId: task.assigneeId ?? principal.subject,
    },
  });
  return { task: closed, ...(entry?.task ? { decisionResult } : {}) };
}

/**
 * Tasks the outbox delivery activities make (AFLEVERING_MISLUKT, DUO_MELDING_GEWEIGERD, a
 * machtiging reminder) have keys `<workflowId>/outbox/<step>/<suffix>`; the workflow does not
 * know them. Every other task goes through the workflow's closeTask update.
 */
function isWorkflowTask(trajectory: Trajectory, task: Task): boolean {
  return !task.key.startsWith(`${trajectory.workflowId}/outbox/`);
}

/**
 * `closeTask` update. After a decision the workflow has usually closed the task itself; its
 * "unknown task" refusal is then expected and ignored.
 */
async function closeInWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  trajectory: Trajectory,
  task: Task,
  date: string,
  { afterDecision }: { afterDecision: boolean },
): Promise<void> {
  try {
    await executeUpdate(deps, trajectory, (execute) => execute(closeTaskUpdate, { taskKey: task.key, date }));
  } catch (error) {
    if (afterDecision && error instanceof AppError && error.extra.reason === 'TAAK_ONBEKEND') return;
    throw error;
  }
  await writeAudit(deps.prisma, {
    principal,
    action: 'TAAK_AFGEROND',
    trajectoryId: trajectory.id,
    details: { taskId: task.id, type: task.type },
  });
}
