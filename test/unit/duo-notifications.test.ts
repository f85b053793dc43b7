import { describe, expect, it } from 'vitest';
import { readsFor, targetGroupFromDuo, toPartnerEvents } from '../../src/integrations/duo/notification-events';

const note = (gebeurtenisId: string) => ({
  id: 'inbox-1',
  gebeurtenisId,
  registratieDatumTijd: '2026-04-02T10:00:00Z',
  gemeente: 'altena',
});

describe('DUO notification → partner events', () => {
  it('pulls the APIs DUO lists per gebeurtenis', () => {
    expect(readsFor('SS101')).toEqual(['inburgeringsplicht', 'doelgroep']);
    expect(readsFor('SS121')).toEqual(['inburgeringsplicht', 'doelgroep', 'termijn', 'pip']);
    expect(readsFor('SS103')).toEqual(['termijn']);
    expect(readsFor('SS131')).toEqual(['lbt']);
    expect(readsFor('SS199')).toEqual(['examens']);
    expect(readsFor('SS137')).toEqual([]);
  });

  it('maps termijn changes to the new end date', () => {
    expect(toPartnerEvents(note('SS103'), { termijn: { startdatum: '2026-03-02', einddatum: '2029-09-02' } })).toEqual([
      { eventId: 'inbox-1', occurredOn: '2026-04-02', type: 'SS103', newEnd: '2029-09-02' },
    ]);
  });

  it("SS121 carries the previous gemeente's leerroute and PIP date and DUO's termijn; SS120 the gemeente", () => {
    expect(
      toPartnerEvents(note('SS121'), {
        pip: { gemeentecode: '0344', pip: { dagtekeningPip: '2026-01-01', leerroute: 'O' } },
        termijn: { startdatum: '2025-06-02', einddatum: '2028-06-02' },
      }),
    ).toEqual([
      {
        eventId: 'inbox-1',
        occurredOn: '2026-04-02',
        type: 'SS121',
        gemeente: 'altena',
        previousLeerroute: 'ONDERWIJS',
        previousPipDagtekening: '2026-01-01',
        termijnStart: '2025-06-02',
        termijnEnd: '2028-06-02',
      },
    ]);
    expect(toPartnerEvents(note('SS120'), {})).toEqual([
      { eventId: 'inbox-1', occurredOn: '2026-04-02', type: 'SS120', gemeente: 'altena' },
    ]);
  });

  it('SS124 tells the new (non-asiel) target group', () => {
    expect(
      toPartnerEvents(note('SS124'), {
        doelgroep: { indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: 'Gezinsvormer' },
      }),
    ).toEqual([{ eventId: 'inbox-1', occurredOn: '2026-04-02', type: 'SS124', newTargetGroup: 'gezinsmigrant' }]);
    expect(
      targetGroupFromDuo({ indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: 'Overig' }),
    ).toBe('overige_migrant');
    expect(targetGroupFromDuo({ indeling: 'Asielstatushouder' })).toBe('asielstatushouder');
    expect(targetGroupFromDuo(null)).toBeUndefined();
  });

  it('SS199: one event per part of the latest exam date, skipping "Geen" results', () => {
    const events = toPartnerEvents(note('SS199'), {
      examens: [
        { examendatum: '2026-06-01', resultaat: 'Geslaagd', onderdeel: 'KNM' },
        { examendatum: '2026-06-01', resultaat: 'Geen', onderdeel: 'LU', redenGeenResultaat: 'Absent' },
        { examendatum: '2026-01-01', resultaat: 'Gezakt', onderdeel: 'KNM' },
      ],
    });
    expect(events).toEqual([
      { eventId: 'inbox-1:KNM', occurredOn: '2026-06-01', type: 'SS199', part: 'KNM', level: 'B1', passed: true },
    ]);
  });

  it('SS199: a language part without a level is not counted (never guessed as B1)', () => {
    const events = toPartnerEvents(note('SS199'), {
      examens: [
        { examendatum: '2026-06-01', resultaat: 'Geslaagd', onderdeel: 'LE' },
        { examendatum: '2026-06-01', resultaat: 'Geslaagd', onderdeel: 'LU', niveau: 'A2' },
      ],
    });
    expect(events).toEqual([
      { eventId: 'inbox-1:LU', occurredOn: '2026-06-01', type: 'SS199', part: 'LU', level: 'A2', passed: true },
    ]);
  });

  it('has no event for codes the workflow does not know (handled by people)', () => {
    expect(toPartnerEvents(note('SS137'), {})).toEqual([]);
    expect(toPartnerEvents(note('SS117'), {})).toEqual([]);
  });
});
