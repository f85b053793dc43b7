/**
 * Progress recorded by the gemeente itself (issue 11 §2): hours, module results and the
 * gemeente's judgement of PVT and MAP, with the effect of the partner events they stand for.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeTrajectoryUpdate,
  recordModuleBeoordelingUpdate,
  recordModuleResultaatUpdate,
  recordUrenUpdate,
  vaststellenPipUpdate,
} from '../../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  refusalOf,
  sendEvent,
  tasksOfType,
  throughIntake,
  throughPip,
  view,
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('hours recorded by the gemeente', () => {
  it('count like a provider’s UREN; the same kind and period again is refused (DUBBELE_MELDING) and changes nothing', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today, { leerroute: 'Z', level: 'A1' });
    const day = addDays(rules.today, 30);
    rules.sleepUntil(day);
    const les = { kind: 'LES' as const, hours: 12.5, inPersonHours: 10, van: addDays(day, -29), tot: day };
    const after = await handle.executeUpdate(recordUrenUpdate, { args: [les] });
    expect(after.modules.hours.LES).toBe(12.5);
    expect(after.modules.inPersonLessonHours).toBe(10);
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'UREN_VASTGELEGD', date: day });
    await handle.executeUpdate(recordUrenUpdate, {
      args: [{ kind: 'TAAL_KNM', hours: 700, van: addDays(day, -29), tot: day }],
    });
    // A partner's event adds to the same totals.
    await sendEvent(handle, { type: 'UREN', occurredOn: day, kind: 'LES', hours: 2 });
    expect((await view(handle)).modules.hours.LES).toBe(14.5);

    const versionBefore = (await view(handle)).stateVersion;
    expect(await refusalOf(handle.executeUpdate(recordUrenUpdate, { args: [les] }))).toBe('DUBBELE_MELDING');
    expect((await view(handle)).modules.hours.LES).toBe(14.5);
    expect((await view(handle)).stateVersion).toBe(versionBefore);
  });

  it('refuses a wrong phase, a future or reversed period, non-quarter hours and klassikaal beyond LES', async () => {
    const handle = rules.start(baseInput());
    const today = rules.today;
    const uren = { kind: 'PVT' as const, hours: 4, van: today, tot: today };
    // Before the PIP there is no route to record progress on.
    await throughIntake(handle, today);
    expect(await refusalOf(handle.executeUpdate(recordUrenUpdate, { args: [uren] }))).toBe('VERKEERDE_FASE');
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    const refused = (input: object) =>
      refusalOf(handle.executeUpdate(recordUrenUpdate, { args: [{ ...uren, ...input }] }));
    expect(await refused({ tot: addDays(today, 1) })).toBe('DATUM_IN_TOEKOMST');
    expect(await refused({ van: addDays(today, 1), tot: today })).toBe('DATUM_IN_TOEKOMST');
    expect(await refused({ van: today, tot: addDays(today, -1) })).toBe('ONGELDIGE_INVOER');
    expect(await refused({ hours: 0.1 })).toBe('ONGELDIGE_INVOER');
    expect(await refused({ hours: 0 })).toBe('ONGELDIGE_INVOER');
    expect(await refused({ inPersonHours: 2 })).toBe('ONGELDIGE_INVOER');
    expect(await refused({ kind: 'LES', inPersonHours: 5 })).toBe('ONGELDIGE_INVOER');
    expect(await refused({ kind: 'SLAPEN' })).toBe('ONGELDIGE_INVOER');
    expect((await view(handle)).modules.hours.PVT).toBe(0);
  });
});

describe('module results recorded by the gemeente', () => {
  it('PVT signed and MAP eindgesprek go to DUO as a provider’s would; a repeat (also after a partner) is refused', async () => {
    const { calls } = rules;
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today);
    await handle.executeUpdate(recordModuleResultaatUpdate, {
      args: [{ date: rules.today, module: 'PVT_ONDERTEKEND' }],
    });
    expect((await view(handle)).modules.pvtSigned).toBe(true);
    expect(calls.outbound.filter((m) => m.type === 'PVT_ONDERTEKEND' && m.recipientKind === 'DUO')).toHaveLength(1);
    expect(
      await refusalOf(
        handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: rules.today, module: 'PVT_ONDERTEKEND' }] }),
      ),
    ).toBe('DUBBELE_MELDING');

    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: rules.today, module: 'MAP_EINDGESPREK' });
    expect(
      await refusalOf(
        handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: rules.today, module: 'MAP_EINDGESPREK' }] }),
      ),
    ).toBe('DUBBELE_MELDING');
    expect(calls.outbound.filter((m) => m.type === 'MAP_EINDGESPREK')).toHaveLength(1);
  });

  it('KNM lessons are no KNM exam; modules outside the route are refused', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today, { leerroute: 'B1', level: 'B1' });
    await handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: rules.today, module: 'KNM_MODULE' }] });
    expect((await view(handle)).modules.knmPassed).toBe(false);
    const refused = (module: string) =>
      refusalOf(handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: rules.today, module } as never] }));
    expect(await refused('KNM_MODULE')).toBe('DUBBELE_MELDING');
    expect(await refused('KNM_EXAMEN')).toBe('ONGELDIGE_INVOER');
    expect(await refused('Z_EINDGESPREK')).toBe('NIET_IN_ROUTE');
    expect(await refused('ONDERWIJS_PROGRAMMA')).toBe('NIET_IN_ROUTE');
  });

  it('the Z-route eindgesprek recorded by the consulent completes a Z-route; the afronding follows', async () => {
    const { calls } = rules;
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today, { leerroute: 'Z', level: 'A1' });
    // Recorded over six weeks: a period's hours must fit in it (24 a day).
    const from = rules.today;
    const t = addDays(from, 41);
    rules.sleepUntil(t);
    for (const [kind, hours] of [
      ['TAAL_KNM', 800],
      ['PARTICIPATIE', 748],
      ['PVT', 12],
      ['MAP', 40],
    ] as const) {
      await handle.executeUpdate(recordUrenUpdate, { args: [{ kind, hours, van: from, tot: t }] });
    }
    for (const module of ['PVT_ONDERTEKEND', 'MAP_EINDGESPREK', 'Z_EINDGESPREK'] as const) {
      await handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: t, module }] });
    }
    expect((await view(handle)).completion).toEqual({ complete: true, missing: [] });
    expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(1);
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: t, reason: 'PLICHT_VOLDAAN' }] });
    expect(calls.outbound.some((m) => m.type === 'Z_ROUTE_AFGEROND' && m.recipientKind === 'DUO')).toBe(true);
  });
});

describe('the gemeente judges PVT and MAP completed (4.5.2–4.5.3)', () => {
  it('counts the module as met without the hours, but only after the signing / eindgesprek, once', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today, { leerroute: 'B1', level: 'B1' });
    const t = rules.today;
    const judge = (module: 'PVT' | 'MAP') =>
      handle.executeUpdate(recordModuleBeoordelingUpdate, { args: [{ date: t, module }] });
    expect(await refusalOf(judge('PVT'))).toBe('MODULE_NIET_COMPLEET');
    expect(await refusalOf(judge('MAP'))).toBe('MODULE_NIET_COMPLEET');
    await handle.executeUpdate(recordUrenUpdate, { args: [{ kind: 'PVT', hours: 8, van: t, tot: t }] });
    await handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: t, module: 'PVT_ONDERTEKEND' }] });
    await handle.executeUpdate(recordModuleResultaatUpdate, { args: [{ date: t, module: 'MAP_EINDGESPREK' }] });
    let missing = (await view(handle)).completion?.missing.map((item) => item.code) ?? [];
    expect(missing).toContain('PVT_UREN');
    expect(missing).toContain('MAP_UREN');
    await judge('PVT');
    await judge('MAP');
    const state = await view(handle);
    missing = state.completion?.missing.map((item) => item.code) ?? [];
    expect(missing).not.toContain('PVT_UREN');
    expect(missing).not.toContain('MAP_UREN');
    expect(state.modules).toMatchObject({ pvtBeoordeeld: true, mapBeoordeeld: true });
    expect(state.decisions.filter((d) => d.kind === 'MODULE_BEOORDEELD')).toHaveLength(2);
    expect(await refusalOf(judge('PVT'))).toBe('DUBBELE_MELDING');
  });

  it('the Onderwijsroute has no MAP to judge', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today, { leerroute: 'ONDERWIJS', level: 'B1' });
    expect(
      await refusalOf(
        handle.executeUpdate(recordModuleBeoordelingUpdate, { args: [{ date: rules.today, module: 'MAP' }] }),
      ),
    ).toBe('NIET_IN_ROUTE');
  });
});
