import { describe, expect, it } from 'vitest';
import {
  checkModuleJudgement,
  emptyCompletionProgress,
  evaluateCompletion,
  isMapComplete,
  isPvtComplete,
  type CompletionProgress,
} from '../../src/domain/completion';

const codes = (result: { missing: Array<{ code: string }> }): string[] => result.missing.map((item) => item.code);

function progress(overrides: Partial<CompletionProgress> = {}): CompletionProgress {
  return { ...emptyCompletionProgress(), ...overrides };
}

const PVT_DONE = { pvtHours: 12, pvtSigned: true };
const MAP_DONE = { mapPracticalHours: 40, mapEindgesprek: true };
const ALL_B1 = { LE: 'B1', LU: 'B1', SC: 'B1', SP: 'B1' } as const;

describe('the gemeente judges PVT and MAP completed (4.5.2–4.5.3)', () => {
  it('a judgement replaces the hours, not the signing or the eindgesprek', () => {
    expect(isPvtComplete({ pvtHours: 3, pvtSigned: true, pvtBeoordeeld: true })).toBe(true);
    expect(isPvtComplete({ pvtHours: 30, pvtSigned: false, pvtBeoordeeld: true })).toBe(false);
    expect(isMapComplete({ mapPracticalHours: 0, mapEindgesprek: true, mapBeoordeeld: true })).toBe(true);
    expect(isMapComplete({ mapPracticalHours: 60, mapEindgesprek: false, mapBeoordeeld: true })).toBe(false);
    const judged = progress({ pvtSigned: true, pvtBeoordeeld: true, mapEindgesprek: true, mapBeoordeeld: true });
    expect(codes(evaluateCompletion('B1', 'gezinsmigrant', judged))).not.toContain('PVT_UREN');
    expect(codes(evaluateCompletion('B1', 'gezinsmigrant', judged))).not.toContain('MAP_UREN');
  });

  it('may judge only after the signing / eindgesprek, once, and no MAP in the Onderwijsroute', () => {
    const none = progress();
    expect(checkModuleJudgement('PVT', 'B1', none)).toMatchObject({ ok: false, rule: 'MODULE_NIET_COMPLEET' });
    expect(checkModuleJudgement('MAP', 'B1', none)).toMatchObject({ ok: false, rule: 'MODULE_NIET_COMPLEET' });
    expect(checkModuleJudgement('PVT', 'B1', progress({ pvtSigned: true }))).toEqual({ ok: true });
    expect(checkModuleJudgement('MAP', 'Z', progress({ mapEindgesprek: true }))).toEqual({ ok: true });
    expect(checkModuleJudgement('MAP', 'ONDERWIJS', progress({ mapEindgesprek: true }))).toMatchObject({
      ok: false,
      rule: 'NIET_IN_ROUTE',
    });
    expect(checkModuleJudgement('PVT', 'B1', progress({ pvtSigned: true, pvtBeoordeeld: true }))).toMatchObject({
      ok: false,
      rule: 'DUBBELE_MELDING',
    });
  });
});

describe('PVT and MAP (framework 4.6, 4.7)', () => {
  it('PVT is complete at exactly 12 hours and signed', () => {
    expect(isPvtComplete({ pvtHours: 12, pvtSigned: true })).toBe(true);
    expect(isPvtComplete({ pvtHours: 11.5, pvtSigned: true })).toBe(false);
    expect(isPvtComplete({ pvtHours: 20, pvtSigned: false })).toBe(false);
  });

  it('MAP is complete at exactly 40 practical hours and the eindgesprek', () => {
    expect(isMapComplete({ mapPracticalHours: 40, mapEindgesprek: true })).toBe(true);
    expect(isMapComplete({ mapPracticalHours: 39, mapEindgesprek: true })).toBe(false);
    expect(isMapComplete({ mapPracticalHours: 60, mapEindgesprek: false })).toBe(false);
  });
});

describe('B1-route (framework 4.5.3)', () => {
  it('B1-route needs all four parts + KNM + PVT + MAP', () => {
    // Arrange
    const done = progress({ examResults: { ...ALL_B1 }, knmPassed: true, ...PVT_DONE, ...MAP_DONE });

    // Act
    const complete = evaluateCompletion('B1', 'asielstatushouder', done);
    const nothing = evaluateCompletion('B1', 'asielstatushouder', progress());

    // Assert
    expect(complete).toEqual({ complete: true, missing: [] });
    expect(nothing.complete).toBe(false);
    expect(codes(nothing)).toEqual([
      'EXAMEN_LE',
      'EXAMEN_LU',
      'EXAMEN_SC',
      'EXAMEN_SP',
      'KNM',
      'PVT_UREN',
      'PVT_ONDERTEKEND',
      'MAP_UREN',
      'MAP_EINDGESPREK',
    ]);
  });

  it('B1-route is not complete without MAP', () => {
    const result = evaluateCompletion(
      'B1',
      'gezinsmigrant',
      progress({ examResults: { ...ALL_B1 }, knmPassed: true, ...PVT_DONE }),
    );
    expect(result.complete).toBe(false);
    expect(codes(result)).toEqual(['MAP_UREN', 'MAP_EINDGESPREK']);
  });

  it('B1-route: an A2 part counts only when it was afgeschaald', () => {
    const base = { examResults: { ...ALL_B1, SP: 'A2' as const }, knmPassed: true, ...PVT_DONE, ...MAP_DONE };

    const withoutAfschalen = evaluateCompletion('B1', 'asielstatushouder', progress(base));
    const afgeschaald = evaluateCompletion('B1', 'asielstatushouder', progress({ ...base, afgeschaaldParts: ['SP'] }));

    expect(withoutAfschalen.missing).toEqual([
      { code: 'EXAMEN_SP', label: 'Examen spreken op niveau B1 (behaald: A2)' },
    ]);
    expect(afgeschaald).toEqual({ complete: true, missing: [] });
  });

  it('a partial ontheffing of an exam part counts that part as met', () => {
    const result = evaluateCompletion(
      'B1',
      'asielstatushouder',
      progress({
        examResults: { LE: 'B1', LU: 'B1', SC: 'B1' },
        ontheffing: { whole: false, parts: ['SP', 'KNM'] },
        ...PVT_DONE,
        ...MAP_DONE,
      }),
    );
    expect(result).toEqual({ complete: true, missing: [] });
  });
});

