import { describe, expect, it } from 'vitest';
import { DUO_UREN_MAX, duoUrenTotals } from '../../src/domain/duo-uren';

const hours = { TAAL_KNM: 20.5, PARTICIPATIE: 8.9, MAP: 4, PVT: 12, LES: 10 };

describe('DUO uren totals', () => {
  it('participatietaalles = LES + TAAL_KNM in whole hours; MAP and PVT hours are not a DUO total', () => {
    expect(duoUrenTotals({ hours, targetGroup: 'gezinsmigrant', leerroute: 'B1' })).toEqual({
      PARTICIPATIE_ALS_TAALLES: 30,
    });
  });

  it('participatieactiviteiten only for the Z-route of an asielstatushouder', () => {
    expect(duoUrenTotals({ hours, targetGroup: 'asielstatushouder', leerroute: 'Z' })).toEqual({
      PARTICIPATIE_ALS_TAALLES: 30,
      PARTICIPATIE: 8,
    });
    expect(duoUrenTotals({ hours, targetGroup: 'asielstatushouder', leerroute: 'B1' })).not.toHaveProperty(
      'PARTICIPATIE',
    );
    expect(duoUrenTotals({ hours, targetGroup: 'gezinsmigrant', leerroute: 'Z' })).not.toHaveProperty('PARTICIPATIE');
  });

  it(`never more than DUO takes (${DUO_UREN_MAX})`, () => {
    const many = { ...hours, LES: 20_000 };
    expect(duoUrenTotals({ hours: many, targetGroup: 'gezinsmigrant', leerroute: 'B1' }).PARTICIPATIE_ALS_TAALLES).toBe(
      DUO_UREN_MAX,
    );
  });
});
