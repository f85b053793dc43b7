import { describe, expect, it } from 'vitest';
import {
  checkInburgeringsaanbodForDuo,
  checkMapForDuo,
  checkPipForDuo,
  checkPvtForDuo,
  checkUrenForDuo,
  checkZrouteForDuo,
  isTermijnEndWithinTwoMonths,
  toDuoPip,
  type MapPvtDuoContext,
} from '../../src/integrations/duo/rules';

const rule = (result: { ok: boolean; rule?: string }) => (result.ok ? 'OK' : result.rule);

describe('toDuoPip', () => {
  it('maps the domain PIP to DUO codes, niveau and intensity only where DUO accepts them', () => {
    expect(
      toDuoPip({
        dagtekening: '2026-03-01',
        leerroute: 'B1',
        level: 'B1',
        b1Intensity: 600,
        targetGroup: 'asielstatushouder',
      }),
    ).toEqual({
      dagtekeningPip: '2026-03-01',
      leerroute: 'B',
      niveau: 'B1',
      geschatteIntensiteitB1Route: 600,
    });
    expect(
      toDuoPip({
        dagtekening: '2026-03-01',
        leerroute: 'B1',
        level: 'B1',
        b1Intensity: 600,
        targetGroup: 'gezinsmigrant',
      }),
    ).toEqual({
      dagtekeningPip: '2026-03-01',
      leerroute: 'B',
      niveau: 'B1',
    });
    expect(
      toDuoPip({ dagtekening: '2026-03-01', leerroute: 'Z', level: 'A1', targetGroup: 'asielstatushouder' }),
    ).toEqual({
      dagtekeningPip: '2026-03-01',
      leerroute: 'Z',
    });
    expect(
      toDuoPip({ dagtekening: '2026-03-01', leerroute: 'ONDERWIJS', level: 'B2', targetGroup: 'asielstatushouder' })
        .niveau,
    ).toBe('B1');
  });
});

describe('checkPipForDuo (DUO README "Het aanleveren van een PIP")', () => {
  const base = { targetGroup: 'asielstatushouder' as const, isFirstPip: true };

  it('accepts a valid first B1 PIP with intensity for an asielmigrant', () => {
    expect(
      rule(
        checkPipForDuo(
          { dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1', geschatteIntensiteitB1Route: 800 },
          base,
        ),
      ),
    ).toBe('OK');
  });

  it('refuses a dagtekening before the plicht, before vestiging, or before the initial/actuele PIP', () => {
    const pip = { dagtekeningPip: '2026-03-01', leerroute: 'B' as const };
    expect(rule(checkPipForDuo(pip, { ...base, plichtStart: '2026-03-02' }))).toBe('DUO_PIP_DAGTEKENING_VOOR_PLICHT');
    expect(rule(checkPipForDuo(pip, { ...base, vestigingDate: '2026-04-01' }))).toBe(
      'DUO_PIP_DAGTEKENING_VOOR_VESTIGING',
    );
    expect(rule(checkPipForDuo(pip, { ...base, isFirstPip: false, initialPipDagtekening: '2026-03-05' }))).toBe(
      'DUO_PIP_DAGTEKENING_VOOR_INITIEEL',
    );
    expect(rule(checkPipForDuo(pip, { ...base, isFirstPip: false, currentPipDagtekening: '2026-03-02' }))).toBe(
      'DUO_PIP_DAGTEKENING_VOOR_ACTUEEL',
    );
    expect(rule(checkPipForDuo(pip, { ...base, plichtStart: '2026-03-01', vestigingDate: '2026-03-01' }))).toBe('OK');
  });

  it('refuses A2 with the onderwijsroute, B1 with the Z-route, A2 in a first B1-route PIP', () => {
    expect(rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'O', niveau: 'A2' }, base))).toBe(
      'DUO_PIP_A2_ONDERWIJSROUTE',
    );
    expect(rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'Z', niveau: 'B1' }, base))).toBe(
      'DUO_PIP_B1_ZROUTE',
    );
    expect(rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'A2' }, base))).toBe(
      'DUO_PIP_A2_EERSTE_B1',
    );
    expect(
      rule(
        checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'A2' }, { ...base, isFirstPip: false }),
      ),
    ).toBe('OK');
  });

  it('allows the B1 intensity only in the B1-route for asielmigranten, as an integer 1..9999', () => {
    expect(
      rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'O', geschatteIntensiteitB1Route: 10 }, base)),
    ).toBe('DUO_PIP_INTENSITEIT_ALLEEN_B1_ASIEL');
    expect(
      rule(
        checkPipForDuo(
          { dagtekeningPip: '2026-03-01', leerroute: 'B', geschatteIntensiteitB1Route: 10 },
          { ...base, targetGroup: 'gezinsmigrant' },
        ),
      ),
    ).toBe('DUO_PIP_INTENSITEIT_ALLEEN_B1_ASIEL');
    expect(
      rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'B', geschatteIntensiteitB1Route: 0 }, base)),
    ).toBe('DUO_PIP_INTENSITEIT_BEREIK');
    expect(
      rule(checkPipForDuo({ dagtekeningPip: '2026-03-01', leerroute: 'B', geschatteIntensiteitB1Route: 10.5 }, base)),
    ).toBe('DUO_PIP_INTENSITEIT_BEREIK');
  });
});

