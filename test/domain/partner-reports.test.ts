import { describe, expect, it } from 'vitest';
import { COMPLETED_MODULES, partnerMayReport } from '../../src/domain/partner-reports';

const DUO_CODES = ['SS101', 'SS199'];

describe('who may report what (framework 4.3, 4.6, 4.7)', () => {
  it('the maatschappelijk begeleider may report the PVT (VWN/Surplus give it, 4.6)', () => {
    expect(
      partnerMayReport(
        'MAATSCHAPPELIJKE_BEGELEIDING',
        { type: 'MODULE_AFGEROND', module: 'PVT_ONDERTEKEND' },
        DUO_CODES,
      ),
    ).toEqual({ ok: true });
    expect(partnerMayReport('MAATSCHAPPELIJKE_BEGELEIDING', { type: 'UREN', kind: 'PVT' }, DUO_CODES)).toEqual({
      ok: true,
    });
  });

  it('the maatschappelijk begeleider may not report lessons or the MAP', () => {
    const lessons = partnerMayReport('MAATSCHAPPELIJKE_BEGELEIDING', { type: 'UREN', kind: 'LES' }, DUO_CODES);
    const map = partnerMayReport(
      'MAATSCHAPPELIJKE_BEGELEIDING',
      { type: 'MODULE_AFGEROND', module: 'MAP_EINDGESPREK' },
      DUO_CODES,
    );
    expect(lessons).toMatchObject({ ok: false, rule: 'SOORT_PARTNER' });
    expect(map).toMatchObject({ ok: false, rule: 'SOORT_PARTNER' });
    expect(!lessons.ok && lessons.reason).toContain('maatschappelijk begeleider');
  });

  it('the werkmakelaar/jobcoach (WERK) reports MAP and participation, not language', () => {
    expect(partnerMayReport('WERK', { type: 'UREN', kind: 'MAP' }, DUO_CODES)).toEqual({ ok: true });
    expect(partnerMayReport('WERK', { type: 'UREN', kind: 'PARTICIPATIE' }, DUO_CODES)).toEqual({ ok: true });
    expect(partnerMayReport('WERK', { type: 'MODULE_AFGEROND', module: 'MAP_EINDGESPREK' }, DUO_CODES)).toEqual({
      ok: true,
    });
    expect(partnerMayReport('WERK', { type: 'UREN', kind: 'TAAL_KNM' }, DUO_CODES)).toMatchObject({ ok: false });
    expect(partnerMayReport('WERK', { type: 'MODULE_AFGEROND', module: 'KNM_MODULE' }, DUO_CODES)).toMatchObject({
      ok: false,
    });
    expect(partnerMayReport('WERK', { type: 'MB_RAPPORTAGE' }, DUO_CODES)).toMatchObject({ ok: false });
    // Status changes of participation activities (src/domain/participatie.ts): WERK and the MB, not the taalaanbieder.
    expect(partnerMayReport('WERK', { type: 'PARTICIPATIE_STATUS' }, DUO_CODES)).toEqual({ ok: true });
    expect(partnerMayReport('MAATSCHAPPELIJKE_BEGELEIDING', { type: 'PARTICIPATIE_STATUS' }, DUO_CODES)).toEqual({
      ok: true,
    });
    expect(partnerMayReport('TAALAANBIEDER', { type: 'PARTICIPATIE_STATUS' }, DUO_CODES)).toMatchObject({
      ok: false,
      rule: 'SOORT_PARTNER',
    });
  });

  it('an exam is no module: no partner can report one, KNM included (exam results only from DUO, SS199)', () => {
    expect(COMPLETED_MODULES).not.toContain('KNM_EXAMEN');
    expect(partnerMayReport('TAALAANBIEDER', { type: 'SS199' }, DUO_CODES)).toMatchObject({ ok: false });
    expect(
      partnerMayReport('TAALAANBIEDER', { type: 'MODULE_AFGEROND', module: 'KNM_EXAMEN' }, DUO_CODES),
    ).toMatchObject({ ok: false });
    expect(partnerMayReport('DUO', { type: 'SS199' }, DUO_CODES)).toEqual({ ok: true });
  });

  it('DUO reports only its own gebeurtenissen; the taalaanbieder its lessons and KNM lessons', () => {
    expect(partnerMayReport('DUO', { type: 'UREN', kind: 'LES' }, DUO_CODES)).toMatchObject({ ok: false });
    expect(partnerMayReport('TAALAANBIEDER', { type: 'UREN', kind: 'LES' }, DUO_CODES)).toEqual({ ok: true });
    expect(partnerMayReport('TAALAANBIEDER', { type: 'MODULE_AFGEROND', module: 'KNM_MODULE' }, DUO_CODES)).toEqual({
      ok: true,
    });
    expect(partnerMayReport('TAALAANBIEDER', { type: 'MB_RAPPORTAGE' }, DUO_CODES)).toMatchObject({ ok: false });
    expect(partnerMayReport('COA', { type: 'UREN', kind: 'LES' }, DUO_CODES)).toMatchObject({ ok: false });
  });
});
