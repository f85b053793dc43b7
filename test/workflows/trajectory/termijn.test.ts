import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import { bijstellenPipUpdate, recordVerwijtbaarheidUpdate } from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, sendEvent, tasksOfType, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('inburgeringstermijn', () => {
  it('starts the day after the first PIP dagtekening and does not move on a bijstelling', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const first = await view(handle);
    expect(first.termijn).toEqual({
      start: addDays(today, 1),
      end: addMonths(addDays(today, 1), 36),
      source: 'EERSTE_PIP',
    });

    const later = addDays(today, 100);
    rules.sleepUntil(later);
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: later, leerroute: 'Z', level: 'A1', alfabetisering: true }],
    });
    const after = await view(handle);
    expect(after.pip?.leerroute).toBe('Z');
    expect(after.pipBijstellingen).toBe(1);
    expect(after.termijn).toEqual(first.termijn);
    expect(after.firstPipDagtekening).toBe(today);
  });

  it('a DUO extension (SS103) moves the end and re-arms the warnings (6 and 2 months, verwijtbaar window)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;

    rules.sleepUntil(addMonths(end, -6));
    expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING')).toHaveLength(1);

    // DUO extends by 6 months before the 2-month warning: the old warning day passes silently.
    await sendEvent(handle, { type: 'SS103', occurredOn: addMonths(end, -6), months: 6 });
    const newEnd = addMonths(end, 6);
    expect((await view(handle)).termijn).toMatchObject({ end: newEnd, source: 'SS103' });
    rules.sleepUntil(addDays(addMonths(end, -2), 1));
    await view(handle);
    expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING')).toHaveLength(1);
    expect(tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')).toHaveLength(0);

    // New 6-month warning (= old end) and the 2-month warning with the verwijtbaar window.
    rules.sleepUntil(addMonths(newEnd, -6));
    expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING')).toHaveLength(2);
    rules.sleepUntil(addMonths(newEnd, -2));
    expect(tasksOfType(calls, 'TERMIJN_WAARSCHUWING')).toHaveLength(3);
    expect(tasksOfType(calls, 'VERWIJTBAARHEID_DOORGEVEN')).toHaveLength(1);
    rules.sleepUntil(newEnd);
    expect(calls.monitor.map((event) => event.type)).toContain('TERMIJN_VERSTREKEN');
  });

  it('the termijn ends without the obligation met: a TERMIJN_VERSTREKEN_BEOORDELEN task (not only a monitor record); verwijtbaarheid after the end closes it', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;
    rules.sleepUntil(addDays(end, -1));
    expect(tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')).toHaveLength(0);
    rules.sleepUntil(end);
    expect(calls.monitor.map((event) => event.type)).toContain('TERMIJN_VERSTREKEN');
    expect(tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')).toEqual([
      expect.objectContaining({ dueDate: addDays(end, 14), audience: 'CONSULENT' }),
    ]);
    const task = tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')[0]!;
    const after = await handle.executeUpdate(recordVerwijtbaarheidUpdate, {
      args: [{ date: end, mapVerwijtbaar: true, pvtVerwijtbaar: true }],
    });
    expect(after.openTasks.map((open) => open.type)).not.toContain('TERMIJN_VERSTREKEN_BEOORDELEN');
    expect(calls.closedTasks.map((closed) => closed.key)).toContain(task.key);
  });

  it('a closed trajectory (obligation met) gets no task at the end of its former termijn', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughPip(handle, today);
    const end = (await view(handle)).termijn!.end;
    await sendEvent(handle, { type: 'SS106', occurredOn: today });
    rules.sleepUntil(addDays(end, 1));
    expect(tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')).toHaveLength(0);
  });
});
