/**
 * The machtiging is asked at the start of the trajectory, at the brede intake at the latest
 * (framework 5.7; issue 11 §1): its task is there from the first day, not only once a partner
 * message waits after the PIP. No personal data goes to a partner before it is recorded.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  vaststellenPipUpdate,
} from '../../../src/workflows/trajectory/messages';
import { allLeefgebieden, baseInput, tasksOfType, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

describe('machtiging at the start', () => {
  it('the task is open from the first day, before the warme overdracht and the brede intake', async () => {
    const handle = rules.start(baseInput());
    expect(tasksOfType(rules.calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
    const first = await view(handle);
    expect(first.phase).toBe('KOPPELING');
    expect(first.openTasks.map((task) => task.type)).toEqual(
      expect.arrayContaining(['MACHTIGING_VASTLEGGEN', 'WARME_OVERDRACHT']),
    );
    expect(tasksOfType(rules.calls, 'MACHTIGING_VASTLEGGEN')[0]?.title).toContain('uiterlijk bij de brede intake');
  });

  it('recorded at the brede intake: the task closes; later partner messages go out without a new task', async () => {
    const handle = rules.start(baseInput());
    const today = rules.today;
    await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
      args: [{ date: today, form: 'VIDEO', backgroundHandedOver: true }],
    });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ date: today, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] }],
    });
    expect((await view(handle)).openTasks.map((task) => task.type)).not.toContain('MACHTIGING_VASTLEGGEN');
    await handle.executeUpdate(recordBredeIntakeUpdate, {
      args: [{ date: today, leefgebieden: allLeefgebieden(), leerbaarheidstoets: 'B1_HAALBAAR' }],
    });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    expect(tasksOfType(rules.calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
    expect((await view(handle)).pendingPartnerMessages).toEqual([]);
    expect(rules.calls.outbound.some((message) => message.recipientKind === 'MAATSCHAPPELIJKE_BEGELEIDING')).toBe(true);
  });

  it('without a machtiging nothing goes to a partner; the one task stays open (no second one)', async () => {
    const handle = rules.start(baseInput());
    await throughPip(handle, rules.today);
    expect(tasksOfType(rules.calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
    expect([...new Set(rules.calls.outbound.map((message) => message.recipientKind))]).toEqual(['DUO']);
    expect((await view(handle)).openTasks.filter((task) => task.type === 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
  });

  it('a trajectory that brings its machtiging along gets no task', async () => {
    rules.start(
      baseInput({
        targetGroup: 'gezinsmigrant',
        onBijstand: false,
        existing: { consent: { date: rules.today, scope: ['TAALAANBIEDER'] } },
      }),
    );
    expect(tasksOfType(rules.calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(0);
  });
});
