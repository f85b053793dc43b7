/**
 * Follow-ups that close the loop (issue 11 §3): a voortgangsgesprek behind or missed, the
 * maatschappelijk begeleider's "aandacht nodig" and verzuim over the gemeente's threshold each
 * open a task for the consulent, due after the gemeente's follow-up days.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  recordVerzuimUpdate,
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
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const openOfType = async (handle: Parameters<typeof view>[0], type: string) =>
  (await view(handle)).openTasks.filter((task) => task.type === type);

describe('follow-up of a voortgangsgesprek', () => {
  it('"niet verschenen" opens a contact task due after the policy days; "op schema" opens none', async () => {
    const handle = rules.start(baseInput({ policy: { ...baseInput().policy, opvolgingDagen: 10 } }));
    await throughPip(handle, rules.today);
    const day = addDays(rules.today, 20);
    rules.sleepUntil(day);

    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: day, outcome: 'OP_SCHEMA' }] });
    expect(tasksOfType(rules.calls, 'VOORTGANG_OPVOLGEN')).toHaveLength(0);

    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: day, outcome: 'NIET_VERSCHENEN' }] });
    const [task] = tasksOfType(rules.calls, 'VOORTGANG_OPVOLGEN');
    expect(task).toMatchObject({ dueDate: addDays(day, 10), audience: 'CONSULENT' });
    expect(task?.title).toContain('neem contact op');
    expect(await openOfType(handle, 'VOORTGANG_OPVOLGEN')).toHaveLength(1);
  });

  it('"achterstand" asks for a follow-up talk; the next talk held closes it', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today);
    const day = addDays(rules.today, 20);
    rules.sleepUntil(day);
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: day, outcome: 'ACHTERSTAND' }] });
    const [task] = tasksOfType(rules.calls, 'VOORTGANG_OPVOLGEN');
    expect(task).toMatchObject({ dueDate: addDays(day, 14) });
    expect(task?.title).toContain('plan een vervolggesprek');

    const next = addDays(day, 7);
    rules.sleepUntil(next);
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: next, outcome: 'OP_SCHEMA' }] });
    expect(await openOfType(handle, 'VOORTGANG_OPVOLGEN')).toHaveLength(0);
    expect(rules.calls.closedTasks.map((closed) => closed.key)).toContain(task?.key);
  });
});

describe('maatschappelijke begeleiding: aandacht nodig', () => {
  it('opens one task (not a second while it is open); other statuses open none', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today);
    await sendEvent(handle, { type: 'MB_RAPPORTAGE', occurredOn: rules.today, status: 'LOPEND' });
    expect(tasksOfType(rules.calls, 'MB_AANDACHT_NODIG')).toHaveLength(0);
    await sendEvent(handle, { type: 'MB_RAPPORTAGE', occurredOn: rules.today, status: 'AANDACHT_NODIG' });
    await sendEvent(handle, { type: 'MB_RAPPORTAGE', occurredOn: rules.today, status: 'AANDACHT_NODIG' });
    expect(tasksOfType(rules.calls, 'MB_AANDACHT_NODIG')).toEqual([
      expect.objectContaining({ dueDate: addDays(rules.today, 14) }),
    ]);
    expect((await view(handle)).modules.maatschappelijkeBegeleiding?.status).toBe('AANDACHT_NODIG');
  });
});

describe('verzuim', () => {
  it('missed hours add up per month; the month reaching the threshold gets one task, another month counts anew', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today); // 2026-03-02
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: '2026-03-02', kind: 'LES', hours: 5 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(0);
    rules.sleepUntil('2026-03-20');
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: '2026-03-20', kind: 'PARTICIPATIE', hours: 3 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toEqual([
      expect.objectContaining({ dueDate: '2026-04-03', title: expect.stringContaining('8 uur gemist in maart 2026') }),
    ]);
    // More in March: no second task.
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: '2026-03-21', kind: 'LES', hours: 4 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);
    // April starts at zero.
    rules.sleepUntil('2026-04-02');
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: '2026-04-02', kind: 'LES', hours: 7.75 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);
  });

  it('the threshold is the gemeente’s (policy verzuimDrempelUren)', async () => {
    const handle = rules.start(baseInput({ policy: { ...baseInput().policy, verzuimDrempelUren: 20 } }));
    await throughPip(handle, rules.today);
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: 19.75 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(0);
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: 0.25 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);
  });

  it('a repeated event id counts once; nonsense hours are ignored', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today);
    await sendEvent(handle, { eventId: 'v-1', type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: 6 });
    await sendEvent(handle, { eventId: 'v-1', type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: 6 });
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: -10 });
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: Number.NaN });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(0);
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: rules.today, kind: 'LES', hours: 2 });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);
  });

  it('recorded by the gemeente: the same rules; a repeat, a wrong phase or bad hours are refused and change nothing', async () => {
    const handle = rules.start(baseInput());
    const today = rules.today;
    await throughIntake(handle, today);
    expect(
      await refusalOf(handle.executeUpdate(recordVerzuimUpdate, { args: [{ date: today, kind: 'LES', hours: 8 }] })),
    ).toBe('VERKEERDE_FASE');
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 4 });
    const after = await handle.executeUpdate(recordVerzuimUpdate, { args: [{ date: today, kind: 'LES', hours: 4 }] });
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'VERZUIM_VASTGELEGD', details: { soort: 'LES', uren: 4 } });
    expect(tasksOfType(rules.calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);

    const version = (await view(handle)).stateVersion;
    for (const [input, rule] of [
      [{ date: today, kind: 'LES', hours: 4 }, 'DUBBELE_MELDING'],
      [{ date: addDays(today, 1), kind: 'LES', hours: 4 }, 'DATUM_IN_TOEKOMST'],
      [{ date: today, kind: 'PVT', hours: 0.1 }, 'ONGELDIGE_INVOER'],
      [{ date: today, kind: 'VERZUIM', hours: 1 }, 'ONGELDIGE_INVOER'],
    ] as const) {
      expect(await refusalOf(handle.executeUpdate(recordVerzuimUpdate, { args: [input as never] }))).toBe(rule);
    }
    expect((await view(handle)).stateVersion).toBe(version);
  });
});
