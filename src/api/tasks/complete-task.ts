/**
 * Completes a task with a typed result, delivered to the workflow as an Update:
 * - a decision task (warme overdracht, machtiging, brede intake, PIP, voortgangsgesprek) runs
 *   that decision's update, then `closeTask`;
 * - any other task runs `closeTask`.
 * A refusal by the workflow is a 409 with its reason, and the task stays OPEN. Only after the
 * workflow accepted is the Task row marked DONE (with the result, which may hold a toelichting
 * that never goes to the workflow).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Task, Trajectory } from '../../generated/prisma/client';
import {
  closeTaskUpdate,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordVerwijtbaarheidUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  vaststellenPipUpdate,
} from '../../workflows/trajectory/messages';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { todayIso } from '../http/primitives';
import { writeAudit } from '../http/tenancy';
import { recordDecision } from '../trajectories/record-decision';
import type { CompleteTaskBody } from './schemas';
import { storeIntakeNotes } from '../trajectories/intake-notes';

export async function completeTask(
  deps: ResolvedApiDeps,
  principal: Principal,
  task: Task,
  body: CompleteTaskBody,
): Promise<Task> {
  if (task.status !== 'OPEN')
    throw new AppError('CONFLICT', 'De taak is al afgerond.', { extra: { reason: 'TAAK_AFGEROND' } });
  if (body.type !== task.type) {
    // The body is valid; it does not fit this task's state (its type): a conflict, not a form error.
    throw new AppError('CONFLICT', 'Het resultaat hoort niet bij dit taaktype.', {
      errors: [{ field: 'body.type', message: `Verwacht ${task.type}` }],
      extra: { reason: 'ANDER_TAAKTYPE' },
    });
  }
  const trajectory = await deps.prisma.trajectory.findUniqueOrThrow({ where: { id: task.trajectoryId } });
  const common = { deps, principal, trajectory };
  let date = todayIso();
  let stored: unknown = body;
  switch (body.type) {
    case 'WARME_OVERDRACHT':
      date = body.warmeOverdracht.date;
      await recordDecision({
        ...common,
        action: 'WARME_OVERDRACHT',
        update: recordWarmeOverdrachtUpdate,
        input: body.warmeOverdracht,
        auditDetails: { taskId: task.id },
      });
      break;
    case 'MACHTIGING_VASTLEGGEN':
      date = body.machtiging.date;
      await recordDecision({
        ...common,
        action: 'MACHTIGING',
        update: recordConsentUpdate,
        input: body.machtiging,
        auditDetails: { taskId: task.id },
      });
      break;
    case 'BREDE_INTAKE': {
      const { notes, ...input } = body.bredeIntake;
      date = input.date;
      await recordDecision({
        ...common,
        action: 'BREDE_INTAKE',
        update: recordBredeIntakeUpdate,
        input,
        auditDetails: { taskId: task.id, notes: notes.length },
      });
      await storeIntakeNotes(deps.prisma, trajectory.id, notes, principal.subject);
      stored = { type: body.type, bredeIntake: { ...input, notes: notes.length } };
      break;
    }
    case 'PIP_OPSTELLEN':
      date = body.pip.dagtekening;
      await recordDecision({
        ...common,
        action: 'PIP_VASTGESTELD',
        update: vaststellenPipUpdate,
        input: body.pip,
        auditDetails: { taskId: task.id },
      });
      break;
    case 'VOORTGANGSGESPREK':
      date = body.voortgangsgesprek.date;
      await recordDecision({
        ...common,
        action: 'VOORTGANGSGESPREK',
        update: recordVoortgangsgesprekUpdate,
        input: body.voortgangsgesprek,
        auditDetails: { taskId: task.id },
      });
      break;
    case 'VERWIJTBAARHEID_DOORGEVEN':
      date = body.verwijtbaarheid.date;
      await recordDecision({
        ...common,
        action: 'VERWIJTBAARHEID',
        update: recordVerwijtbaarheidUpdate,
        input: body.verwijtbaarheid,
        auditDetails: { taskId: task.id },
      });
      break;
    default:
      date = body.date;
  }
  if (isWorkflowTask(trajectory, task)) {
    await closeInWorkflow(deps, principal, trajectory, task, date, body.type);
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
  return deps.prisma.task.update({
    where: { id: task.id },
    data: {
      status: 'CLOSED',
      closedAt: current.closedAt ?? new Date(),
      result: stored as never,
      assigneeId: task.assigneeId ?? principal.subject,
    },
  });
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
  type: string,
): Promise<void> {
  const afterDecision =
    type === 'WARME_OVERDRACHT' ||
    type === 'MACHTIGING_VASTLEGGEN' ||
    type === 'BREDE_INTAKE' ||
    type === 'PIP_OPSTELLEN' ||
    type === 'VOORTGANGSGESPREK' ||
    type === 'VERWIJTBAARHEID_DOORGEVEN';
  try {
    await recordDecision({
      deps,
      principal,
      trajectory,
      action: 'TAAK_AFGEROND',
      update: closeTaskUpdate,
      input: { taskKey: task.key, date },
      auditDetails: { taskId: task.id, type },
    });
  } catch (error) {
    const cause = error instanceof AppError ? error.cause : undefined;
    const refusal =
      cause instanceof WorkflowUpdateFailedError && cause.cause instanceof ApplicationFailure
        ? cause.cause.type
        : undefined;
    if (afterDecision && refusal === 'TAAK_ONBEKEND') return;
    throw error;
  }
}
