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
      'PIP-termijn van 10 weken verstreken op 17 maart 2025: zorg dat het PIP wordt vastgesteld',
    );
  });

  it('titles show dates in Dutch, never as ISO codes', () => {
    expect(taskTitle('PIP_OPSTELLEN', { deadline: '2026-12-02' })).toBe(
      'Stel het PIP op met de inburgeraar (uiterlijk 2 december 2026)',
    );
    expect(taskTitle('VOORTGANGSGESPREK_ESCALATIE', { dueDate: '2027-01-05' })).toBe(
      'Voortgangsgesprek niet gevoerd (gepland 5 januari 2027): bespreek met de consulent',
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

  it('PLICHT_GESCHORST (SS109 temporary vrijstelling) goes to the consulent', () => {
    expect(taskAudience('PLICHT_GESCHORST')).toBe('CONSULENT');
    expect(taskTitle('PLICHT_GESCHORST')).toContain('tijdelijk geschorst');
    expect(taskTitle('PLICHT_GESCHORST')).toContain('SS109');
  });

  it('AFLEVERING_MISLUKT goes to the beheerder: a partner refused the delivery, or no partner endpoint', () => {
    expect(taskAudience('AFLEVERING_MISLUKT')).toBe('BEHEERDER');
    expect(
      taskTitle('AFLEVERING_MISLUKT', { messageType: 'START_PVT', partner: 'Taalschool Noord', httpStatus: 422 }),
    ).toBe('Bericht START_PVT geweigerd door Taalschool Noord (HTTP 422): controleer en verstuur opnieuw');
    expect(taskTitle('AFLEVERING_MISLUKT', { messageType: 'START_PVT' })).toBe(
      'Bericht START_PVT niet afgeleverd: zie de toelichting, herstel en verstuur opnieuw',
    );
    expect(
      taskTitle('AFLEVERING_MISLUKT', {
        messageType: 'START_PVT',
        partner: 'Taalschool Noord',
        failure: 'geen endpoint-URL ingesteld',
      }),
    ).toBe(
      'Bericht START_PVT niet afgeleverd aan Taalschool Noord: geen endpoint-URL ingesteld: herstel en verstuur opnieuw',
    );
    expect(
      taskTitle('AFLEVERING_MISLUKT', {
        messageType: 'START_PVT',
        partner: 'T',
        httpStatus: 422,
        failure: 'onbekend veld',
      }),
    ).toBe('Bericht START_PVT geweigerd door T (HTTP 422: onbekend veld): controleer en verstuur opnieuw');
  });

  it('AANBIEDER_TOEWIJZEN asks the consulent to assign a partner of the kind a message waits for', () => {
    expect(taskAudience('AANBIEDER_TOEWIJZEN')).toBe('CONSULENT');
    expect(taskTitle('AANBIEDER_TOEWIJZEN', { partnerKind: 'ONTZORGEN' })).toContain('(ONTZORGEN)');
  });

  it('DUO_MELDING_GEWEIGERD goes to the consulent: refused by DUO, or by our pre-check', () => {
    expect(taskAudience('DUO_MELDING_GEWEIGERD')).toBe('CONSULENT');
    expect(
      taskTitle('DUO_MELDING_GEWEIGERD', { messageType: 'PIP_VASTGESTELD', refusedBy: 'DUO', reason: 'onbekend BSN' }),
    ).toBe('Melding PIP_VASTGESTELD geweigerd door DUO (onbekend BSN)');
    expect(
      taskTitle('DUO_MELDING_GEWEIGERD', {
        messageType: 'PIP_VASTGESTELD',
        refusedBy: 'VOORCONTROLE',
        reason: 'dagtekening voor de start van de plicht',
      }),
    ).toBe(
      'Melding PIP_VASTGESTELD niet naar DUO gestuurd: DUO zou haar weigeren (dagtekening voor de start van de plicht)',
    );
  });

  it('titles are capped at 200 characters', () => {
    const title = taskTitle('DUO_MELDING_GEWEIGERD', { messageType: 'X', reason: 'r'.repeat(500) });
    expect(title.length).toBe(200);
    expect(title.endsWith('…')).toBe(true);
  });
});
