/**
 * Handhaving decided (issue 11 §3): a person decides on the open proposal — waarschuwing
 * gegeven, boete opgelegd, afgezien — which closes the proposal's task, is in the decision log
 * and becomes a monitor event (HANDHAVING_BESLOTEN). A proposed warning is not given until decided.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  proposeHandhavingUpdate,
  recordHandhavingBesluitUpdate,
  type HandhavingBesluitInput,
} from '../../../src/workflows/trajectory/messages';
import { baseInput, refusalOf, tasksOfType, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const reason = 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' as const;

describe('handhaving decided by a person', () => {
  it('waarschuwing → the proposal task closes, the warning counts, the monitor hears it; then a boete of € 250', async () => {
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    const today = rules.today;
    await throughPip(handle, today);
    const first = await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    expect(first.proposal.kind).toBe('WAARSCHUWING');
    expect(tasksOfType(rules.calls, 'HANDHAVING_BEOORDELEN')).toHaveLength(1);

    const warned = await handle.executeUpdate(recordHandhavingBesluitUpdate, {
      args: [{ date: today, besluit: 'WAARSCHUWING' }],
    });
    expect(warned.openTasks.map((task) => task.type)).not.toContain('HANDHAVING_BEOORDELEN');
    expect(rules.calls.closedTasks.map((closed) => closed.key)).toContain(first.taskKey);
    expect(warned.decisions.at(-1)).toMatchObject({ kind: 'HANDHAVING_BESLUIT', details: { besluit: 'WAARSCHUWING' } });

    const second = await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    expect(second.proposal.kind).toBe('BOETE_VOORSTEL');
    expect(second.proposal.flags).not.toContain('RVS_2025_ASIELSTATUSHOUDER');
    await handle.executeUpdate(recordHandhavingBesluitUpdate, {
      args: [{ date: today, besluit: 'BOETE', bedragCent: 25_000 }],
    });
    expect(rules.calls.monitor.filter((event) => event.type === 'HANDHAVING_BESLOTEN')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ soort: 'WAARSCHUWING', datum: today }) }),
      expect.objectContaining({ data: expect.objectContaining({ soort: 'BOETE', bedragCent: 25_000 }) }),
    ]);
  });

  it('a proposed warning is not given: a boete right after it is refused and changes nothing', async () => {
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    const today = rules.today;
    await throughPip(handle, today);
    await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    const version = (await view(handle)).stateVersion;
    expect(
      await refusalOf(
        handle.executeUpdate(recordHandhavingBesluitUpdate, {
          args: [{ date: today, besluit: 'BOETE', bedragCent: 100 }],
        }),
      ),
    ).toBe('BOETE_ZONDER_WAARSCHUWING');
    expect((await view(handle)).stateVersion).toBe(version);
    expect((await view(handle)).openTasks.map((task) => task.type)).toContain('HANDHAVING_BEOORDELEN');
  });

  it('an asielstatushouder: a boete needs the individual weighing (RvS); afzien with a reason is always possible', async () => {
    const handle = rules.start(baseInput());
    const today = rules.today;
    await throughPip(handle, today);
    await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    await handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: today, besluit: 'WAARSCHUWING' }] });
    await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    const boete = { date: today, besluit: 'BOETE', bedragCent: 10_000 } as const;
    expect(await refusalOf(handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [boete] }))).toBe(
      'RVS_2025_ASIELSTATUSHOUDER',
    );
    const after = await handle.executeUpdate(recordHandhavingBesluitUpdate, {
      args: [{ date: today, besluit: 'AFGEZIEN', reden: 'ASIELSTATUSHOUDER_GEEN_BOETE' }],
    });
    expect(after.decisions.at(-1)?.details).toEqual({ besluit: 'AFGEZIEN', reden: 'ASIELSTATUSHOUDER_GEEN_BOETE' });
    expect(
      rules.calls.monitor.filter((event) => event.type === 'HANDHAVING_BESLOTEN').map((e) => e.data?.soort),
    ).toEqual(['WAARSCHUWING', 'AFGEZIEN']);
  });

  it('refuses without an open proposal, a second decision, an amount over € 800, an unknown reason or a future date', async () => {
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    const today = rules.today;
    await throughPip(handle, today);
    const decide = (input: unknown) =>
      refusalOf(handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [input as HandhavingBesluitInput] }));
    expect(await decide({ date: today, besluit: 'WAARSCHUWING' })).toBe('GEEN_HANDHAVINGSVOORSTEL');
    await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    await handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: today, besluit: 'WAARSCHUWING' }] });
    expect(await decide({ date: today, besluit: 'WAARSCHUWING' })).toBe('GEEN_HANDHAVINGSVOORSTEL');
    await handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] });
    const version = (await view(handle)).stateVersion;
    expect(await decide({ date: today, besluit: 'BOETE', bedragCent: 80_001 })).toBe('BOETE_BEDRAG');
    expect(await decide({ date: today, besluit: 'AFGEZIEN', reden: 'ZOMAAR' })).toBe('ONGELDIGE_INVOER');
    expect(await decide({ date: today, besluit: 'TAAKSTRAF' })).toBe('ONGELDIGE_INVOER');
    expect(await decide({ date: '2026-03-03', besluit: 'WAARSCHUWING' })).toBe('DATUM_IN_TOEKOMST');
    expect((await view(handle)).stateVersion).toBe(version);
  });

  it('the ondertussengroep: no proposal (refused), so no decision either', async () => {
    const handle = rules.start(baseInput({ ondertussengroep: true }));
    const today = rules.today;
    await throughPip(handle, today);
    expect(await refusalOf(handle.executeUpdate(proposeHandhavingUpdate, { args: [{ date: today, reason }] }))).toBe(
      'HANDHAVING_ONDERTUSSENGROEP',
    );
    expect(
      await refusalOf(
        handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: today, besluit: 'WAARSCHUWING' }] }),
      ),
    ).toBe('GEEN_HANDHAVINGSVOORSTEL');
  });
});
