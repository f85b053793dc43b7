import { describe, expect, it } from 'vitest';
import { checkLeerrouteGestart } from '../../src/domain/leerroute-gestart';

const today = '2026-06-15';
const inRoute = { phase: 'LEERROUTE', pipDagtekening: '2026-05-01' };
const ruleOf = (result: ReturnType<typeof checkLeerrouteGestart>) => (result.ok ? 'OK' : result.rule);

describe('checkLeerrouteGestart', () => {
  it('accepts a start from the PIP’s dagtekening up to today', () => {
    expect(ruleOf(checkLeerrouteGestart(inRoute, '2026-05-01', today))).toBe('OK');
    expect(ruleOf(checkLeerrouteGestart(inRoute, today, today))).toBe('OK');
  });

  it('refuses a start before the PIP, in the future, or not a date', () => {
    expect(ruleOf(checkLeerrouteGestart(inRoute, '2026-04-30', today))).toBe('START_VOOR_PIP');
    expect(ruleOf(checkLeerrouteGestart(inRoute, '2026-06-16', today))).toBe('DATUM_IN_TOEKOMST');
    expect(ruleOf(checkLeerrouteGestart(inRoute, '2026-02-30', today))).toBe('ONGELDIGE_INVOER');
    expect(ruleOf(checkLeerrouteGestart(inRoute, undefined, today))).toBe('ONGELDIGE_INVOER');
  });

  it('only once, and only in phase LEERROUTE', () => {
    expect(ruleOf(checkLeerrouteGestart({ ...inRoute, gestartOn: '2026-05-10' }, '2026-05-12', today))).toBe(
      'DUBBELE_MELDING',
    );
    for (const phase of ['PIP', 'OPSTARTKLAS', 'AFGEROND']) {
      expect(ruleOf(checkLeerrouteGestart({ ...inRoute, phase }, '2026-05-12', today))).toBe('VERKEERDE_FASE');
    }
  });

  it('refuses a start without a PIP', () => {
    expect(ruleOf(checkLeerrouteGestart({ phase: 'LEERROUTE' }, '2026-05-12', today))).toBe('START_VOOR_PIP');
  });
});
