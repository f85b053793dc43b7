import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import { recordVoortgangsgesprekUpdate } from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, tasksOfType, throughPip } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('voortgangsgesprekken', () => {
  it('the task appears two weeks before the talk is due (not earlier), with the due date; the next is planned from the talk held', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    await throughPip(handle, today);
    const due = addMonths(today, 3);

    rules.sleepUntil(addDays(due, -15));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toHaveLength(0);
    rules.sleepUntil(addDays(due, -14));
    expect(tasksOfType(calls, 'VOORTGANGSGESPREK')).toEqual([expect.objectContaining({ dueDate: due })]);

    const held = addDays(due, -3);
    rules.sleepUntil(held);
    const after = await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
      args: [{ date: held, outcome: 'OP_SCHEMA' }],
    });
    expect(after.deadlines.find((deadline) => deadline.kind === 'VOORTGANGSGESPREK')?.date).toBe(addMonths(held, 3));
    expect(after.openTasks.map((task) => task.type)).not.toContain('VOORTGANGSGESPREK');
  });
});