describe('checkMapForDuo / checkPvtForDuo (DUO README "MAP", "PVT")', () => {
  const context: MapPvtDuoContext = {
    today: '2026-06-01',
    hasActuelePip: true,
    previouslySentByUs: false,
    isChange: false,
    termijnStart: '2023-07-01',
    termijnEnd: '2026-07-01',
  };

  it('accepts a date inside the termijn without Verwijtbaar', () => {
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-05-20' }, context))).toBe('OK');
    expect(rule(checkPvtForDuo({ datumOndertekeningPvt: '2026-05-20' }, context))).toBe('OK');
  });

  it('refuses without an actuele PIP, a change we never sent, or when the plicht is voldaan via the Z-route', () => {
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-05-20' }, { ...context, hasActuelePip: false }))).toBe(
      'DUO_MAP_GEEN_PIP',
    );
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-05-20' }, { ...context, isChange: true }))).toBe(
      'DUO_MAP_WIJZIGING_NIET_EERDER_GELEVERD',
    );
    expect(
      rule(checkPvtForDuo({ datumOndertekeningPvt: '2026-05-20' }, { ...context, plichtVoldaanViaZroute: true })),
    ).toBe('DUO_PVT_PLICHT_VOLDAAN_ZROUTE');
  });

  it('refuses a date before the termijn, after the Z-route completion, or in the future', () => {
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2023-06-30' }, context))).toBe('DUO_MAP_VOOR_TERMIJN');
    expect(
      rule(checkMapForDuo({ datumEindgesprekMap: '2026-05-20' }, { ...context, zrouteAfgerondOp: '2026-05-01' })),
    ).toBe('DUO_MAP_NA_ZROUTE');
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-06-02' }, context))).toBe('DUO_MAP_IN_TOEKOMST');
  });

  it('refuses withdrawing the date once the Z-route completion is registered', () => {
    expect(
      rule(
        checkMapForDuo({}, { ...context, isChange: true, previouslySentByUs: true, zrouteAfgerondOp: '2026-05-01' }),
      ),
    ).toBe('DUO_MAP_INTREKKEN_NA_ZROUTE');
    expect(rule(checkMapForDuo({}, { ...context, isChange: true, previouslySentByUs: true }))).toBe('OK');
  });

  it("refuses 'Verwijtbaar' for a date before the end of the termijn", () => {
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-05-20', verwijtbaar: 'Nee' }, context))).toBe(
      'DUO_MAP_VERWIJTBAAR_VOOR_EINDE',
    );
  });

  it("requires 'Verwijtbaar' on an overschrijding, and allows 'Ja' only then", () => {
    const late = { ...context, today: '2026-08-01' };
    expect(rule(checkPvtForDuo({ datumOndertekeningPvt: '2026-07-15' }, late))).toBe('DUO_PVT_VERWIJTBAAR_VERPLICHT');
    expect(rule(checkPvtForDuo({ datumOndertekeningPvt: '2026-07-15', verwijtbaar: 'Ja' }, late))).toBe('OK');
    expect(rule(checkPvtForDuo({ datumOndertekeningPvt: '2026-07-15', verwijtbaar: 'Nee' }, late))).toBe('OK');
  });

  it("allows 'Nee' only when the termijn end lies within two months", () => {
    const muchLater = { ...context, today: '2026-12-01' };
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-11-20', verwijtbaar: 'Nee' }, muchLater))).toBe(
      'DUO_MAP_VERWIJTBAAR_NEE_BUITEN_VENSTER',
    );
    expect(rule(checkMapForDuo({ datumEindgesprekMap: '2026-11-20', verwijtbaar: 'Ja' }, muchLater))).toBe('OK');
    expect(isTermijnEndWithinTwoMonths('2026-07-01', '2026-05-01')).toBe(true);
    expect(isTermijnEndWithinTwoMonths('2026-07-01', '2026-04-30')).toBe(false);
    expect(isTermijnEndWithinTwoMonths('2026-07-01', '2026-09-01')).toBe(true);
    expect(isTermijnEndWithinTwoMonths('2026-07-01', '2026-09-02')).toBe(false);
  });
});

