import { describe, expect, it } from 'vitest';
import { mayJoinOpstartklas, validateOpstartklas } from '../../src/domain/opstartklas';
import { TARGET_GROUPS } from '../../src/domain/types';

describe('the opstartklas (framework 4.5.1)', () => {
  // 4.5.1 "Doelgroep: De opstartklas wordt zo breed mogelijk ingestoken om alle inburgeraars mee te
  // kunnen laten doen." — "Omvang: Alle inburgeraars kunnen deelnemen aan de opstartklas."
  it('every inburgeraar may join, whatever the doelgroep (also gezins- and overige migranten)', () => {
    expect(TARGET_GROUPS.length).toBeGreaterThanOrEqual(3);
    for (const targetGroup of TARGET_GROUPS) {
      expect(mayJoinOpstartklas(targetGroup), targetGroup).toEqual({ ok: true });
      expect(
        validateOpstartklas({ targetGroup, start: '2026-03-02', end: '2026-04-15', today: '2026-03-01' }),
        targetGroup,
      ).toEqual({ ok: true });
    }
  });

  // 4.5.1 "Naar schatting duurt het traject ongeveer 1 á 2 maanden."
  it('lasts one to two months and must still be running', () => {
    const check = (end: string, today = '2026-03-01') =>
      validateOpstartklas({ targetGroup: 'gezinsmigrant', start: '2026-03-02', end, today });
    expect(check('2026-04-02')).toEqual({ ok: true });
    expect(check('2026-05-02')).toEqual({ ok: true });
    expect(check('2026-04-01')).toMatchObject({ ok: false, rule: 'OPSTARTKLAS_DUUR' });
    expect(check('2026-05-03')).toMatchObject({ ok: false, rule: 'OPSTARTKLAS_DUUR' });
    expect(check('2026-04-15', '2026-04-15')).toMatchObject({ ok: false, rule: 'OPSTARTKLAS_DUUR' });
  });
});
