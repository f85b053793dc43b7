/**
 * gemeente → DUO messages the workflow enqueues itself: Inburgeringsaanbod (asiel only, when
 * the leerroute really started: LEERROUTE_GESTART or the consulent's decision), Contactpersoon (start with a consulent), Gevolgde uren (monthly
 * totals from provider hours, and at closing) and MAP/PVT verwijtbaarheid (typed completion of
 * VERWIJTBAARHEID_DOORGEVEN, only where DUO accepts it).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import {
  closeTrajectoryUpdate,
  recordLeerrouteGestartUpdate,
  recordVerwijtbaarheidUpdate,
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
  type OutboundRecord,
  type RecordedCalls,
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const toDuo = (calls: RecordedCalls, type: string) =>
  calls.outbound.filter((message) => message.recipientKind === 'DUO' && message.type === type);

/** The total a GEVOLGDE_UREN message reports (it also carries the target group and leerroute). */
const totalOf = ({ payload }: OutboundRecord) => ({ soort: payload.soort, uren: payload.uren });
const verwijtbaarOf = ({ payload }: OutboundRecord) => ({ verwijtbaar: payload.verwijtbaar });

const firstOfNextMonth = (date: string) => addMonths(`${date.slice(0, 7)}-01`, 1);

describe('Inburgeringsaanbod', () => {
  it('asielstatushouder: enqueued for DUO when the provider reports the real start, with that date (not the PIP date)', async () => {
    const { calls } = rules;
    const pipDay = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: pipDay } }));
    await throughPip(handle, pipDay, { leerroute: 'B1', level: 'B1', alfabetisering: false });
    // The aanbod waits for the real start (issue 12 §3), not the PIP's dagtekening.
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(0);

    const gestart = addDays(pipDay, 17);
    rules.sleepUntil(addDays(pipDay, 20));
    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: gestart });
    expect((await view(handle)).modules.leerrouteGestart).toBe(gestart);
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(1);
    const aanbod = toDuo(calls, 'INBURGERINGSAANBOD')[0]!;
    expect(aanbod.payload).toEqual({
      datumInburgeringsaanbod: gestart,
      leerroute: 'B1',
      alfabetisering: false,
      targetGroup: 'asielstatushouder',
    });
    expect(aanbod.payload.datumInburgeringsaanbod).not.toBe(pipDay);
    expect(aanbod.key).toMatch(/\/outbox\/inburgeringsaanbod:/);
    // It goes to DUO without a machtiging (legal chain partner) and is delivered by its child.
    expect(calls.delivered).toContain(aanbod.key);
  });

  it('a start before the PIP, in the future, twice, or before the route is ignored (timeline) and sends nothing', async () => {
    const { calls } = rules;
    const pipDay = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: addDays(pipDay, -30) } }));
    await throughIntake(handle, pipDay);
    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: pipDay });
    expect((await view(handle)).timeline.at(-1)?.what).toBe('LEERROUTE_GESTART:GENEGEERD:VERKEERDE_FASE');
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: pipDay, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: addDays(pipDay, -1) });
    expect((await view(handle)).timeline.at(-1)?.what).toBe('LEERROUTE_GESTART:GENEGEERD:START_VOOR_PIP');
    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: addDays(pipDay, 1) });
    expect((await view(handle)).timeline.at(-1)?.what).toBe('LEERROUTE_GESTART:GENEGEERD:DATUM_IN_TOEKOMST');
    expect((await view(handle)).modules.leerrouteGestart).toBeUndefined();
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(0);

    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: pipDay });
    rules.sleepUntil(addDays(pipDay, 3));
    await sendEvent(handle, { type: 'LEERROUTE_GESTART', occurredOn: addDays(pipDay, 2) });
    const after = await view(handle);
    expect(after.timeline.at(-1)?.what).toBe('LEERROUTE_GESTART:GENEGEERD:DUBBELE_MELDING');
    expect(after.modules.leerrouteGestart).toBe(pipDay);
    expect(toDuo(calls, 'INBURGERINGSAANBOD').map((message) => message.payload.datumInburgeringsaanbod)).toEqual([
      pipDay,
    ]);
  });

  it('recorded by the consulent (provider without a system): same effect; a repeat or bad date is refused', async () => {
    const { calls } = rules;
    const pipDay = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: pipDay } }));
    await throughPip(handle, pipDay, { leerroute: 'Z', level: 'A1', alfabetisering: true });
    const day = addDays(pipDay, 10);
    rules.sleepUntil(day);
    expect(
      await refusalOf(handle.executeUpdate(recordLeerrouteGestartUpdate, { args: [{ start: addDays(pipDay, -1) }] })),
    ).toBe('START_VOOR_PIP');
    expect(
      await refusalOf(handle.executeUpdate(recordLeerrouteGestartUpdate, { args: [{ start: addDays(day, 1) }] })),
    ).toBe('DATUM_IN_TOEKOMST');
    expect(await refusalOf(handle.executeUpdate(recordLeerrouteGestartUpdate, { args: [{ start: 'gisteren' }] }))).toBe(
      'ONGELDIGE_INVOER',
    );
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(0);

    const start = addDays(pipDay, 6);
    const after = await handle.executeUpdate(recordLeerrouteGestartUpdate, { args: [{ start }] });
    expect(after.modules.leerrouteGestart).toBe(start);
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'LEERROUTE_GESTART', date: start });
    expect(toDuo(calls, 'INBURGERINGSAANBOD').map((message) => message.payload)).toEqual([
      { datumInburgeringsaanbod: start, leerroute: 'Z', alfabetisering: true, targetGroup: 'asielstatushouder' },
    ]);

    const versionBefore = after.stateVersion;
    expect(await refusalOf(handle.executeUpdate(recordLeerrouteGestartUpdate, { args: [{ start }] }))).toBe(
      'DUBBELE_MELDING',
    );
    expect((await view(handle)).stateVersion).toBe(versionBefore);
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(1);
  });

  it('gezinsmigrant: no aanbod (the gemeente offers no leerroute, DUO takes it only for asielmigranten)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, dates: { inschrijving: today } }),
    );
    await throughPip(handle, today);
    await view(handle);
    expect(toDuo(calls, 'PIP_VASTGESTELD')).toHaveLength(1);
    expect(toDuo(calls, 'INBURGERINGSAANBOD')).toHaveLength(0);
  });

  it('ondertussengroep (old law): no aanbod to DUO', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ ondertussengroep: true, dates: { inschrijving: today } }));
    await throughPip(handle, today);
    await view(handle);
    expect(calls.outbound.filter((message) => message.recipientKind === 'DUO')).toHaveLength(0);
  });
});