describe('checkZrouteForDuo', () => {
  const context = { today: '2026-06-01', hasActuelePip: true, leerroute: 'Z' as const, termijnStart: '2024-01-01' };
  it('accepts a past completion date in the Z-route, refuses other routes, future dates and no PIP', () => {
    expect(rule(checkZrouteForDuo({ datumAfrondingZroute: '2026-05-01' }, context))).toBe('OK');
    expect(rule(checkZrouteForDuo({ datumAfrondingZroute: '2026-05-01' }, { ...context, leerroute: 'B1' }))).toBe(
      'DUO_ZROUTE_ANDERE_LEERROUTE',
    );
    expect(rule(checkZrouteForDuo({ datumAfrondingZroute: '2026-07-01' }, context))).toBe('DUO_ZROUTE_IN_TOEKOMST');
    expect(rule(checkZrouteForDuo({ datumAfrondingZroute: '2026-05-01' }, { ...context, hasActuelePip: false }))).toBe(
      'DUO_ZROUTE_GEEN_PIP',
    );
  });
});

describe('checkInburgeringsaanbodForDuo (DUO README "Inburgeringsaanbod")', () => {
  const context = {
    targetGroup: 'asielstatushouder' as const,
    actuelePipDagtekening: '2026-03-01',
    leerroute: 'B1' as const,
    instelling: { instellingsnummer: '12345', indicatieBowKeurmerk: true },
    termijnStart: '2026-03-01',
    termijnEnd: '2029-03-01',
  };
  const aanbod = {
    datumInburgeringsaanbod: '2026-03-10',
    verwachteStartdatumOpleiding: '2026-04-01',
    verwachteEinddatumOpleiding: '2027-04-01',
    indicatorAlfabetiseringsonderwijs: 'NVT' as const,
  };

  it('accepts a valid aanbod for an asielmigrant', () => {
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, context))).toBe('OK');
  });

  it('is only for asielmigranten with a PIP', () => {
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, { ...context, targetGroup: 'gezinsmigrant' }))).toBe(
      'DUO_AANBOD_ALLEEN_ASIEL',
    );
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, { ...context, actuelePipDagtekening: undefined }))).toBe(
      'DUO_AANBOD_GEEN_PIP',
    );
  });

  it('needs a BoW keurmerk, or TST recognition in the onderwijsroute', () => {
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, { ...context, instelling: undefined }))).toBe(
      'DUO_AANBOD_INSTELLING_ONBEKEND',
    );
    const tst = { instellingsnummer: '9', indicatieTstKeurmerk: true };
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, { ...context, instelling: tst }))).toBe(
      'DUO_AANBOD_GEEN_KEURMERK',
    );
    expect(rule(checkInburgeringsaanbodForDuo(aanbod, { ...context, instelling: tst, leerroute: 'ONDERWIJS' }))).toBe(
      'OK',
    );
  });

  it('refuses dates before the PIP, an end before the start, and dates outside the termijn', () => {
    expect(rule(checkInburgeringsaanbodForDuo({ ...aanbod, datumInburgeringsaanbod: '2026-02-01' }, context))).toBe(
      'DUO_AANBOD_VOOR_PIP',
    );
    expect(rule(checkInburgeringsaanbodForDuo({ ...aanbod, verwachteEinddatumOpleiding: '2026-03-20' }, context))).toBe(
      'DUO_AANBOD_EINDE_VOOR_START',
    );
    expect(rule(checkInburgeringsaanbodForDuo({ ...aanbod, verwachteEinddatumOpleiding: '2029-05-01' }, context))).toBe(
      'DUO_AANBOD_BUITEN_TERMIJN',
    );
  });
});

describe('checkUrenForDuo', () => {
  it('accepts whole hours 0..9999', () => {
    expect(rule(checkUrenForDuo(0))).toBe('OK');
    expect(rule(checkUrenForDuo(9999))).toBe('OK');
    expect(rule(checkUrenForDuo(-1))).toBe('DUO_UREN_BEREIK');
    expect(rule(checkUrenForDuo(1.5))).toBe('DUO_UREN_BEREIK');
  });
});
