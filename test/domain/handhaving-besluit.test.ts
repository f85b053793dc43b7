import { describe, expect, it } from 'vitest';
import {
  HANDHAVING_BESLUITEN,
  MAX_GEMEENTELIJKE_BOETE_CENT,
  checkHandhavingBesluit,
  type HandhavingContext,
} from '../../src/domain/enforcement';
import { HANDHAVING_SOORTEN } from '../../src/domain/monitor-events';

const migrant: HandhavingContext = { ondertussengroep: false, targetGroup: 'gezinsmigrant', warningsGiven: 1 };
const statushouder: HandhavingContext = { ...migrant, targetGroup: 'asielstatushouder' };

describe('the decision on a handhaving proposal (Wi art. 22–23; Raad van State 2025/2026)', () => {
  it('a warning and afzien are always possible outside the ondertussengroep; afzien even there', () => {
    expect(checkHandhavingBesluit({ besluit: 'WAARSCHUWING' }, { ...migrant, warningsGiven: 0 })).toEqual({ ok: true });
    expect(checkHandhavingBesluit({ besluit: 'AFGEZIEN' }, { ...migrant, ondertussengroep: true })).toEqual({
      ok: true,
    });
    expect(checkHandhavingBesluit({ besluit: 'WAARSCHUWING' }, { ...migrant, ondertussengroep: true })).toMatchObject({
      rule: 'HANDHAVING_ONDERTUSSENGROEP',
    });
  });

  it('a boete is 1 to 80 000 whole cents (€ 800)', () => {
    expect(MAX_GEMEENTELIJKE_BOETE_CENT).toBe(80_000);
    expect(checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 80_000 }, migrant)).toEqual({ ok: true });
    for (const bedragCent of [0, 80_001, 12.5, -100, Number.NaN, undefined]) {
      expect(
        checkHandhavingBesluit({ besluit: 'BOETE', ...(bedragCent !== undefined ? { bedragCent } : {}) }, migrant),
      ).toMatchObject({
        ok: false,
        rule: 'BOETE_BEDRAG',
      });
    }
  });

  it('a boete only after a warning that a person gave', () => {
    expect(
      checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 10_000 }, { ...migrant, warningsGiven: 0 }),
    ).toMatchObject({
      ok: false,
      rule: 'BOETE_ZONDER_WAARSCHUWING',
    });
  });

  it('an asielstatushouder: a boete only with an individual weighing, never as standard practice', () => {
    expect(checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 10_000 }, statushouder)).toMatchObject({
      ok: false,
      rule: 'RVS_2025_ASIELSTATUSHOUDER',
    });
    expect(
      checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 10_000, individueleAfweging: false }, statushouder),
    ).toMatchObject({ rule: 'RVS_2025_ASIELSTATUSHOUDER' });
    expect(
      checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 10_000, individueleAfweging: true }, statushouder),
    ).toEqual({ ok: true });
    // Other groups need no such confirmation.
    expect(checkHandhavingBesluit({ besluit: 'BOETE', bedragCent: 10_000 }, migrant)).toEqual({ ok: true });
  });

  it('the decisions are exactly the kinds the monitor counts', () => {
    expect([...HANDHAVING_BESLUITEN]).toEqual([...HANDHAVING_SOORTEN]);
  });
});
