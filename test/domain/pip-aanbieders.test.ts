import { describe, expect, it } from 'vitest';
import {
  checkAanbiederSoorten,
  participatieUitvoerder,
  participatieVan,
  uitvoeringVan,
} from '../../src/domain/pip-aanbieders';
import type { ParticipatieAfspraak, PipAfspraak } from '../../src/domain/pip-plan';

const afspraken: PipAfspraak[] = [
  { onderdeel: 'KNM', start: '2026-04-01', aanbieder: 'Taalhuis' },
  {
    onderdeel: 'PVT',
    start: '2026-04-15',
    aanbieder: 'VluchtelingenWerk',
    aanbiederSoort: 'MAATSCHAPPELIJKE_BEGELEIDING',
  },
  { onderdeel: 'MAP', start: '2026-05-01', aanbieder: 'Werkbedrijf', aanbiederSoort: 'WERK' },
];

describe('who carries out which part of the PIP', () => {
  it('the kind and start come from the agreement; without a kind the default carries it out', () => {
    expect(uitvoeringVan(afspraken, 'KNM')).toEqual({ kind: 'TAALAANBIEDER', start: '2026-04-01' });
    expect(uitvoeringVan(afspraken, 'PVT')).toEqual({ kind: 'MAATSCHAPPELIJKE_BEGELEIDING', start: '2026-04-15' });
    expect(uitvoeringVan(afspraken, 'MAP')).toEqual({ kind: 'WERK', start: '2026-05-01' });
    expect(uitvoeringVan(afspraken, 'ONTZORGEN')).toBeUndefined();
    expect(uitvoeringVan(undefined, 'PVT')).toBeUndefined();
  });

  it('participation goes to WERK when an aanbieder is named, to the named kind, or to nobody', () => {
    const werk: ParticipatieAfspraak = { soort: 'BETAALD_WERK', start: '2026-04-01', aanbieder: 'Uitzendbureau' };
    const mb: ParticipatieAfspraak = {
      soort: 'VRIJWILLIGERSWERK',
      start: '2026-04-01',
      aanbieder: 'Buurthuis',
      aanbiederSoort: 'MAATSCHAPPELIJKE_BEGELEIDING',
    };
    const eigen: ParticipatieAfspraak = { soort: 'BETAALD_WERK', start: '2026-04-01' };
    expect([werk, mb, eigen].map(participatieUitvoerder)).toEqual(['WERK', 'MAATSCHAPPELIJKE_BEGELEIDING', undefined]);
    expect(participatieVan([werk, mb, eigen], 'WERK')).toEqual([werk]);
    expect(participatieVan([werk, mb, eigen], 'MAATSCHAPPELIJKE_BEGELEIDING')).toEqual([mb]);
  });

  it('refuses a kind that cannot carry out the part, naming who can', () => {
    expect(checkAanbiederSoorten(afspraken, [])).toEqual({ ok: true });
    const verdict = checkAanbiederSoorten(
      [{ onderdeel: 'KNM', start: '2026-04-01', aanbieder: 'Werkbedrijf', aanbiederSoort: 'WERK' }],
      [],
    );
    expect(verdict).toMatchObject({ ok: false, rule: 'PIP_AANBIEDER_SOORT_ONGELDIG' });
    expect(verdict.ok ? '' : verdict.reason).toContain('de taalaanbieder');
    expect(
      checkAanbiederSoorten(
        [{ onderdeel: 'PVT', start: '2026-04-01', aanbieder: 'Werkbedrijf', aanbiederSoort: 'WERK' }],
        [],
      ),
    ).toMatchObject({ ok: false, rule: 'PIP_AANBIEDER_SOORT_ONGELDIG' });
  });

  it('refuses a participation agreement with a kind but no aanbieder', () => {
    expect(checkAanbiederSoorten([], [{ soort: 'STAGE', start: '2026-04-01', aanbiederSoort: 'WERK' }])).toMatchObject({
      ok: false,
      rule: 'PIP_AANBIEDER_ONTBREEKT',
    });
  });
});
