import { beforeEach, describe, expect, it } from 'vitest';
import {
  bijstellenPipUpdate,
  closeTaskUpdate,
  closeTrajectoryUpdate,
  proposeHandhavingUpdate,
  recordHandhavingBesluitUpdate,
  recordKeyDatesUpdate,
  recordOntheffingUpdate,
  vaststellenPipUpdate,
} from '../../../src/workflows/trajectory/messages';
import { addMonths } from '../../../src/domain/dates';
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

describe('decisions', () => {
  it('refuses a second PIP bijstelling under the default policy (a policy of 2 allows it)', async () => {
    const today = rules.today;
    const strict = rules.start(baseInput());
    await throughPip(strict, today);
    const bijstelling = { dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false } as const;
    await strict.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
    expect(
      await refusalOf(strict.executeUpdate(bijstellenPipUpdate, { args: [{ ...bijstelling, level: 'A2' }] })),
    ).toBe('PIP_BIJSTELLING_LIMIET');
    expect((await view(strict)).pipBijstellingen).toBe(1);

    const lenient = rules.start(baseInput({ policy: { ...baseInput().policy, maxPipBijstellingen: 2 } }));
    await throughPip(lenient, today);
    await lenient.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
    await lenient.executeUpdate(bijstellenPipUpdate, { args: [{ ...bijstelling, level: 'A2' }] });
    expect((await view(lenient)).pipBijstellingen).toBe(2);
  });

  it('refuses DUO-illegal PIP combinations and leaves no trace in history', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { vestiging: addDays(today, -5) } }));
    await throughIntake(handle, today);
    const accepted = handle.acceptedUpdates;
    const pip = { dagtekening: today, alfabetisering: false } as const;
    const refusals = [
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'ONDERWIJS', level: 'A2' }] }),
      ),
      await refusalOf(handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'Z', level: 'B1' }] })),
      await refusalOf(handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'B1', level: 'A2' }] })),
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ ...pip, dagtekening: addDays(today, -10), leerroute: 'B1', level: 'B1' }],
        }),
      ),
    ];
    expect(refusals).toEqual([
      'PIP_A2_MET_ONDERWIJSROUTE',
      'PIP_B1_MET_Z_ROUTE',
      'PIP_A2_IN_EERSTE_B1_PIP',
      'PIP_DAGTEKENING_VOOR_VESTIGING',
    ]);
    expect(handle.acceptedUpdates).toBe(accepted);
    const state = await view(handle);
    expect(state.pip).toBeUndefined();
    expect(state.phase).toBe('PIP');
  });

  it('afschalen to A2 only in the B1-route after at least 600 lesson hours', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ policy: { ...baseInput().policy, maxPipBijstellingen: 3 } }));
    await throughPip(handle, today);
    const afschalen = { dagtekening: today, leerroute: 'B1', level: 'A2', alfabetisering: false } as const;
    expect(await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [afschalen] }))).toBe(
      'PIP_AFSCHALEN_TE_WEINIG_LESUREN',
    );
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 600, inPersonHours: 400 });
    const result = await handle.executeUpdate(bijstellenPipUpdate, { args: [afschalen] });
    expect(result.pip.level).toBe('A2');
  });

  it('ondertussengroep never gets a sanction proposal', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ ondertussengroep: true }));
    await throughPip(handle, today);
    expect(
      await refusalOf(
        handle.executeUpdate(proposeHandhavingUpdate, {
          args: [{ date: today, reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' }],
        }),
      ),
    ).toBe('HANDHAVING_ONDERTUSSENGROEP');
    expect((await view(handle)).handhavingVoorstellen).toBe(0);
    expect(calls.tasks.filter((task) => task.type === 'HANDHAVING_BEOORDELEN')).toHaveLength(0);
  });

  it('handhaving only proposes: first a warning, then — once a person gave it — a boete proposal flagged with the Raad van State limit for asielstatushouders', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    const input = { date: today, reason: 'VOORTGANGSGESPREK_NIET_VERSCHENEN' } as const;
    const first = await handle.executeUpdate(proposeHandhavingUpdate, { args: [input] });
    expect(first.proposal.kind).toBe('WAARSCHUWING');
    // The proposed warning is not given: a new proposal waits for the decision on this one.
    expect(await refusalOf(handle.executeUpdate(proposeHandhavingUpdate, { args: [input] }))).toBe(
      'HANDHAVINGSVOORSTEL_OPEN',
    );
    await handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: today, besluit: 'WAARSCHUWING' }] });
    const second = await handle.executeUpdate(proposeHandhavingUpdate, { args: [input] });
    expect(second.proposal.kind).toBe('BOETE_VOORSTEL');
    expect(second.proposal.flags).toContain('RVS_2025_ASIELSTATUSHOUDER');
    expect(second.taskKey).toBeDefined();
    expect((await view(handle)).status).toBe('ACTIEF');
  });

  it('refuses closing as PLICHT_VOLDAAN while the route is incomplete', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    expect(
      await refusalOf(
        handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VOLDAAN' }] }),
      ),
    ).toBe('AFRONDING_ONVOLLEDIG');
  });

  it('ontheffing MED whole: the plicht ends, the trajectory closes as ONTHEFFING (open tasks closed, ontzorgen ended)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ existing: { consent: { date: today, scope: ['ONTZORGEN', 'TAALAANBIEDER'] } } }),
    );
    await throughPip(handle, today);
    await handle.executeUpdate(recordOntheffingUpdate, { args: [{ date: today, ground: 'MED', whole: true }] });
    expect(await handle.result()).toMatchObject({ closeReason: 'ONTHEFFING', closedOn: today });
    const state = await view(handle);
    expect(state).toMatchObject({ status: 'AFGESLOTEN', openTasks: [], ontheffing: { ground: 'MED', whole: true } });
    expect(state.modules.ontzorgen?.status).toBe('BEEINDIGD');
    expect(state.decisions.at(-1)).toMatchObject({ kind: 'AFGESLOTEN', details: { reden: 'ONTHEFFING' } });
    expect(tasksOfType(calls, 'ONTHEFFING_VERWERKEN')).toHaveLength(0);
    // The monitor counts it (handhaving table, "Ontheffingen verleend").
    expect(calls.monitor.filter((event) => event.type === 'ONTHEFFING_VERLEEND')).toEqual([
      expect.objectContaining({ data: { gemeente: 'oosterhout', datum: today, grond: 'MED', geheel: true } }),
    ]);
  });

  it('ontheffing BIO partial: the exempted exam parts count as met, the rest of the route still applies', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    expect(
      await refusalOf(
        handle.executeUpdate(recordOntheffingUpdate, { args: [{ date: today, ground: 'BIO', whole: false }] }),
      ),
    ).toBe('ONGELDIGE_INVOER');
    await handle.executeUpdate(recordOntheffingUpdate, {
      args: [{ date: today, ground: 'BIO', whole: false, parts: ['SC', 'SP'] }],
    });
    expect(tasksOfType(calls, 'ONTHEFFING_VERWERKEN')).toHaveLength(1);
    let state = await view(handle);
    expect(state.status).toBe('ACTIEF');
    expect(state.ontheffing).toEqual({ ground: 'BIO', whole: false, parts: ['SC', 'SP'] });
    const missing = state.completion?.missing.map((item) => item.code) ?? [];
    expect(missing).toEqual(expect.arrayContaining(['EXAMEN_LE', 'EXAMEN_LU', 'KNM']));
    expect(missing).not.toContain('EXAMEN_SC');
    expect(missing).not.toContain('EXAMEN_SP');

    // A second partial ontheffing adds parts (KNM); with LE/LU passed and PVT/MAP done the route is complete.
    await handle.executeUpdate(recordOntheffingUpdate, {
      args: [{ date: today, ground: 'MED', whole: false, parts: ['KNM'] }],
    });
    for (const part of ['LE', 'LU'] as const) {
      await sendEvent(handle, { type: 'SS199', occurredOn: today, part, level: 'B1', passed: true });
    }
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PVT', hours: 12 });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'PVT_ONDERTEKEND' });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'MAP', hours: 40 });
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'MAP_EINDGESPREK' });
    state = await view(handle);
    expect(state.completion).toEqual({ complete: true, missing: [] });
    expect(tasksOfType(calls, 'AFRONDING_BEOORDELEN')).toHaveLength(1);
    expect(state.ontheffing?.parts).toEqual(['SC', 'SP', 'KNM']);
    expect(state.status).toBe('ACTIEF');
  });

  it('recordKeyDates: inschrijving starts the PIP clock unless SS139 came; future dates are refused', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant' }));
    expect((await view(handle)).pipClock).toBeUndefined();
    await throughIntake(handle, today);
    expect(
      await refusalOf(handle.executeUpdate(recordKeyDatesUpdate, { args: [{ inschrijving: addDays(today, 1) }] })),
    ).toBe('DATUM_IN_TOEKOMST');
    expect(await refusalOf(handle.executeUpdate(recordKeyDatesUpdate, { args: [{ vestiging: '2026-02-30' }] }))).toBe(
      'ONGELDIGE_INVOER',
    );

    const inschrijving = addDays(today, -7);
    const recorded = await handle.executeUpdate(recordKeyDatesUpdate, {
      args: [{ inschrijving, vestiging: inschrijving, plichtStart: addDays(today, -30) }],
    });
    expect(recorded.pipClock).toEqual({ date: inschrijving, source: 'INSCHRIJVING' });
    expect(recorded.pipDeadline).toBe(addDays(inschrijving, 70));
    expect(recorded.dates).toMatchObject({ inschrijving, vestiging: inschrijving, plichtStart: addDays(today, -30) });
    expect(recorded.decisions.at(-1)).toMatchObject({ kind: 'SLEUTELDATA' });
    // The PIP task now carries the deadline.
    expect(tasksOfType(calls, 'PIP_OPSTELLEN').at(-1)?.dueDate).toBe(addDays(inschrijving, 70));

    // SS139 wins over inschrijving: a later inschrijving no longer moves the clock.
    await sendEvent(handle, { type: 'SS139', occurredOn: today });
    expect((await view(handle)).pipClock).toEqual({ date: today, source: 'SS139' });
    const later = await handle.executeUpdate(recordKeyDatesUpdate, { args: [{ inschrijving: addDays(today, -1) }] });
    expect(later.pipClock).toEqual({ date: today, source: 'SS139' });
    expect(later.dates.inschrijving).toBe(addDays(today, -1));

    // The recorded vestiging binds the PIP's dagtekening.
    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: addDays(inschrijving, -1), leerroute: 'B1', level: 'B1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_DAGTEKENING_VOOR_VESTIGING');
  });

  it('closeTask closes an open task; an unknown key is refused with TAAK_ONBEKEND and leaves no trace', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    await sendEvent(handle, { type: 'SS124', occurredOn: today, newTargetGroup: 'overige_migrant' });
    expect(tasksOfType(calls, 'DOELGROEP_GEWIJZIGD')).toHaveLength(1);
    const key = tasksOfType(calls, 'DOELGROEP_GEWIJZIGD')[0]!.key;
    expect((await view(handle)).openTasks.map((task) => task.key)).toContain(key);

    const accepted = handle.acceptedUpdates;
    expect(
      await refusalOf(handle.executeUpdate(closeTaskUpdate, { args: [{ taskKey: `${key}-x`, date: today }] })),
    ).toBe('TAAK_ONBEKEND');
    expect(handle.acceptedUpdates).toBe(accepted);

    const after = await handle.executeUpdate(closeTaskUpdate, { args: [{ taskKey: key, date: today }] });
    expect(after.openTasks.map((task) => task.key)).not.toContain(key);
    expect(calls.closedTasks.map((task) => task.key)).toContain(key);
    // Closed once: a second close is refused.
    expect(await refusalOf(handle.executeUpdate(closeTaskUpdate, { args: [{ taskKey: key, date: today }] }))).toBe(
      'TAAK_ONBEKEND',
    );
  });

  it('closeTask on a voortgangsgesprek task counts as the talk held: the cadence moves on, no escalation', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant' }));
    await throughPip(handle, today);
    const due = addMonths(today, 3);
    const day = addDays(due, -14);
    rules.sleepUntil(day);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(1);
    const key = tasksOfType(calls, 'VOORTGANGSGESPREK')[0]!.key;
    const after = await handle.executeUpdate(closeTaskUpdate, { args: [{ taskKey: key, date: day }] });
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'VOORTGANGSGESPREK', date: day });
    expect(after.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(addMonths(day, 3));
    rules.sleepUntil(addDays(due, 15));
    await view(handle);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(0);
  });
});
