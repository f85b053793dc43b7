import { describe, expect, it } from 'vitest';
import {
  amountsFor,
  centsToEuroText,
  committedVoorzieningen,
  DEFAULT_AMOUNTS_CENT,
  prestatieCohortYear,
  prestatieDeelCent,
} from '../../src/domain/money';
import { monitorEventDate, monitorEventProblems } from '../../src/domain/monitor-events';

describe('money (whole cents)', () => {
  it('the framework amounts: parts add up to € 12.713 (asiel) and € 590 (gezin); the framework prints € 12.712 and € 589', () => {
    const sum = (group: keyof typeof DEFAULT_AMOUNTS_CENT) =>
      Object.values(DEFAULT_AMOUNTS_CENT[group]).reduce((t, v) => t + v, 0);
    expect(sum('asielstatushouder')).toBe(1_271_300);
    expect(sum('gezinsmigrant')).toBe(59_000);
  });

  it('which voorzieningen a PIP commits: no MAP in the Onderwijsroute, leerroute and MB only for asiel, nothing for the ondertussengroep', () => {
    expect(
      committedVoorzieningen({ targetGroup: 'asielstatushouder', ondertussengroep: false, leerroute: 'Z' }),
    ).toEqual(['leerroute', 'map', 'maatschappelijkeBegeleiding', 'pvt', 'tolk']);
    expect(
      committedVoorzieningen({ targetGroup: 'asielstatushouder', ondertussengroep: false, leerroute: 'ONDERWIJS' }),
    ).toEqual(['leerroute', 'maatschappelijkeBegeleiding', 'pvt', 'tolk']);
    expect(
      committedVoorzieningen({ targetGroup: 'overige_migrant', ondertussengroep: false, leerroute: 'B1' }),
    ).toEqual(['map', 'pvt', 'tolk']);
    expect(
      committedVoorzieningen({ targetGroup: 'asielstatushouder', ondertussengroep: true, leerroute: 'B1' }),
    ).toEqual([]);
  });

  it('own amounts override the framework per voorziening', () => {
    const amounts = amountsFor({ asielstatushouder: { tolk: 45_000 } });
    expect(amounts.asielstatushouder.tolk).toBe(45_000);
    expect(amounts.asielstatushouder.leerroute).toBe(1_000_000);
    expect(amounts.gezinsmigrant).toEqual(DEFAULT_AMOUNTS_CENT.gezinsmigrant);
  });

  it('prestatiebekostiging: 10 % from 2026, cohort t−2; euro text with decimal comma', () => {
    expect(prestatieCohortYear(2026)).toBe(2024);
    expect(prestatieDeelCent(2025, 1_000_000)).toBe(0);
    expect(prestatieDeelCent(2026, 44_071_400)).toBe(4_407_140);
    expect(prestatieDeelCent(2026, 5)).toBe(1);
    expect(centsToEuroText(1_271_300)).toBe('12713,00');
    expect(centsToEuroText(-5)).toBe('-0,05');
  });
});

describe('MonitorEvent contract', () => {
  it('checks the fields the figures read, and tells the day an event counts on', () => {
    expect(
      monitorEventProblems('HANDHAVING_BESLOTEN', { datum: '2026-08-01', soort: 'BOETE', bedragCent: 25_000 }),
    ).toEqual([]);
    expect(
      monitorEventProblems('HANDHAVING_BESLOTEN', { datum: '2026-08-01', soort: 'BOETE', bedragCent: 250.5 }),
    ).toEqual(['bedragCent: verwacht hele centen (≥ 0)']);
    expect(monitorEventProblems('UITSTROOM', { uitkomst: 'VAKANTIE' })).toEqual([
      'datum: ontbreekt',
      'uitkomst: verwacht een van WERK, OPLEIDING, PARTICIPATIE, GEEN, ONBEKEND',
    ]);
    expect(monitorEventProblems('PIP_TERMIJN_VERSTREKEN', { deadline: '2026-09-09', bron: null })).toEqual([]);
    expect(monitorEventProblems('EIGEN_SOORT', { wat: 1 })).toEqual([]);
    expect(monitorEventDate('PIP_TERMIJN_VERSTREKEN', { deadline: '2026-09-09' })).toBe('2026-09-09');
    expect(monitorEventDate('TRAJECT_AFGESLOTEN', { reden: 'OVERLEDEN', bron: 'DUO' })).toBeUndefined();
  });
});
