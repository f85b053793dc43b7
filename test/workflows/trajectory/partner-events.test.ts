/**
 * DUO events that change a running trajectory: doelgroep change (SS124/SS125), a move
 * (SS120/SS121) and a temporary vrijstelling (SS109) with its end (SS130).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import { DEFAULT_POLICY } from '../../../src/domain/types';
import {
  bijstellenPipUpdate,
  recordVoortgangsgesprekUpdate,
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
  type RecordedCalls,
} from '../support/trajectory';
import { searchAttributesOf } from '../../../src/workflows/trajectory/search-attributes';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const FULL_CONSENT = ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const;

const sent = (calls: RecordedCalls, type: string) => calls.outbound.filter((message) => message.type === type);

describe('SS124/SS125 doelgroep change: the offer changes from then on', () => {
  it('SS124 asiel → gezinsmigrant: running ontzorgen ends (statutory, asiel only), no new ontzorgen/MB/leerroute; running MB and leerroute stay for the consulent to review', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: [...FULL_CONSENT] };
    const handle = rules.start(baseInput({ onBijstand: true, existing: { consent } }));
    await throughPip(handle, today);
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(1);
    expect(sent(calls, 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING')).toHaveLength(1);
    expect(sent(calls, 'AANMELDING_LEERROUTE')).toHaveLength(1);

    const day = addDays(today, 10);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS124', occurredOn: day, newTargetGroup: 'gezinsmigrant' });
    expect(tasksOfType(calls, 'DOELGROEP_GEWIJZIGD')).toHaveLength(1);
    const state = await view(handle);
    expect(state.targetGroup).toBe('gezinsmigrant');
    expect(state.offer).toMatchObject({
      ontzorgen: false,
      maatschappelijkeBegeleiding: false,
      leerrouteOffer: false,
      map: true,
      pvt: true,
    });
    // Ontzorgen (art. 56a Participatiewet) needs an asylum permit: it stops at once.
    expect(state.modules.ontzorgen?.status).toBe('BEEINDIGD');
    expect(sent(calls, 'ONTZORGEN_EINDE')).toMatchObject([
      { recipientKind: 'ONTZORGEN', payload: { einde: day, reden: 'DOELGROEP_GEWIJZIGD' } },
    ]);
    // What the gemeente already arranged (MB, the leerroute registration) is not withdrawn by the
    // workflow: the DOELGROEP_GEWIJZIGD task asks the consulent to review the offer and the PIP.
    expect(state.modules.maatschappelijkeBegeleiding?.status).toBe('AANGEMELD');
    expect(state.modules.leerrouteStart).toBe(today);

    // From then on: no ontzorgen check-ins, and a provider's GESTART does not restart it.
    await sendEvent(handle, { type: 'ONTZORGEN_STATUS', occurredOn: day, status: 'GESTART' });
    rules.sleepUntil(addMonths(today, 2));
    expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(0);
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(1);
    expect((await view(handle)).modules.ontzorgen?.status).toBe('BEEINDIGD');
  });

  it('SS124 before the PIP: ontzorgen (running from the bijstand start) ends; the PIP then starts no ontzorgen, MB or leerroute registration (gezinsmigrant offer)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: [...FULL_CONSENT] };
    const handle = rules.start(baseInput({ onBijstand: true, existing: { consent } }));
    expect(sent(calls, 'ONTZORGEN_START')).toMatchObject([{ payload: { start: today } }]);
    await sendEvent(handle, { type: 'SS124', occurredOn: today, newTargetGroup: 'gezinsmigrant' });
    expect((await view(handle)).targetGroup).toBe('gezinsmigrant');
    await throughPip(handle, today);
    expect(calls.outbound.map((message) => message.type).sort()).toEqual([
      'CONTACTPERSOON',
      'ONTZORGEN_EINDE',
      'ONTZORGEN_START',
      'PIP_VASTGESTELD',
      'START_MAP',
      'START_PVT',
    ]);
    expect(sent(calls, 'ONTZORGEN_EINDE')).toMatchObject([{ payload: { reden: 'DOELGROEP_GEWIJZIGD' } }]);
    const state = await view(handle);
    expect(state.modules.ontzorgen?.status).toBe('BEEINDIGD');
    expect(state.modules.maatschappelijkeBegeleiding).toBeUndefined();
  });

  it('SS125 → asielstatushouder: MB, ontzorgen and the leerroute registration start from then on, without re-sending PVT/MAP or moving the voortgangsgesprek cadence', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: [...FULL_CONSENT] };
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: true, existing: { consent } }));
    await throughPip(handle, today);
    // A voortgangsgesprek held on time moves the next one.
    const talk = addDays(addMonths(today, 3), -14);
    rules.sleepUntil(talk);
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: talk, outcome: 'OP_SCHEMA' }] });
    const nextDue = addMonths(talk, 3);
    expect((await view(handle)).deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(nextDue);

    const day = addDays(talk, 30);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS125', occurredOn: day });
    expect(sent(calls, 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING')).toHaveLength(1);
    expect(sent(calls, 'ONTZORGEN_START')).toMatchObject([{ payload: { start: day } }]);
    expect(sent(calls, 'AANMELDING_LEERROUTE')).toMatchObject([{ payload: { leerroute: 'B1', start: today } }]);
    expect(tasksOfType(calls, 'DOELGROEP_GEWIJZIGD')).toHaveLength(1);
    const state = await view(handle);
    expect(state.offer).toMatchObject({ ontzorgen: true, maatschappelijkeBegeleiding: true, leerrouteOffer: true });
    expect(state.modules.leerrouteStart).toBe(today);
    expect(state.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(nextDue);
    // PVT and MAP were already started: not again.
    expect(sent(calls, 'START_PVT')).toHaveLength(1);
    expect(sent(calls, 'START_MAP')).toHaveLength(1);
    // The talk held on time does not come back as an overdue one.
    rules.sleepUntil(addDays(day, 1));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(0);
  });
});

describe('SS121: moving in with a PIP from another gemeente (Wi art. 11)', () => {
  it("the route of that PIP is kept and DUO's termijn runs on: the new gemeente's PIP does not start three new years", async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ gemeente: 'altena', dates: { inschrijving: today } }));
    // The first PIP (elsewhere) dates from a year ago; DUO's register names its termijn.
    const termijn = { termijnStart: '2025-03-03', termijnEnd: '2028-03-03' } as const;
    await sendEvent(handle, {
      type: 'SS121',
      occurredOn: today,
      gemeente: 'altena',
      vestiging: today,
      previousLeerroute: 'Z',
      previousPipDagtekening: '2025-09-01',
      ...termijn,
    });
    expect((await view(handle)).termijn).toEqual({ start: '2025-03-03', end: '2028-03-03', source: 'SS121' });
    await throughIntake(handle, today);
    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_SCHAKELEN_ALLEEN_VIA_BIJSTELLING');
    const result = await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false }],
    });
    expect({ start: result.termijnStart, end: result.termijnEnd }).toEqual({ start: '2025-03-03', end: '2028-03-03' });
    expect((await view(handle)).deadlines.find((deadline) => deadline.kind === 'TERMIJN_EINDE')?.date).toBe(
      '2028-03-03',
    );
  });

  it("without DUO's termijn the previous gemeente's PIP stands in (VORIG_PIP), never the new PIP", async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ gemeente: 'altena', dates: { inschrijving: today } }));
    await sendEvent(handle, {
      type: 'SS121',
      occurredOn: today,
      gemeente: 'altena',
      previousLeerroute: 'B1',
      previousPipDagtekening: '2025-09-01',
    });
    await throughIntake(handle, today);
    const result = await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    expect({ start: result.termijnStart, end: result.termijnEnd }).toEqual({ start: '2025-09-02', end: '2028-09-02' });
    expect((await view(handle)).termijn?.source).toBe('VORIG_PIP');
  });
});

describe('SS120/SS121 move', () => {
  it('a transfer to another served gemeente re-issues the open tasks for the new gemeente and clears the old consulent', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ gemeente: 'oosterhout', consulentId: 'consulent-oosterhout', dates: { inschrijving: today } }),
    );
    await throughIntake(handle, today);
    expect(tasksOfType(calls, 'PIP_OPSTELLEN')).toHaveLength(1);
    const pipTask = tasksOfType(calls, 'PIP_OPSTELLEN')[0]!;
    expect(pipTask).toMatchObject({ gemeente: 'oosterhout', assigneeId: 'consulent-oosterhout' });
    const openBefore = (await view(handle)).openTasks.map((task) => task.key);
    expect(openBefore).toContain(pipTask.key);

    const day = addDays(today, 5);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS120', occurredOn: day, gemeente: 'altena', vestiging: day });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')).toHaveLength(1);
    // The old gemeente keeps the outflow: a monitor record under oosterhout naming both.
    expect(calls.monitor.filter((event) => event.type === 'VERHUISD_UIT')).toMatchObject([
      { gemeente: 'oosterhout', data: { datum: day, vanGemeente: 'oosterhout', naarGemeente: 'altena' } },
    ]);
    const moved = await view(handle);
    expect(moved.gemeente).toBe('altena');
    expect(moved.consulentId).toBeUndefined();
    expect(calls.projections.at(-1)?.view.consulentId).toBeUndefined();

    // Every task that was open is issued again: new gemeente, assignee cleared, same title and due date.
    for (const key of openBefore) {
      const last = calls.tasks.filter((task) => task.key === key).at(-1)!;
      expect(last).toMatchObject({ gemeente: 'altena', reassign: true });
      expect(last.assigneeId).toBeUndefined();
    }
    const reissuedPipTask = calls.tasks.filter((task) => task.key === pipTask.key).at(-1)!;
    expect(reissuedPipTask).toMatchObject({ title: pipTask.title, dueDate: pipTask.dueDate });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')[0]).toMatchObject({ gemeente: 'altena' });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')[0]?.assigneeId).toBeUndefined();
  });

  it('a move within the served gemeenten transfers the trajectory: the new PIP must keep the leerroute (another route refused); the termijn does not move', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ gemeente: 'oosterhout' }));
    await throughPip(handle, today, { leerroute: 'Z', level: 'A1' });
    const termijn = (await view(handle)).termijn;

    const day = addDays(today, 20);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS120', occurredOn: day, gemeente: 'altena', vestiging: day });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')).toHaveLength(1);
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')[0]?.gemeente).toBe('altena');
    const moved = await view(handle);
    expect(moved).toMatchObject({ gemeente: 'altena', requiredLeerroute: 'Z', status: 'ACTIEF' });
    expect(moved.dates.vestiging).toBe(day);

    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: day, leerroute: 'B1', level: 'B1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_SCHAKELEN_ALLEEN_VIA_BIJSTELLING');
    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: addDays(day, -1), leerroute: 'Z', level: 'A1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_DAGTEKENING_VOOR_VESTIGING');
    const reissued = await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: day, leerroute: 'Z', level: 'A1', alfabetisering: false }],
    });
    expect(reissued.pip).toMatchObject({ leerroute: 'Z', dagtekening: day });
    expect({ start: reissued.termijnStart, end: reissued.termijnEnd }).toEqual({
      start: termijn?.start,
      end: termijn?.end,
    });
    const after = await view(handle);
    expect(after.firstPipDagtekening).toBe(today);
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'PIP_VASTGESTELD', details: { heruitgifte: true } });
    // The reissued PIP is reported to DUO (by the new gemeente).
    expect(sent(calls, 'PIP_VASTGESTELD')).toHaveLength(2);
    // Only one new PIP per move.
    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: day, leerroute: 'Z', level: 'A1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_AL_VASTGESTELD');
  });

  it("a transfer switches to the new gemeente's policy: a second bijstelling refused in oosterhout (max 1) is allowed in altena (max 2)", async () => {
    const { calls } = rules;
    const today = rules.today;
    const strict = { ...DEFAULT_POLICY, maxPipBijstellingen: 1 };
    const lenient = { ...DEFAULT_POLICY, maxPipBijstellingen: 2 };
    const handle = rules.start(
      baseInput({ gemeente: 'oosterhout', policy: strict, policies: { oosterhout: strict, altena: lenient } }),
    );
    await throughPip(handle, today);
    const bijstelling = { dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false } as const;
    await handle.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
    const second = { ...bijstelling, level: 'A2' } as const;
    expect(await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [second] }))).toBe(
      'PIP_BIJSTELLING_LIMIET',
    );

    const day = addDays(today, 10);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS120', occurredOn: day, gemeente: 'altena', vestiging: day });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')).toHaveLength(1);
    const result = await handle.executeUpdate(bijstellenPipUpdate, { args: [{ ...second, dagtekening: day }] });
    expect(result.bijstellingen).toBe(2);
  });

  it('a transfer without the served policies (older starters) keeps the current policy', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ gemeente: 'oosterhout' }));
    await throughPip(handle, today);
    const bijstelling = { dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false } as const;
    await handle.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
    await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'altena', vestiging: today });
    expect(tasksOfType(calls, 'VERHUIZING_BEOORDELEN')).toHaveLength(1);
    expect(
      await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [{ ...bijstelling, level: 'A2' }] })),
    ).toBe('PIP_BIJSTELLING_LIMIET');
  });

  it('a move outside the served gemeenten closes the trajectory as VERHUISD', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'breda' });
    expect(await handle.result()).toMatchObject({ closeReason: 'VERHUISD', closedOn: today });
    const state = await view(handle);
    expect(state).toMatchObject({ status: 'AFGESLOTEN', phase: 'AFGEROND', gemeente: 'oosterhout', openTasks: [] });
    expect(calls.monitor.map((event) => event.type)).toContain('TRAJECT_AFGESLOTEN');
  });

  it('SS121 in the own gemeente: the earlier PIP binds the leerroute of the new PIP, which is not a first PIP', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughIntake(handle, today);
    await sendEvent(handle, {
      type: 'SS121',
      occurredOn: today,
      gemeente: 'oosterhout',
      vestiging: today,
      previousLeerroute: 'B1',
    });
    expect((await view(handle)).requiredLeerroute).toBe('B1');
    expect(
      await refusalOf(
        handle.executeUpdate(vaststellenPipUpdate, {
          args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false }],
        }),
      ),
    ).toBe('PIP_SCHAKELEN_ALLEEN_VIA_BIJSTELLING');
    // Not the person's first PIP: A2 in the B1-route is allowed (DUO refuses it only in a first PIP).
    const pip = await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'A2', alfabetisering: false }],
    });
    expect(pip.pip).toMatchObject({ leerroute: 'B1', level: 'A2' });
  });
});

describe('SS109 temporary vrijstelling and SS130', () => {
  it('a suspended trajectory before its PIP shows no running PIP deadline (view and search attribute); SS130 shows it again', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughIntake(handle, today);
    const running = await view(handle);
    expect(running.pipDeadline).toBe(addDays(today, 70));
    expect(searchAttributesOf(handle.state).fingerprint).toContain(addDays(today, 70));

    await sendEvent(handle, { type: 'SS109', occurredOn: today });
    const suspended = await view(handle);
    expect(suspended.status).toBe('GESCHORST');
    expect(suspended.pipDeadline).toBeUndefined();
    // The dossier still lists the date, marked as not running.
    expect(suspended.deadlines.find((deadline) => deadline.kind === 'PIP')).toMatchObject({ paused: true });
    expect(suspended.deadlines.find((deadline) => deadline.kind === 'ONTZORGEN_EINDE')?.paused).toBeUndefined();
    const attributes = searchAttributesOf(handle.state);
    expect(attributes.fingerprint).not.toContain(addDays(today, 70));
    expect(attributes.updates.find((update) => update.key.name === 'PipDeadline')?.value).toBeNull();

    await sendEvent(handle, { type: 'SS130', occurredOn: today, months: 1 });
    const resumed = await view(handle);
    expect(resumed.pipDeadline).toBeDefined();
    expect(resumed.deadlines.some((deadline) => deadline.paused)).toBe(false);
  });

  it('SS109 suspends the plicht (termijn and voortgang timers pause, PLICHT_GESCHORST task); SS130 resumes with the extension and a fresh voortgang cadence', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ onBijstand: false }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;

    const suspended = addDays(today, 30);
    rules.sleepUntil(suspended);
    await sendEvent(handle, { type: 'SS109', occurredOn: suspended });
    expect(tasksOfType(calls, 'PLICHT_GESCHORST')).toHaveLength(1);
    expect(tasksOfType(calls, 'PLICHT_GESCHORST')[0]?.audience).toBe('CONSULENT');
    expect(tasksOfType(calls, 'TRAJECT_CONTROLEREN')).toHaveLength(0);
    expect((await view(handle)).status).toBe('GESCHORST');

    // Six months suspended: no voortgangsgesprek task or escalation, no termijn warnings.
    const resumed = addMonths(suspended, 6);
    rules.sleepUntil(resumed);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(0);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(0);
    expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING')).toHaveLength(0);

    await sendEvent(handle, { type: 'SS130', occurredOn: resumed, months: 6 });
    const state = await view(handle);
    expect(state.status).toBe('ACTIEF');
    expect(state.termijn).toMatchObject({ end: addMonths(end, 6), source: 'SS130' });
    expect(state.timeline.map((entry) => entry.what)).toContain('HERVAT');
    expect(state.openTasks.map((task) => task.type)).not.toContain('PLICHT_GESCHORST');
    // The talks missed while suspended are not overdue: the cadence starts again from the resumption.
    expect(state.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(addMonths(resumed, 3));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(0);
    rules.sleepUntil(addDays(addMonths(resumed, 3), -14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(1);
  });
});