describe('Contactpersoon', () => {
  it('a trajectory started with a consulent reports that consulent (id only) to DUO, once', async () => {
    const { calls } = rules;
    const handle = rules.start(baseInput({ consulentId: 'consulent-7' }));
    expect(toDuo(calls, 'CONTACTPERSOON')).toHaveLength(1);
    expect(toDuo(calls, 'CONTACTPERSOON')[0]!.payload).toEqual({ consulentId: 'consulent-7' });
    await view(handle);
    expect(toDuo(calls, 'CONTACTPERSOON')).toHaveLength(1);
  });

  it('no consulent at start: no Contactpersoon', async () => {
    const { calls } = rules;
    const input = baseInput();
    delete input.consulentId;
    const handle = rules.start(input);
    await view(handle);
    expect(toDuo(calls, 'CONTACTPERSOON')).toHaveLength(0);
  });
});

describe('Gevolgde uren', () => {
  it('reports the totals on the first of the next month, again only when they changed, and at closing', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today, { leerroute: 'Z', level: 'A1', alfabetisering: false });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 20.5 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 10 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PARTICIPATIE', hours: 8 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'MAP', hours: 4 });
    await view(handle);
    expect(toDuo(calls, 'GEVOLGDE_UREN')).toHaveLength(0);

    const firstReport = firstOfNextMonth(today);
    rules.sleepUntil(firstReport);
    expect(toDuo(calls, 'GEVOLGDE_UREN')).toHaveLength(2);
    expect(toDuo(calls, 'GEVOLGDE_UREN').map(totalOf)).toEqual(
      expect.arrayContaining([
        { soort: 'PARTICIPATIE_ALS_TAALLES', uren: 30 },
        { soort: 'PARTICIPATIE', uren: 8 },
      ]),
    );

    // Only MAP hours (not a DUO total): no report next month.
    await sendEvent(handle, { type: 'UREN', occurredOn: firstReport, kind: 'MAP', hours: 10 });
    rules.sleepUntil(addDays(firstOfNextMonth(firstReport), 1));
    await view(handle);
    expect(toDuo(calls, 'GEVOLGDE_UREN')).toHaveLength(2);

    // New language hours: reported at closing (no waiting for the timer).
    const later = rules.today;
    await sendEvent(handle, { type: 'UREN', occurredOn: later, kind: 'LES', hours: 12 });
    await view(handle);
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: later, reason: 'VERHUISD' }] });
    expect(toDuo(calls, 'GEVOLGDE_UREN')).toHaveLength(3);
    expect(totalOf(toDuo(calls, 'GEVOLGDE_UREN')[2]!)).toEqual({ soort: 'PARTICIPATIE_ALS_TAALLES', uren: 42 });
  });

  it('death (SS111): closes, cancels every open task, tells only the ontzorgen provider to stop, nothing to DUO', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] };
    const handle = rules.start(
      baseInput({ dates: { inschrijving: today }, onBijstand: true, existing: { consent } } as Parameters<
        typeof baseInput
      >[0]),
    );
    await throughPip(handle, today, { leerroute: 'Z', level: 'A1', alfabetisering: false });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 12 });
    await view(handle);
    const before = calls.outbound.length;
    const ontzorgenBefore = calls.outbound.filter((m) => m.recipientKind === 'ONTZORGEN').length;
    expect(ontzorgenBefore).toBeGreaterThan(0);

    await sendEvent(handle, { type: 'SS111', occurredOn: today });
    const after = await view(handle);
    expect(after).toMatchObject({ status: 'AFGESLOTEN', closeReason: 'OVERLEDEN' });
    expect(after.openTasks).toEqual([]);
    const sent = calls.outbound.slice(before);
    // Unreported hours would go to DUO at any other closing; after a death nothing goes there.
    expect(sent.filter((m) => m.recipientKind === 'DUO')).toEqual([]);
    expect(sent.map((m) => [m.recipientKind, m.type])).toEqual([['ONTZORGEN', 'ONTZORGEN_EINDE']]);
  });

  it('B1-route of a gezinsmigrant: only the language total, no participatie-uren', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, dates: { inschrijving: today } }),
    );
    await throughPip(handle, today);
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 40 });
    await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'PARTICIPATIE', hours: 40 });
    rules.sleepUntil(firstOfNextMonth(today));
    expect(toDuo(calls, 'GEVOLGDE_UREN')).toHaveLength(1);
    await view(handle);
    expect(toDuo(calls, 'GEVOLGDE_UREN').map(totalOf)).toEqual([{ soort: 'PARTICIPATIE_ALS_TAALLES', uren: 40 }]);
  });
});

