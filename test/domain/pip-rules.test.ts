import { describe, expect, it } from 'vitest';
import {
  validatePipBijstelling,
  validatePipVaststelling,
  type PipBijstellingInput,
  type PipVaststellingInput,
} from '../../src/domain/pip-rules';
import { DEFAULT_POLICY } from '../../src/domain/types';

function vaststelling(overrides: Partial<PipVaststellingInput> = {}): PipVaststellingInput {
  return {
    dagtekening: '2025-03-01',
    plichtStart: '2025-01-01',
    vestigingDate: '2025-02-01',
    leerroute: 'B1',
    level: 'B1',
    isFirstPip: true,
    targetGroup: 'asielstatushouder',
    ...overrides,
  };
}

function bijstelling(overrides: Partial<PipBijstellingInput> = {}): PipBijstellingInput {
  return {
    current: { dagtekening: '2025-03-01', leerroute: 'B1', level: 'B1' },
    proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'B1' },
    bijstellingenSoFar: 0,
    policy: DEFAULT_POLICY,
    lessonHours: 0,
    targetGroup: 'asielstatushouder',
    plichtStart: '2025-01-01',
    vestigingDate: '2025-02-01',
    ...overrides,
  };
}

describe('PIP vaststelling (DUO registration rules, framework 4.2)', () => {
  it('accepts a B1-route PIP at B1 with a B1 intensity for an asielstatushouder', () => {
    expect(validatePipVaststelling(vaststelling({ b1Intensity: 1200 }))).toEqual({ ok: true });
  });

  it('refuses a dagtekening before the start of the plicht', () => {
    const result = validatePipVaststelling(vaststelling({ dagtekening: '2024-12-31', vestigingDate: undefined }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_DAGTEKENING_VOOR_PLICHTSTART' });
  });

  it('accepts a dagtekening on the day the plicht starts and the person settles', () => {
    const result = validatePipVaststelling(vaststelling({ dagtekening: '2025-02-01', plichtStart: '2025-02-01' }));
    expect(result).toEqual({ ok: true });
  });

  it('refuses a dagtekening before the vestiging in the gemeente', () => {
    const result = validatePipVaststelling(vaststelling({ dagtekening: '2025-01-31' }));
    expect(result).toEqual({
      ok: false,
      rule: 'PIP_DAGTEKENING_VOOR_VESTIGING',
      reason: 'De dagtekening van het PIP (2025-01-31) ligt vóór de vestiging in de gemeente (2025-02-01).',
    });
  });

  it('refuses A2 with the Onderwijsroute', () => {
    const result = validatePipVaststelling(vaststelling({ leerroute: 'ONDERWIJS', level: 'A2' }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_A2_MET_ONDERWIJSROUTE' });
  });

  it('Onderwijsroute needs B1 or higher: A1 refused, B2 accepted', () => {
    expect(validatePipVaststelling(vaststelling({ leerroute: 'ONDERWIJS', level: 'A1' }))).toMatchObject({
      ok: false,
      rule: 'PIP_NIVEAU_PAST_NIET_BIJ_ROUTE',
    });
    expect(validatePipVaststelling(vaststelling({ leerroute: 'ONDERWIJS', level: 'B2' }))).toEqual({ ok: true });
  });

  it('refuses B1 (and B2) with the Z-route', () => {
    expect(validatePipVaststelling(vaststelling({ leerroute: 'Z', level: 'B1' }))).toMatchObject({
      ok: false,
      rule: 'PIP_B1_MET_Z_ROUTE',
    });
    expect(validatePipVaststelling(vaststelling({ leerroute: 'Z', level: 'B2' }))).toMatchObject({
      ok: false,
      rule: 'PIP_B1_MET_Z_ROUTE',
    });
  });

  it('Z-route accepts A0, A1 and A2', () => {
    for (const level of ['A0', 'A1', 'A2'] as const) {
      expect(validatePipVaststelling(vaststelling({ leerroute: 'Z', level }))).toEqual({ ok: true });
    }
  });

  it("refuses A2 in the B1-route in a person's very first PIP", () => {
    const result = validatePipVaststelling(vaststelling({ leerroute: 'B1', level: 'A2', isFirstPip: true }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_A2_IN_EERSTE_B1_PIP' });
  });

  it('accepts A2 in the B1-route in a later PIP (new gemeente after afschalen)', () => {
    const result = validatePipVaststelling(
      vaststelling({ leerroute: 'B1', level: 'A2', isFirstPip: false, previousLeerroute: 'B1' }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('B1-route is at B1: B2 and A1 refused', () => {
    expect(validatePipVaststelling(vaststelling({ level: 'B2' }))).toMatchObject({
      ok: false,
      rule: 'PIP_NIVEAU_PAST_NIET_BIJ_ROUTE',
    });
    expect(validatePipVaststelling(vaststelling({ level: 'A1' }))).toMatchObject({
      ok: false,
      rule: 'PIP_NIVEAU_PAST_NIET_BIJ_ROUTE',
    });
  });

  it('refuses a B1 intensity outside the B1-route', () => {
    const result = validatePipVaststelling(vaststelling({ leerroute: 'Z', level: 'A1', b1Intensity: 800 }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_B1_INTENSITEIT_NIET_TOEGESTAAN' });
  });

  it('refuses a B1 intensity for a gezinsmigrant', () => {
    const result = validatePipVaststelling(vaststelling({ targetGroup: 'gezinsmigrant', b1Intensity: 800 }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_B1_INTENSITEIT_NIET_TOEGESTAAN' });
  });

  it('refuses a B1 intensity that is not a whole number of hours from 1 to 9999', () => {
    expect(validatePipVaststelling(vaststelling({ b1Intensity: 0 }))).toMatchObject({
      ok: false,
      rule: 'PIP_B1_INTENSITEIT_ONGELDIG',
    });
    expect(validatePipVaststelling(vaststelling({ b1Intensity: 10000 }))).toMatchObject({
      ok: false,
      rule: 'PIP_B1_INTENSITEIT_ONGELDIG',
    });
  });

  it('a new PIP after a move keeps the leerroute: schakelen only through a bijstelling', () => {
    const result = validatePipVaststelling(
      vaststelling({ isFirstPip: false, previousLeerroute: 'B1', leerroute: 'Z', level: 'A1' }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_SCHAKELEN_ALLEEN_VIA_BIJSTELLING' });
  });
});

describe('PIP bijstelling (framework 4.2, 4.8)', () => {
  it('allows the first bijstelling under the default policy', () => {
    expect(validatePipBijstelling(bijstelling({ bijstellingenSoFar: 0 }))).toEqual({ ok: true });
  });

  it('refuses a second PIP bijstelling under the default policy', () => {
    // Arrange
    const input = bijstelling({ bijstellingenSoFar: 1 });

    // Act
    const result = validatePipBijstelling(input);

    // Assert
    expect(result).toEqual({
      ok: false,
      rule: 'PIP_BIJSTELLING_LIMIET',
      reason: 'Het PIP is al 1 keer bijgesteld; volgens het beleid van de gemeente mag dat één keer.',
    });
  });

  it('allows a second bijstelling when the gemeente policy allows two', () => {
    const result = validatePipBijstelling(
      bijstelling({ bijstellingenSoFar: 1, policy: { ...DEFAULT_POLICY, maxPipBijstellingen: 2 } }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('refuses a bijstelling dated before the current PIP', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-02-28', leerroute: 'B1', level: 'B1' } }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_DAGTEKENING_VOOR_HUIDIG_PIP' });
  });

  it('refuses a bijstelling dated before the initial PIP', () => {
    const result = validatePipBijstelling(
      bijstelling({
        current: { dagtekening: '2025-03-01', leerroute: 'B1', level: 'B1' },
        proposed: { dagtekening: '2025-03-01', leerroute: 'B1', level: 'B1' },
        initialPipDagtekening: '2025-04-01',
      }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_DAGTEKENING_VOOR_HUIDIG_PIP' });
  });

  it('refuses afschalen after 599 lesson hours', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'A2' }, lessonHours: 599 }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_AFSCHALEN_TE_WEINIG_LESUREN' });
  });

  it('allows afschalen after exactly 600 lesson hours', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'A2' }, lessonHours: 600 }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('refuses afschalen when less than half of the lesson hours were in person', () => {
    const result = validatePipBijstelling(
      bijstelling({
        proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'A2' },
        lessonHours: 600,
        inPersonLessonHours: 299,
      }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_AFSCHALEN_TE_WEINIG_FYSIEKE_LESUREN' });
  });

  it('refuses afschalen outside the B1-route (switching from Onderwijsroute to B1 at A2)', () => {
    const result = validatePipBijstelling(
      bijstelling({
        current: { dagtekening: '2025-03-01', leerroute: 'ONDERWIJS', level: 'B1' },
        proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'A2' },
        lessonHours: 900,
      }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_AFSCHALEN_ALLEEN_IN_B1_ROUTE' });
  });

  it('allows schakelen from the B1-route to the Z-route through a bijstelling', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-09-01', leerroute: 'Z', level: 'A1' } }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('applies the DUO combination rules to the bijstelling: B1 with the Z-route refused', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-09-01', leerroute: 'Z', level: 'B1' } }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_B1_MET_Z_ROUTE' });
  });

  it('applies the DUO combination rules to the bijstelling: A2 with the Onderwijsroute refused', () => {
    const result = validatePipBijstelling(
      bijstelling({ proposed: { dagtekening: '2025-09-01', leerroute: 'ONDERWIJS', level: 'A2' } }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_A2_MET_ONDERWIJSROUTE' });
  });

  it('refuses a B1 intensity in a bijstelling for a gezinsmigrant', () => {
    const result = validatePipBijstelling(
      bijstelling({
        targetGroup: 'gezinsmigrant',
        proposed: { dagtekening: '2025-09-01', leerroute: 'B1', level: 'B1', b1Intensity: 500 },
      }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_B1_INTENSITEIT_NIET_TOEGESTAAN' });
  });
});
