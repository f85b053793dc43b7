/**
 * The first PIP's facts (TrajectoryView.firstPip): the deadline that applied to it, the clock it
 * ran from and its dagtekening are recorded when the first PIP is vastgesteld and never change
 * after — not by a later SS139 (which restarts the clock), a bijstelling or a deadline extension
 * asked too late. The monitor's projection reads them (src/monitor/projection-facts.ts).
 * Continue-as-new keeping them: test/workflows/durability.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { projectionFacts } from '../../../src/monitor/projection-facts';
import {
  bijstellenPipUpdate,
  vaststellenPipUpdate,
  verlengPipTermijnUpdate,
} from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, sendEvent, throughIntake, view, type TrajectoryHandle } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;
const day = (date: string) => new Date(`${date}T00:00:00.000Z`);

function vaststellen(handle: TrajectoryHandle, dagtekening: string) {
  return handle.executeUpdate(vaststellenPipUpdate, {
    args: [{ dagtekening, leerroute: 'B1', level: 'B1', alfabetisering: false }],
  });
}

beforeEach(() => {
  rules = new RulesEnv();
});

describe('first PIP facts', () => {
  it('are recorded on the first PIP (on the deadline day) and survive a later SS139 and a bijstelling', async () => {
    const start = rules.today;
    const deadline = addDays(start, 70);
    const handle = rules.start(baseInput({ dates: { inschrijving: start } }));
    await throughIntake(handle, start);
    expect((await view(handle)).firstPip).toBeUndefined();
    rules.sleepUntil(deadline);
    await vaststellen(handle, deadline);
    const first = { dagtekening: deadline, deadline, clockSource: 'INSCHRIJVING', clockStart: start };
    expect((await view(handle)).firstPip).toEqual(first);

    // DUO's SS139 after leaving COA restarts the clock; the first PIP's deadline stays.
    const later = addDays(deadline, 20);
    rules.sleepUntil(later);
    await sendEvent(handle, { type: 'SS139', occurredOn: later, clockStart: later });
    expect((await view(handle)).pipClock).toEqual({ date: later, source: 'SS139' });
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: later, leerroute: 'Z', level: 'A1', alfabetisering: true }],
    });
    const after = await view(handle);
    expect(after.pipBijstellingen).toBe(1);
    expect(after.firstPip).toEqual(first);
    expect(projectionFacts(after)).toMatchObject({
      pipClockSource: 'INSCHRIJVING',
      pipClockStart: day(start),
      firstPipDeadline: day(deadline),
      firstPipDagtekening: day(deadline),
    });
  });

  it('keep the extended deadline (Besluit art. 5.3) that applied to the first PIP', async () => {
    const start = rules.today;
    const handle = rules.start(baseInput({ dates: { ss139: start } }));
    await throughIntake(handle, start);
    const received = addDays(start, 66);
    rules.sleepUntil(received);
    const { nieuweDeadline } = await handle.executeUpdate(verlengPipTermijnUpdate, {
      args: [{ date: received, derde: 'IND', informatieOntvangenOp: received }],
    });
    expect(nieuweDeadline).toBe(addDays(received, 14));
    const dagtekening = addDays(start, 77);
    rules.sleepUntil(dagtekening);
    await vaststellen(handle, dagtekening);
    expect((await view(handle)).firstPip).toEqual({
      dagtekening,
      deadline: nieuweDeadline,
      clockSource: 'SS139',
      clockStart: start,
    });
  });

  it('are not made up for a trajectory taken over with a PIP in force: it is left out of the PIP figure', async () => {
    const handle = rules.start(
      baseInput({
        dates: { inschrijving: addDays(rules.today, -200) },
        existing: {
          currentPip: { dagtekening: addDays(rules.today, -100), leerroute: 'B1', level: 'B1', alfabetisering: false },
        },
        startPhase: 'LEERROUTE',
      }),
    );
    const current = await view(handle);
    expect(current.firstPip).toBeUndefined();
    expect(current.firstPipDagtekening).toBe(addDays(rules.today, -100));
    expect(projectionFacts(current)).toMatchObject({
      pipClockSource: null,
      pipClockStart: null,
      firstPipDeadline: null,
      firstPipDagtekening: day(addDays(rules.today, -100)),
    });
  });

  it('before the first PIP the projection carries the running clock and its deadline', async () => {
    const start = rules.today;
    const handle = rules.start(baseInput({ dates: { ss139: start } }));
    expect(projectionFacts(await view(handle))).toMatchObject({
      pipClockSource: 'SS139',
      pipClockStart: day(start),
      firstPipDeadline: day(addDays(start, 70)),
      firstPipDagtekening: null,
    });
  });
});
