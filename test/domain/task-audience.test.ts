import { describe, expect, it } from 'vitest';
import {
  TASK_ROLES,
  mayReassignToConsulent,
  mayWorkOn,
  ownAudience,
  visibleAudiences,
} from '../../src/domain/task-audience';
import { TASK_AUDIENCES, TASK_TYPES, taskAudience } from '../../src/domain/tasks';

describe('task audiences', () => {
  it('each role works only on its own audience: consulent CONSULENT, teamleider TEAMLEIDER, beheerder BEHEERDER', () => {
    const allowed = TASK_ROLES.flatMap((role) =>
      TASK_AUDIENCES.filter((audience) => mayWorkOn(role, audience)).map((audience) => `${role}:${audience}`),
    );
    expect(allowed).toEqual(['consulent:CONSULENT', 'teamleider:TEAMLEIDER', 'beheerder:BEHEERDER']);
  });

  it('a consulent sees only consulent tasks; a teamleider also the consulenten’s; a beheerder all; own audience first', () => {
    expect(visibleAudiences('consulent')).toEqual(['CONSULENT']);
    expect(visibleAudiences('teamleider')).toEqual(['TEAMLEIDER', 'CONSULENT']);
    expect([...visibleAudiences('beheerder')].sort()).toEqual([...TASK_AUDIENCES].sort());
    for (const role of TASK_ROLES) expect(visibleAudiences(role)[0]).toBe(ownAudience(role));
  });

  it('only consulent tasks are handed to a consulent', () => {
    for (const role of TASK_ROLES) {
      expect(mayReassignToConsulent(role, 'CONSULENT')).toBe(true);
      expect(mayReassignToConsulent(role, 'TEAMLEIDER')).toBe(false);
      expect(mayReassignToConsulent(role, 'BEHEERDER')).toBe(false);
    }
  });

  it('escalations go to the teamleider, failed deliveries and stuck trajectories to the beheerder', () => {
    const escalations = TASK_TYPES.filter((type) => type.endsWith('_ESCALATIE'));
    expect(escalations.length).toBeGreaterThan(0);
    for (const type of escalations) expect(taskAudience(type), type).toBe('TEAMLEIDER');
    for (const type of ['AFLEVERING_MISLUKT', 'TRAJECT_CONTROLEREN', 'SWI_AANLEVEREN'] as const)
      expect(taskAudience(type), type).toBe('BEHEERDER');
  });
});
