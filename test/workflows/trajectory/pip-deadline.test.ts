import { beforeEach, describe, expect, it } from 'vitest';
import { partnerEventSignal } from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, sendEvent, tasksOfType, throughIntake, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('PIP deadline', () => {
  it('fires the warning 2 weeks before and the escalation on the day after the 10-week deadline', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    const deadline = addDays(today, 70);
    expect((await view(handle)).pipDeadline).toBe(deadline);
    expect((await view(handle)).pipClock).toEqual({ date: today, source: 'INSCHRIJVING' });

    rules.sleepUntil(addDays(addDays(deadline, -14), -1));
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(0);
    rules.sleepUntil(addDays(deadline, -14));
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);

    rules.sleepUntil(addDays(addDays(deadline, 1), -1));
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
    rules.sleepUntil(addDays(deadline, 1));
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')[0]?.audience).toBe('TEAMLEIDER');
    expect(calls.monitor.map((event) => event.type)).toEqual(['PIP_TERMIJN_VERSTREKEN']);
    // Exactly once: nothing more arrives once the workflow has processed the day.
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
    expect(calls.monitor.map((event) => event.type)).toEqual(['PIP_TERMIJN_VERSTREKEN']);
  });

  it('SS109 pauses the PIP warning and escalation while the plicht is suspended; after SS130 the overdue PIP escalates', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { inschrijving: today } }));
    await throughIntake(handle, today);
    const deadline = addDays(today, 70);
    const suspended = addDays(today, 7);
    rules.sleepUntil(suspended);
    await sendEvent(handle, { type: 'SS109', occurredOn: suspended });
    expect(tasksOfType(calls, 'PLICHT_GESCHORST')).toHaveLength(1);

    // Past the warning and the deadline while suspended: no PIP warning, no escalation.
    const resumed = addDays(deadline, 10);
    rules.sleepUntil(resumed);
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(0);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
    expect(calls.monitor.map((event) => event.type)).not.toContain('PIP_TERMIJN_VERSTREKEN');

    // The plicht resumes and there is still no PIP (DUO did not restart the clock): it is overdue.
    await sendEvent(handle, { type: 'SS130', occurredOn: resumed });
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
    expect(calls.monitor.map((event) => event.type)).toContain('PIP_TERMIJN_VERSTREKEN');
  });

  it('SS139 restarts the clock: a later SS139 re-arms warning and deadline', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ dates: { ss139: today } }));
    rules.sleepUntil(addDays(today, 56));
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);

    // The person leaves COA: DUO sends SS139 again, the 10 weeks start over.
    const restart = addDays(today, 60);
    rules.sleepUntil(restart);
    await handle.signal(partnerEventSignal, { eventId: 'ss139-2', type: 'SS139', occurredOn: restart });
    expect((await view(handle)).pipDeadline).toBe(addDays(restart, 70));
    expect((await view(handle)).pipClock?.source).toBe('SS139');

    // The old deadline passes without escalation.
    rules.sleepUntil(addDays(today, 72));
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
    // The new warning fires 2 weeks before the new deadline.
    rules.sleepUntil(addDays(restart, 56));
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(2);
    rules.sleepUntil(addDays(restart, 71));
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
    await view(handle);
    expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(2);
    expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
  });
});
