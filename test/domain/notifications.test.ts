import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { mailSafeTitle, noticeReason, type NewTask } from '../../src/domain/notifications';
import { TASK_TYPES, taskAudience, taskTitle, type TaskParams } from '../../src/domain/tasks';

const today = '2026-12-02';
const consulent = 'consulent@altena';
const task = (over: Partial<NewTask>): NewTask => ({
  type: 'VOORTGANGSGESPREK',
  audience: 'CONSULENT',
  trajectoryId: 'trj_1',
  assigneeId: consulent,
  dueDate: addDays(today, 3),
  ...over,
});

describe('which new tasks are mailed to the consulent', () => {
  it('a task of the consulent due within 7 days (the 7th day included), not later, not without a due date', () => {
    expect(noticeReason(task({ dueDate: addDays(today, 7) }), consulent, today)).toBe('NIEUWE_TAAK');
    expect(noticeReason(task({ dueDate: addDays(today, -1) }), consulent, today)).toBe('NIEUWE_TAAK');
    expect(noticeReason(task({ dueDate: addDays(today, 8) }), consulent, today)).toBeUndefined();
    expect(noticeReason(task({ dueDate: null }), consulent, today)).toBeUndefined();
  });

  it('only when it is assigned to the trajectory’s consulent (not the team’s unassigned tasks, not a colleague’s)', () => {
    expect(noticeReason(task({ assigneeId: null }), consulent, today)).toBeUndefined();
    expect(noticeReason(task({ assigneeId: 'collega@altena' }), consulent, today)).toBeUndefined();
    expect(noticeReason(task({}), undefined, today)).toBeUndefined();
  });

  it('every escalation, whatever its due date; a DUO refusal; a beheerder task never', () => {
    for (const type of TASK_TYPES.filter((t) => t.endsWith('_ESCALATIE')))
      expect(
        noticeReason(task({ type, audience: taskAudience(type), assigneeId: null, dueDate: null }), consulent, today),
      ).toBe('ESCALATIE');
    expect(
      noticeReason(task({ type: 'DUO_MELDING_GEWEIGERD', assigneeId: null, dueDate: null }), consulent, today),
    ).toBe('DUO_WEIGERING');
    expect(
      noticeReason(task({ type: 'AFLEVERING_MISLUKT', audience: 'BEHEERDER', assigneeId: null }), consulent, today),
    ).toBeUndefined();
  });

  it('never a task without a trajectory (the gemeente’s CBS delivery)', () => {
    expect(
      noticeReason(task({ type: 'SWI_TE_LAAT', audience: 'TEAMLEIDER', trajectoryId: null }), consulent, today),
    ).toBeUndefined();
  });
});

describe('what a mail may say', () => {
  it('masks BSN-like numbers and e-mail addresses; keeps dates, codes and short numbers', () => {
    expect(mailSafeTitle('Melding PIP geweigerd door DUO (BSN 123456782 onbekend)')).toBe(
      'Melding PIP geweigerd door DUO (BSN [nummer] onbekend)',
    );
    expect(mailSafeTitle('fout bij 1234.56.782 en a.jansen@voorbeeld.nl')).toBe('fout bij [nummer] en [adres]');
    expect(mailSafeTitle('Voer het voortgangsgesprek (uiterlijk 9 december 2026)')).toBe(
      'Voer het voortgangsgesprek (uiterlijk 9 december 2026)',
    );
    expect(mailSafeTitle('HTTP 400 na 30 pogingen')).toBe('HTTP 400 na 30 pogingen');
  });

  it('no catalogue title carries more than its parameters: with codes and dates as parameters, nothing is masked', () => {
    const params: TaskParams = {
      dueDate: '2026-12-09',
      deadline: '2027-01-15',
      monthsBefore: 2,
      month: 3,
      leerroute: 'B1',
      messageType: 'PIP_VASTGESTELD',
      refusedBy: 'DUO',
      quarter: '2026-Q4',
      partnerKind: 'TAALAANBIEDER',
      started: true,
    };
    for (const type of TASK_TYPES) {
      const title = taskTitle(type, params);
      expect(mailSafeTitle(title), type).toBe(title);
    }
  });
});