describe('Verwijtbaarheid (VERWIJTBAARHEID_DOORGEVEN)', () => {
  it("'Nee' only in the last two months, 'Ja' only after the end; refusals leave no trace", async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;
    const accepted = handle.acceptedUpdates;

    // Before the window: refused.
    expect(
      await refusalOf(
        handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: today, mapVerwijtbaar: false }] }),
      ),
    ).toBe('VERWIJTBAAR_BUITEN_VENSTER');

    const windowStart = addMonths(end, -2);
    rules.sleepUntil(windowStart);
    expect(tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')).toHaveLength(1);
    // 'Ja' before the termijn is overschreden: DUO would refuse it.
    expect(
      await refusalOf(
        handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: windowStart, pvtVerwijtbaar: true }] }),
      ),
    ).toBe('VERWIJTBAAR_BUITEN_VENSTER');
    expect(handle.acceptedUpdates).toBe(accepted);
    expect(toDuo(calls, 'MAP_VERWIJTBAARHEID')).toHaveLength(0);

    // 'Nee' for MAP and PVT inside the window: both enqueued for DUO, the task closes.
    await handle.executeUpdate(recordVerwijtbaarheidUpdate, {
      args: [{ date: windowStart, mapVerwijtbaar: false, pvtVerwijtbaar: false }],
    });
    expect(toDuo(calls, 'MAP_VERWIJTBAARHEID').map(verwijtbaarOf)).toEqual([{ verwijtbaar: 'Nee' }]);
    expect(toDuo(calls, 'PVT_VERWIJTBAARHEID').map(verwijtbaarOf)).toEqual([{ verwijtbaar: 'Nee' }]);
    const task = tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')[0]!;
    expect(calls.closedTasks.map((closed) => closed.key)).toContain(task.key);
    expect((await view(handle)).decisions.at(-1)).toMatchObject({
      kind: 'VERWIJTBAARHEID',
      details: { map: 'Nee', pvt: 'Nee' },
    });

    // After the end the termijn is overschreden: 'Ja' is accepted, 'Nee' no longer.
    rules.sleepUntil(addDays(end, 1));
    const after = addDays(end, 1);
    expect(
      await refusalOf(
        handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: after, mapVerwijtbaar: false }] }),
      ),
    ).toBe('VERWIJTBAAR_BUITEN_VENSTER');
    await handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: after, mapVerwijtbaar: true }] });
    expect(toDuo(calls, 'MAP_VERWIJTBAARHEID').map(verwijtbaarOf)).toEqual([
      { verwijtbaar: 'Nee' },
      { verwijtbaar: 'Ja' },
    ]);
  });

  it('a module already reported as done has no verwijtbaarheid; an empty completion just closes the task', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;
    await sendEvent(handle, { type: 'MODULE_AFGEROND', occurredOn: today, module: 'MAP_EINDGESPREK' });
    const windowStart = addMonths(end, -2);
    rules.sleepUntil(windowStart);
    expect(tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')).toHaveLength(1);
    expect(
      await refusalOf(
        handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: windowStart, mapVerwijtbaar: false }] }),
      ),
    ).toBe('VERWIJTBAAR_NIET_VAN_TOEPASSING');

    await handle.executeUpdate(recordVerwijtbaarheidUpdate, { args: [{ date: windowStart }] });
    const task = tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')[0]!;
    expect(calls.closedTasks.map((closed) => closed.key)).toContain(task.key);
    await view(handle);
    expect(toDuo(calls, 'MAP_VERWIJTBAARHEID')).toHaveLength(0);
    expect(toDuo(calls, 'PVT_VERWIJTBAARHEID')).toHaveLength(0);
  });
});
