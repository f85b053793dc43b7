/** Claim, unclaim and reassign a task within the gemeente, by the role its audience names. */
import type { Task } from '../../generated/prisma/client';
import { AUDIENCE_NAMES, isTaskRole, mayReassignToConsulent, mayWorkOn } from '../../domain/task-audience';
import type { TaskAudience } from '../../domain/tasks';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { writeAudit } from '../http/tenancy';

/** A task the principal may see (same gemeente, or regional); otherwise 404. */
export async function findAccessibleTask(deps: ResolvedApiDeps, principal: Principal, id: string): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id } });
  if (!task || (principal.gemeente !== null && principal.gemeente !== task.gemeente)) {
    throw new AppError('NOT_FOUND', `Taak ${id} bestaat niet of valt buiten uw gemeente.`);
  }
  return task;
}

/**
 * Only the role of the task's audience picks it up and completes it (a failed delivery is the
 * beheerder's, an escalation the teamleider's): otherwise 403 naming whose it is.
 */
export function requireOwnAudience(principal: Principal, task: Task): void {
  const audience = task.audience as TaskAudience;
  if (isTaskRole(principal.role) && mayWorkOn(principal.role, audience)) return;
  throw new AppError(
    'FORBIDDEN',
    `Deze taak is voor ${AUDIENCE_NAMES[audience] ?? audience.toLowerCase()}; een ${principal.role} kan haar niet oppakken of afronden.`,
    { extra: { reason: 'TAAK_VOOR_ANDERE_ROL' } },
  );
}

function requireOpen(task: Task): void {
  if (task.status !== 'OPEN')
    throw new AppError('CONFLICT', 'De taak is al afgerond.', { extra: { reason: 'TAAK_AFGEROND' } });
}

/** Changes the assignee only if it is still what we read (no lost updates between two consulenten). */
async function setAssignee(deps: ResolvedApiDeps, task: Task, assigneeId: string | null): Promise<Task> {
  const { count } = await deps.prisma.task.updateMany({
    where: { id: task.id, status: 'OPEN', assigneeId: task.assigneeId },
    data: { assigneeId },
  });
  if (count === 0)
    throw new AppError('CONFLICT', 'De taak is intussen gewijzigd; laad haar opnieuw.', {
      extra: { reason: 'TAAK_GEWIJZIGD' },
    });
  return { ...task, assigneeId };
}

export async function claimTask(deps: ResolvedApiDeps, principal: Principal, task: Task): Promise<Task> {
  requireOwnAudience(principal, task);
  requireOpen(task);
  if (task.assigneeId === principal.subject) return task;
  if (task.assigneeId !== null) {
    throw new AppError('CONFLICT', `De taak is al opgepakt door ${task.assigneeId}.`, {
      extra: { reason: 'TAAK_AL_TOEGEWEZEN' },
    });
  }
  return setAssignee(deps, task, principal.subject);
}

export async function unclaimTask(deps: ResolvedApiDeps, principal: Principal, task: Task): Promise<Task> {
  requireOpen(task);
  if (task.assigneeId === null) return task;
  if (task.assigneeId !== principal.subject && principal.role !== 'beheerder' && principal.role !== 'teamleider') {
    throw new AppError(
      'FORBIDDEN',
      'Alleen wie de taak heeft opgepakt (of een teamleider of beheerder) kan haar teruggeven.',
    );
  }
  return setAssignee(deps, task, null);
}

/**
 * A consulent of the gemeente: an active consulent key, or a consulent who signed in to the
 * werkplek. Otherwise a 409 naming `field` (who exists is state, not form).
 */
export async function requireConsulentOfGemeente(
  deps: ResolvedApiDeps,
  gemeente: string,
  subject: string,
  field = 'body.consulentId',
  what = 'Een traject kan alleen een consulent van dezelfde gemeente krijgen.',
): Promise<void> {
  const [key, person] = await Promise.all([
    deps.prisma.apiKey.findFirst({
      where: { subject, role: 'consulent', gemeente, revokedAt: null },
      select: { id: true },
    }),
    deps.prisma.werkplekUser.findFirst({
      where: { subject, role: 'consulent', gemeente },
      select: { subject: true },
    }),
  ]);
  if (!key && !person) {
    throw new AppError('CONFLICT', what, {
      errors: [{ field, message: `Geen actieve consulent van ${gemeente}` }],
      extra: { reason: 'GEEN_CONSULENT_VAN_GEMEENTE' },
    });
  }
}

export async function reassignTask(
  deps: ResolvedApiDeps,
  principal: Principal,
  task: Task,
  assigneeId: string,
): Promise<Task> {
  requireOpen(task);
  if (!isTaskRole(principal.role) || !mayReassignToConsulent(principal.role, task.audience as TaskAudience)) {
    throw new AppError(
      'CONFLICT',
      `Deze taak is voor ${AUDIENCE_NAMES[task.audience as TaskAudience] ?? task.audience}; alleen taken voor de consulent gaan naar een consulent.`,
      { extra: { reason: 'TAAK_VOOR_ANDERE_ROL' } },
    );
  }
  await requireConsulentOfGemeente(
    deps,
    task.gemeente,
    assigneeId,
    'body.assigneeId',
    'Taken kunnen alleen worden toegewezen aan een consulent van dezelfde gemeente.',
  );
  const updated = await setAssignee(deps, task, assigneeId);
  await writeAudit(deps.prisma, {
    principal,
    action: 'TAAK_TOEGEWEZEN',
    trajectoryId: task.trajectoryId,
    details: { taskId: task.id, from: task.assigneeId, to: assigneeId },
  });
  return updated;
}

/** Consulenten of a gemeente a task can be handed over to (werkplek users and consulent keys). */
export async function listColleagues(
  deps: ResolvedApiDeps,
  gemeente: string,
): Promise<Array<{ subject: string; name: string }>> {
  const [people, keys] = await Promise.all([
    deps.prisma.werkplekUser.findMany({
      where: { role: 'consulent', gemeente },
      select: { subject: true, name: true },
    }),
    deps.prisma.apiKey.findMany({
      where: { role: 'consulent', gemeente, revokedAt: null },
      select: { subject: true, label: true },
    }),
  ]);
  const bySubject = new Map<string, string>();
  for (const key of keys) bySubject.set(key.subject, key.label);
  for (const person of people) bySubject.set(person.subject, person.name);
  return [...bySubject]
    .map(([subject, name]) => ({ subject, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