describe('Onderwijsroute (framework 4.5.2)', () => {
  it('Onderwijsroute completes without MAP', () => {
    // Arrange
    const done = progress({
      examResults: { LE: 'B2', LU: 'B1', SC: 'B1', SP: 'B2' },
      knmPassed: true,
      onderwijsProgrammeDone: true,
      ...PVT_DONE,
    });

    // Act
    const result = evaluateCompletion('ONDERWIJS', 'asielstatushouder', done);

    // Assert
    expect(result).toEqual({ complete: true, missing: [] });
  });

  it('Onderwijsroute needs the rest of the taalschakeltraject and ignores afschalen', () => {
    const result = evaluateCompletion(
      'ONDERWIJS',
      'asielstatushouder',
      progress({
        examResults: { ...ALL_B1, LE: 'A2' },
        afgeschaaldParts: ['LE'],
        knmPassed: true,
        ...PVT_DONE,
      }),
    );
    expect(codes(result)).toEqual(['EXAMEN_LE', 'ONDERWIJS_PROGRAMMA']);
  });
});

describe('Z-route (framework 4.5.4)', () => {
  it('Z-route completes on hours and eindgesprek without exams', () => {
    // Arrange: 800 h taal/KNM; 748 participation + 40 MAP + 12 PVT = 800 h other parts
    const done = progress({
      taalKnmHours: 800,
      participatieHours: 748,
      zRouteEindgesprek: true,
      ...PVT_DONE,
      ...MAP_DONE,
    });

    // Act
    const result = evaluateCompletion('Z', 'asielstatushouder', done);

    // Assert
    expect(result).toEqual({ complete: true, missing: [] });
  });

  it('Z-route is not complete at 799 taal/KNM hours or one hour short on the other parts', () => {
    const result = evaluateCompletion(
      'Z',
      'asielstatushouder',
      progress({ taalKnmHours: 799, participatieHours: 747, zRouteEindgesprek: true, ...PVT_DONE, ...MAP_DONE }),
    );
    expect(codes(result)).toEqual(['TAAL_KNM_UREN', 'PARTICIPATIE_UREN']);
  });

  it('Z-route needs the eindgesprek, PVT and MAP', () => {
    const result = evaluateCompletion(
      'Z',
      'asielstatushouder',
      progress({ taalKnmHours: 800, participatieHours: 800 }),
    );
    expect(codes(result)).toEqual(['Z_EINDGESPREK', 'PVT_UREN', 'PVT_ONDERTEKEND', 'MAP_UREN', 'MAP_EINDGESPREK']);
  });

  it('Z-route participation hours apply to asielstatushouders only', () => {
    const result = evaluateCompletion(
      'Z',
      'gezinsmigrant',
      progress({ taalKnmHours: 800, participatieHours: 0, zRouteEindgesprek: true, ...PVT_DONE, ...MAP_DONE }),
    );
    expect(result).toEqual({ complete: true, missing: [] });
  });

  it('an ontheffing can cap the participation hours', () => {
    const result = evaluateCompletion(
      'Z',
      'asielstatushouder',
      progress({
        taalKnmHours: 800,
        participatieHours: 248,
        zRouteEindgesprek: true,
        ontheffing: { whole: false, parts: [], maxParticipatieHours: 300 },
        ...PVT_DONE,
        ...MAP_DONE,
      }),
    );
    expect(result).toEqual({ complete: true, missing: [] });
  });
});

describe('ontheffing and vrijstelling (LAW.md "Obligation met")', () => {
  it('whole ontheffing ends the obligation with nothing missing', () => {
    expect(evaluateCompletion('B1', 'asielstatushouder', progress({ ontheffing: { whole: true, parts: [] } }))).toEqual(
      {
        complete: true,
        missing: [],
      },
    );
  });

  it('whole vrijstelling replaces the leerroute but PVT and MAP still apply', () => {
    const result = evaluateCompletion('B1', 'gezinsmigrant', progress({ vrijstelling: true }));
    expect(codes(result)).toEqual(['PVT_UREN', 'PVT_ONDERTEKEND', 'MAP_UREN', 'MAP_EINDGESPREK']);
  });

  it('whole vrijstelling in the Onderwijsroute needs only PVT', () => {
    const result = evaluateCompletion('ONDERWIJS', 'asielstatushouder', progress({ vrijstelling: true, ...PVT_DONE }));
    expect(result).toEqual({ complete: true, missing: [] });
  });
});

describe('gezinsmigrant without leerroute offer', () => {
  it('still needs the route of the PIP (own responsibility for the leerroute)', () => {
    const result = evaluateCompletion('B1', 'gezinsmigrant', progress({ ...PVT_DONE, ...MAP_DONE }));
    expect(codes(result)).toEqual(['EXAMEN_LE', 'EXAMEN_LU', 'EXAMEN_SC', 'EXAMEN_SP', 'KNM']);
  });
});
