import { describe, expect, it } from 'vitest';
import {
  applyBijstandChange,
  checkBijstandChange,
  initialBijstand,
  isOnBijstand,
  type BijstandFact,
} from '../../src/domain/bijstand';

const lopend: BijstandFact = { status: 'LOPEND', start: '2026-03-01' };

describe('bijstand as a fact that changes (framework 4.4)', () => {
  it('at the start: known on bijstand (with its start), known not, or unknown (e.g. started by DUO)', () => {
    expect(initialBijstand({ onBijstand: true, start: '2026-02-15' })).toEqual({
      status: 'LOPEND',
      start: '2026-02-15',
    });
    expect(initialBijstand({ onBijstand: false })).toEqual({ status: 'GEEN' });
    expect(initialBijstand({ onBijstand: false, onbekend: true })).toEqual({ status: 'ONBEKEND' });
  });

  it('starts from unknown or none; a start while it runs is a duplicate', () => {
    expect(checkBijstandChange({ status: 'ONBEKEND' }, { soort: 'GESTART', datum: '2026-03-01' }).ok).toBe(true);
    expect(checkBijstandChange({ status: 'GEEN' }, { soort: 'GESTART', datum: '2026-03-01' }).ok).toBe(true);
    expect(checkBijstandChange(lopend, { soort: 'GESTART', datum: '2026-04-01' })).toMatchObject({
      ok: false,
      rule: 'DUBBELE_MELDING',
    });
    expect(applyBijstandChange({ status: 'ONBEKEND' }, { soort: 'GESTART', datum: '2026-03-01' })).toEqual(lopend);
  });

  it('ends only while it runs, never before its start; the end keeps start and reason', () => {
    expect(checkBijstandChange(lopend, { soort: 'BEEINDIGD', datum: '2026-02-28', reden: 'WERK' })).toMatchObject({
      ok: false,
      rule: 'EINDE_VOOR_START',
    });
    expect(checkBijstandChange(lopend, { soort: 'BEEINDIGD', datum: '2026-03-01', reden: 'WERK' }).ok).toBe(true);
    expect(
      checkBijstandChange({ status: 'GEEN' }, { soort: 'BEEINDIGD', datum: '2026-03-01', reden: 'WERK' }),
    ).toMatchObject({
      ok: false,
      rule: 'GEEN_BIJSTAND',
    });
    const ended = applyBijstandChange(lopend, { soort: 'BEEINDIGD', datum: '2026-05-10', reden: 'WERK' });
    expect(ended).toEqual({ status: 'BEEINDIGD', start: '2026-03-01', einde: '2026-05-10', reden: 'WERK' });
    expect(isOnBijstand(ended)).toBe(false);
    expect(checkBijstandChange(ended, { soort: 'BEEINDIGD', datum: '2026-05-11', reden: 'ANDERS' })).toMatchObject({
      ok: false,
      rule: 'DUBBELE_MELDING',
    });
  });

  it('a new bijstand after an end starts on or after that end', () => {
    const ended: BijstandFact = { status: 'BEEINDIGD', start: '2026-03-01', einde: '2026-05-10', reden: 'WERK' };
    expect(checkBijstandChange(ended, { soort: 'GESTART', datum: '2026-05-09' })).toMatchObject({
      ok: false,
      rule: 'BIJSTAND_VOLGORDE',
    });
    expect(checkBijstandChange(ended, { soort: 'GESTART', datum: '2026-05-10' }).ok).toBe(true);
  });

  it('"geen bijstand" answers the unknown; not while it runs, not twice', () => {
    expect(checkBijstandChange({ status: 'ONBEKEND' }, { soort: 'GEEN', datum: '2026-03-01' }).ok).toBe(true);
    expect(checkBijstandChange(lopend, { soort: 'GEEN', datum: '2026-03-01' })).toMatchObject({
      ok: false,
      rule: 'BIJSTAND_LOOPT',
    });
    expect(checkBijstandChange({ status: 'GEEN' }, { soort: 'GEEN', datum: '2026-03-01' })).toMatchObject({
      ok: false,
      rule: 'DUBBELE_MELDING',
    });
    expect(applyBijstandChange({ status: 'ONBEKEND' }, { soort: 'GEEN', datum: '2026-03-01' })).toEqual({
      status: 'GEEN',
    });
  });
});
