/**
 * Who works on which tasks. Every task has an audience (src/domain/tasks.ts): the consulent's
 * tasks land in the consulenten's werkvoorraad, escalations (TEAMLEIDER) in the teamleider's,
 * technical ones (a failed delivery, a stuck trajectory, the CBS delivery: BEHEERDER) in the
 * beheerder's. Only the role of the audience picks up and completes a task; a teamleider also
 * sees the consulenten's tasks (to redistribute them), a beheerder every task of the gemeente.
 */
import type { TaskAudience } from './tasks';

/** The roles of people that have a werkvoorraad. */
export const TASK_ROLES = ['consulent', 'teamleider', 'beheerder'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

const OWN_AUDIENCE: Record<TaskRole, TaskAudience> = {
  consulent: 'CONSULENT',
  teamleider: 'TEAMLEIDER',
  beheerder: 'BEHEERDER',
};

const VISIBLE: Record<TaskRole, readonly TaskAudience[]> = {
  consulent: ['CONSULENT'],
  teamleider: ['TEAMLEIDER', 'CONSULENT'],
  beheerder: ['BEHEERDER', 'TEAMLEIDER', 'CONSULENT'],
};

/** The audience whose tasks a role's werkvoorraad shows by default. */
export function ownAudience(role: TaskRole): TaskAudience {
  return OWN_AUDIENCE[role];
}

/** The audiences a role may list (its own first). */
export function visibleAudiences(role: TaskRole): readonly TaskAudience[] {
  return VISIBLE[role];
}

/** May this role pick up and complete a task of this audience? Only the audience's own role. */
export function mayWorkOn(role: TaskRole, audience: TaskAudience): boolean {
  return OWN_AUDIENCE[role] === audience;
}

/**
 * May this role hand a task of this audience to a consulent? Only consulent tasks go to a
 * consulent; the consulenten themselves, their teamleider and the beheerder may hand them over.
 */
export function mayReassignToConsulent(role: TaskRole, audience: TaskAudience): boolean {
  return audience === 'CONSULENT' && TASK_ROLES.includes(role);
}

/** Dutch name of the audience, for refusals ("deze taak is voor de teamleider"). */
export const AUDIENCE_NAMES: Record<TaskAudience, string> = {
  CONSULENT: 'de consulent',
  TEAMLEIDER: 'de teamleider',
  BEHEERDER: 'de beheerder',
};

export function isTaskRole(role: string): role is TaskRole {
  return (TASK_ROLES as readonly string[]).includes(role);
}
