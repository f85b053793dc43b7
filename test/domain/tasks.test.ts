import { describe, expect, it } from 'vitest';
import { TASK_TYPES, taskAudience, taskTitle } from '../../src/domain/tasks';

describe('task catalogue', () => {
  it('warme overdracht asks the consulent to contact the COA-casemanager', () => {
    expect(taskTitle('WARME_OVERDRACHT')).toBe('Neem contact op met de COA-casemanager voor de warme overdracht');
    expect(taskAudience('WARME_OVERDRACHT')).toBe('CONSULENT');
  });

  it('brede intake names the 13 leefgebieden and the leerbaarheidstoets', () => {
    expect(taskTitle('BREDE_INTAKE')).toBe('Voer de brede intake uit (13 leefgebieden en leerbaarheidstoets)');
  });

  it('PIP deadline escalation goes to the team lead', () => {
    expect(taskAudience('PIP_DEADLINE_ESCALATIE')).toBe('TEAMLEIDER');
    expect(taskTitle('PIP_DEADLINE_ESCALATIE', { deadline: '2025-03-17' })).toBe(
      'PIP-termijn van 10 weken verstreken op 2025-03-17: zorg dat het PIP wordt vastgesteld',
    );
  });

  it('titles mention their parameters', () => {
    expect(taskTitle('TERMIJN_WAARSCHUWING', { monthsBefore: 6 })).toBe(
      'De inburgeringstermijn eindigt over 6 maanden: bespreek de voortgang',
    );
    expect(taskTitle('ONTZORGEN_CHECKIN', { month: 3 })).toBe('Check-in ontzorgen (maand 3)');
    expect(taskTitle('OPSTARTKLAS_AFGELOPEN', { leerroute: 'Z' })).toBe(
      'De opstartklas is afgelopen: start de Z-route',
    );
  });

  it('every task type has a non-empty Dutch title and an audience', () => {
    for (const type of TASK_TYPES) {
      expect(taskTitle(type).length).toBeGreaterThan(10);
      expect(['CONSULENT', 'TEAMLEIDER', 'BEHEERDER']).toContain(taskAudience(type));
    }
  });
});
