import { beforeEach, describe, expect, it } from 'vitest';
import { closeTrajectoryUpdate } from '../../../src/workflows/trajectory/messages';
import { baseInput, sendEvent, tasksOfType, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('completion per leerroute', () => {
  it('B1-route needs all four exam parts at B1 + KNM + PVT + MAP', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    for (const part of ['LE', 'LU', 'SC'] as const) {
      await sendEvent(handle, { type: 'SS199', occurredOn: today, part, level: 'B1', passed: true });
    }
    await sendEvent(handle, { type: 'SS199', occurredOn: today, part: 'SP', level: 'A2', passed: true });
    await sendEvent(handle, { type: 'SS199', occurredOn: today, part: 'KNM', level: 'A2', passed: true });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PVT', hours: 12 });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'PVT_ONDERTEKEND' });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'MAP', hours: 40 });
    expect((await view(handle)).completion?.missing.map((item) => item.code)).toEqual(['EXAMEN_SP', 'MAP_EINDGESPREK']);
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'MAP_EINDGESPREK' });
    expect((await view(handle)).completion?.missing.map((item) => item.code)).toEqual(['EXAMEN_SP']);
    expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(0);
    await sendEvent(handle, { type: 'SS199', occurredOn: today, part: 'SP', level: 'B1', passed: true });
    expect((await view(handle)).completion?.complete).toBe(true);
    expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(1);
    // A person confirms the afronding.
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VOLDAAN' }] });
    expect(await handle.result()).toMatchObject({ closeReason: 'PLICHT_VOLDAAN' });
  });

  it("a provider's KNM_MODULE (the KNM lessons) never counts as the KNM exam: only DUO's SS199 does", async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'KNM_MODULE' });
    let state = await view(handle);
    expect(state.modules.knmPassed).toBe(false);
    expect(state.completion?.missing.map((item) => item.code)).toContain('KNM');
    expect(state.timeline.some((entry) => entry.what === 'MODULE_AFGEROND')).toBe(true);
    await sendEvent(handle, { type: 'SS199', occurredOn: today, part: 'KNM', level: 'A2', passed: true });
    state = await view(handle);
    expect(state.modules.knmPassed).toBe(true);
    expect(state.completion?.missing.map((item) => item.code)).not.toContain('KNM');
  });

  it('Onderwijsroute completes without MAP', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { leerroute: 'ONDERWIJS', level: 'B1' });
    for (const part of ['LE', 'LU', 'SC', 'SP', 'KNM'] as const) {
      await sendEvent(handle, { type: 'SS199', occurredOn: today, part, level: 'B1', passed: true });
    }
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'ONDERWIJS_PROGRAMMA' });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PVT', hours: 12 });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'PVT_ONDERTEKEND' });
    const state = await view(handle);
    expect(state.completion).toEqual({ complete: true, missing: [] });
    expect(state.modules.mapEindgesprek).toBe(false);
    expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(1);
    expect(calls.outbound.some((message) => message.type === 'START_MAP')).toBe(false);
  });

  it('Z-route completes on hours + eindgesprek (with PVT and MAP) without any exam', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { leerroute: 'Z', level: 'A1', alfabetisering: true });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 800 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PARTICIPATIE', hours: 748 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PVT', hours: 12 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'MAP', hours: 40 });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'PVT_ONDERTEKEND' });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'MAP_EINDGESPREK' });
    expect((await view(handle)).completion?.missing.map((item) => item.code)).toEqual(['Z_EINDGESPREK']);
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'Z_EINDGESPREK' });
    const state = await view(handle);
    expect(state.completion?.complete).toBe(true);
    expect(state.modules.examResults).toEqual({});
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VOLDAAN' }] });
    expect(
      calls.outbound.some((message) => message.type === 'Z_ROUTE_AFGEROND' && message.recipientKind === 'DUO'),
    ).toBe(true);
  });

  it('DUO SS106 (diploma) closes the trajectory automatically', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    await sendEvent(handle, { type: 'SS106', occurredOn: today });
    expect(await handle.result()).toEqual({
      trajectoryId: expect.any(String),
      closeReason: 'PLICHT_VOLDAAN',
      closedOn: today,
    });
    expect((await view(handle)).phase).toBe('AFGEROND');
  });
});
