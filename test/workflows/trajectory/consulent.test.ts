/**
 * The dedicated consulent (framework 4.2, 5.8): assigning or changing the consulent is a
 * decision; the open consulent tasks follow; DUO gets the Contactpersoon on every change (also
 * after a transfer between gemeenten); a trajectory without a consulent (started by DUO) asks
 * the gemeente's team to assign one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  assignConsulentUpdate,
  closeTrajectoryUpdate,
  recordConsentUpdate,
} from '../../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  refusalOf,
  sendEvent,
  tasksOfType,
  throughIntake,
  view,
  type RecordedCalls,
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const contactpersonen = (calls: RecordedCalls) =>
  calls.outbound.filter((message) => message.recipientKind === 'DUO' && message.type === 'CONTACTPERSOON');

describe('assigning the consulent', () => {
  it('a change of consulent: the decision is recorded, the open tasks follow and DUO gets the new Contactpersoon', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ consulentId: 'consulent-1', dates: { inschrijving: today } }));
    await throughIntake(handle, today);
    expect(contactpersonen(calls)).toHaveLength(1);

    const after = await handle.executeUpdate(assignConsulentUpdate, {
      args: [{ date: today, consulentId: 'consulent-2' }],
    });
    expect(after.consulentId).toBe('consulent-2');
    expect(after.decisions.at(-1)).toEqual({
      kind: 'CONSULENT_TOEGEWEZEN',
      date: today,
      details: { consulentId: 'consulent-2', vorige: 'consulent-1' },
    });
    expect(calls.reassignments).toEqual([
      { trajectoryId: handle.state.trajectoryId, from: 'consulent-1', to: 'consulent-2' },
    ]);
    expect(contactpersonen(calls).map((message) => message.payload)).toEqual([
      { consulentId: 'consulent-1' },
      { consulentId: 'consulent-2' },
    ]);
    // New tasks go to the new consulent.
    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
    rules.sleepUntil(addDays(today, 60));
    const later = calls.tasks.filter((task) => task.audience === 'CONSULENT').at(-1);
    expect(later?.assigneeId).toBe('consulent-2');
  });

  it('back to an earlier consulent is a change too: DUO gets that Contactpersoon again (one outbox key per change)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ consulentId: 'consulent-1' }));
    await handle.executeUpdate(assignConsulentUpdate, { args: [{ date: today, consulentId: 'consulent-2' }] });
    await handle.executeUpdate(assignConsulentUpdate, { args: [{ date: today, consulentId: 'consulent-1' }] });
    const sent = contactpersonen(calls);
    expect(sent.map((message) => message.payload.consulentId)).toEqual(['consulent-1', 'consulent-2', 'consulent-1']);
    expect(new Set(sent.map((message) => message.key)).size).toBe(3);
  });

  it('refuses the same consulent again, an empty id, a date in the future and a closed trajectory — without a trace', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ consulentId: 'consulent-1' }));
    const accepted = handle.acceptedUpdates;
    const assign = (consulentId: string, date = today) =>
      refusalOf(handle.executeUpdate(assignConsulentUpdate, { args: [{ date, consulentId }] }));
    expect(await assign('consulent-1')).toBe('CONSULENT_ONGEWIJZIGD');
    expect(await assign('')).toBe('ONGELDIGE_INVOER');
    expect(await assign('consulent-2', addDays(today, 1))).toBe('DATUM_IN_TOEKOMST');
    expect(handle.acceptedUpdates).toBe(accepted);
    expect((await view(handle)).consulentId).toBe('consulent-1');

    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'VERHUISD' }] });
    expect(await assign('consulent-2')).toBe('TRAJECT_AFGESLOTEN');
  });
});

describe('a trajectory without a consulent', () => {
  it('started without one (e.g. by DUO): the team gets "wijs een consulent toe" (unassigned); the assignment closes it and reports the Contactpersoon', async () => {
    const { calls } = rules;
    const today = rules.today;
    const input = baseInput();
    delete input.consulentId;
    const handle = rules.start(input);
    const [task] = tasksOfType(calls, 'CONSULENT_TOEWIJZEN');
    expect(task).toMatchObject({ audience: 'CONSULENT', title: expect.stringMatching(/^Wijs een consulent toe/) });
    expect(task?.assigneeId).toBeUndefined();
    expect(contactpersonen(calls)).toHaveLength(0);

    await handle.executeUpdate(assignConsulentUpdate, { args: [{ date: today, consulentId: 'consulent-3' }] });
    expect(calls.closedTasks.map((closed) => closed.key)).toContain(task!.key);
    expect(calls.reassignments).toEqual([{ trajectoryId: handle.state.trajectoryId, to: 'consulent-3' }]);
    expect(contactpersonen(calls).map((message) => message.payload)).toEqual([{ consulentId: 'consulent-3' }]);
    expect((await view(handle)).openTasks.map((open) => open.type)).not.toContain('CONSULENT_TOEWIJZEN');
  });

  it('a started trajectory with a consulent gets no such task', () => {
    rules.start(baseInput({ consulentId: 'consulent-1' }));
    expect(tasksOfType(rules.calls, 'CONSULENT_TOEWIJZEN')).toHaveLength(0);
  });

  it("after a transfer to another served gemeente the new team assigns its consulent, who becomes DUO's Contactpersoon", async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ gemeente: 'oosterhout', consulentId: 'consulent-oosterhout' }));
    const day = addDays(today, 5);
    rules.sleepUntil(day);
    await sendEvent(handle, { type: 'SS120', occurredOn: day, gemeente: 'altena', vestiging: day });
    const [task] = tasksOfType(calls, 'CONSULENT_TOEWIJZEN');
    expect(task).toMatchObject({ gemeente: 'altena' });
    expect(task?.assigneeId).toBeUndefined();

    await handle.executeUpdate(assignConsulentUpdate, { args: [{ date: day, consulentId: 'consulent-altena' }] });
    expect(contactpersonen(calls).map((message) => message.payload.consulentId)).toEqual([
      'consulent-oosterhout',
      'consulent-altena',
    ]);
    expect((await view(handle)).consulentId).toBe('consulent-altena');
  });
});
