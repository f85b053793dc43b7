import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import {
  planOpstartklasUpdate,
  recordConsentUpdate,
  recordVoortgangsgesprekUpdate,
} from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, tasksOfType, throughIntake, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const FULL_CONSENT = ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const;

describe('offer per target group', () => {
  it('gezinsmigrant gets no ontzorgen, maatschappelijke begeleiding or leerroute, but brede intake, PIP, MAP and PVT', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({
        targetGroup: 'gezinsmigrant',
        onBijstand: true,
        existing: { consent: { date: today, scope: [...FULL_CONSENT] } },
      }),
    );
    expect((await view(handle)).phase).toBe('BREDE_INTAKE');
    await throughPip(handle, today);
    expect(calls.outbound.map((message) => message.type).sort()).toEqual([
      'CONTACTPERSOON',
      'PIP_VASTGESTELD',
      'START_MAP',
      'START_PVT',
    ]);
    const state = await view(handle);
    expect(state.offer).toMatchObject({
      ontzorgen: false,
      maatschappelijkeBegeleiding: false,
      leerrouteOffer: false,
      map: true,
      pvt: true,
    });
    expect(state.modules.ontzorgen).toBeUndefined();
    expect(state.modules.maatschappelijkeBegeleiding).toBeUndefined();
  });

  it('ontzorgen only for asielstatushouders on bijstand: monthly check-ins, evaluation and end after 6 months', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: [...FULL_CONSENT] };
    const withoutBijstand = rules.start(baseInput({ onBijstand: false, existing: { consent } }));
    await throughPip(withoutBijstand, today);
    expect((await view(withoutBijstand)).modules.ontzorgen).toBeUndefined();

    const handle = rules.start(baseInput({ onBijstand: true, existing: { consent } }));
    await throughPip(handle, today);
    expect((await view(handle)).modules.ontzorgen).toMatchObject({
      start: today,
      end: addMonths(today, 6),
      status: 'LOPEND',
    });
    expect(calls.outbound.filter((m) => m.type === 'ONTZORGEN_START')).toHaveLength(1);

    rules.sleepUntil(addDays(addMonths(today, 6), -1));
    expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(5);
    await view(handle);
    expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(5);
    expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(0);
    rules.sleepUntil(addMonths(today, 6));
    expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(1);
    expect(calls.outbound.filter((m) => m.type === 'ONTZORGEN_EINDE')).toHaveLength(1);
    expect((await view(handle)).modules.ontzorgen?.status).toBe('BEEINDIGD');
  });

  it('consent gate: no partner message before the machtiging covers that partner; DUO needs none', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    expect(tasksOfType(calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
    expect([...new Set(calls.outbound.map((message) => message.recipientKind))]).toEqual(['DUO']);
    expect((await view(handle)).pendingPartnerMessages.length).toBeGreaterThan(0);

    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
    expect(calls.outbound.some((m) => m.recipientKind === 'TAALAANBIEDER')).toBe(true);
    // Released messages are enqueued AND handed to delivery (the outbox delivery child workflow).
    const released = calls.outbound.filter((m) => m.recipientKind === 'TAALAANBIEDER').map((m) => m.key);
    expect(released.length).toBeGreaterThan(0);
    expect(calls.delivered).toEqual(expect.arrayContaining(released));
    expect(
      calls.outbound.some((m) => m.recipientKind === 'ONTZORGEN' || m.recipientKind === 'MAATSCHAPPELIJKE_BEGELEIDING'),
    ).toBe(false);

    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: [...FULL_CONSENT] }] });
    expect(calls.outbound.some((m) => m.recipientKind === 'ONTZORGEN')).toBe(true);
    expect(calls.outbound.some((m) => m.recipientKind === 'MAATSCHAPPELIJKE_BEGELEIDING')).toBe(true);
    expect(calls.closedTasks.some((task) => task.key.endsWith('/task/machtiging'))).toBe(true);
    const partnerKeys = calls.outbound.filter((m) => m.recipientKind !== 'DUO').map((m) => m.key);
    expect(calls.delivered).toEqual(expect.arrayContaining(partnerKeys));
    // Every message is delivered once (one delivery workflow per key).
    expect(new Set(calls.delivered).size).toBe(calls.delivered.length);
    expect((await view(handle)).pendingPartnerMessages).toEqual([]);
  });

  it('voortgangsgesprekken follow the policy cadence; an undone talk escalates 14 days after its due date', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant' }));
    await throughPip(handle, today);
    const firstDue = addMonths(today, 3);
    expect((await view(handle)).deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(firstDue);
    rules.sleepUntil(addDays(firstDue, -14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(1);
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
      args: [{ date: addDays(firstDue, -14), outcome: 'OP_SCHEMA' }],
    });
    const secondDue = addMonths(addDays(firstDue, -14), 3);
    expect((await view(handle)).deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(secondDue);
    rules.sleepUntil(addDays(secondDue, 14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(1);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')[0]?.audience).toBe('TEAMLEIDER');
  });

  it('voortgangsgesprek cadence goes on after a missed talk: two consecutive missed talks each get a task and an escalation', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant' }));
    await throughPip(handle, today);
    const firstDue = addMonths(today, 3);
    rules.sleepUntil(addDays(firstDue, 14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(1);
    // The next talk is planned one interval after the missed due date.
    const secondDue = addMonths(firstDue, 3);
    const afterFirst = await view(handle);
    expect(afterFirst.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(secondDue);

    rules.sleepUntil(addDays(secondDue, 14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE')).toHaveLength(2);
    await view(handle);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK').map((task) => task.dueDate)).toEqual([firstDue, secondDue]);
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE').map((task) => task.key)).toEqual([
      expect.stringContaining(`voortgang-escalatie:${firstDue}`),
      expect.stringContaining(`voortgang-escalatie:${secondDue}`),
    ]);
    expect(calls.monitor.filter((event) => event.type === 'VOORTGANGSGESPREK_TE_LAAT')).toHaveLength(2);

    // The talk is finally held: its tasks and both escalations close, the cadence restarts from it.
    const held = addDays(secondDue, 14);
    const after = await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
      args: [{ date: held, outcome: 'ACHTERSTAND' }],
    });
    expect(after.openTasks.filter((task) => task.type.startsWith('VOORTGANGSGESPREK'))).toEqual([]);
    expect(after.deadlines.find((d) => d.kind === 'VOORTGANGSGESPREK')?.date).toBe(addMonths(held, 3));
  });

  it('the end of the opstartklas starts the leerroute', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughIntake(handle, today);
    const end = addMonths(today, 2);
    await handle.executeUpdate(planOpstartklasUpdate, { args: [{ start: today, end }] });
    const { vaststellenPipUpdate } = await import('../../../src/workflows/trajectory/messages');
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: true }],
    });
    expect((await view(handle)).phase).toBe('OPSTARTKLAS');
    rules.sleepUntil(end);
    expect((await view(handle)).phase).toBe('LEERROUTE');
    expect(tasksOfType(calls, 'OPSTARTKLAS_AFGELOPEN')).toHaveLength(1);
    expect((await view(handle)).modules.leerrouteStart).toBe(end);
  });

  // Framework 4.5.1: "Alle inburgeraars kunnen deelnemen aan de opstartklas" — also a gezinsmigrant,
  // who gets no leerroute from the gemeente (the validator refused this before: NIET_IN_AANBOD).
  it('a gezinsmigrant may join the opstartklas (4.5.1): accepted, the provider hears, the PIP waits in OPSTARTKLAS', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    await throughIntake(handle, today);
    expect((await view(handle)).offer.leerrouteOffer).toBe(false);
    const end = addMonths(today, 1);
    await handle.executeUpdate(planOpstartklasUpdate, { args: [{ start: today, end }] });
    // Held until the machtiging covers the taalaanbieder (the consent gate), but on its way.
    expect((await view(handle)).pendingPartnerMessages.map((message) => message.type)).toContain(
      'AANMELDING_OPSTARTKLAS',
    );
    const { vaststellenPipUpdate } = await import('../../../src/workflows/trajectory/messages');
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    expect((await view(handle)).phase).toBe('OPSTARTKLAS');
    rules.sleepUntil(end);
    expect((await view(handle)).phase).toBe('LEERROUTE');
  });
});
