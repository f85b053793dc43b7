import { describe, expect, it } from 'vitest';
import { checkConsulentChange, isConsulentId } from '../../src/domain/consulent';

describe('the dedicated consulent (framework 4.2, 5.8)', () => {
  it('a first consulent and a change to another consulent are allowed', () => {
    expect(checkConsulentChange(undefined, 'consulent-1')).toEqual({ ok: true });
    expect(checkConsulentChange('consulent-1', 'consulent-2')).toEqual({ ok: true });
  });

  it('the same consulent again is a duplicate: refused, nothing changes', () => {
    expect(checkConsulentChange('consulent-1', 'consulent-1')).toMatchObject({
      ok: false,
      rule: 'CONSULENT_ONGEWIJZIGD',
    });
  });

  it('a consulent id is one word without whitespace or control characters, at most 200 characters', () => {
    expect(isConsulentId('dev-consulent-altena')).toBe(true);
    expect(isConsulentId('a'.repeat(200))).toBe(true);
    for (const bad of ['', 'twee woorden', 'a\u0000b', 'a'.repeat(201), 7, undefined]) {
      expect(isConsulentId(bad)).toBe(false);
      expect(checkConsulentChange(undefined, bad)).toMatchObject({ ok: false, rule: 'ONGELDIGE_INVOER' });
    }
  });
});
