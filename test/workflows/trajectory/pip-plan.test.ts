import { beforeEach, describe, expect, it } from 'vitest';
import type { PipAfspraak } from '../../../src/domain/pip-plan';
import {
  bijstellenPipUpdate,
  recordBredeIntakeUpdate,
  vaststellenPipUpdate,
  verlengPipTermijnUpdate,
  type PipDecisionResult,
  type PipInput,
  type PipTermijnVerlengingResult,
} from '../../../src/workflows/trajectory/messages';
import {
  addDays,
  allLeefgebieden,
  baseInput,
  refusalOf,
  tasksOfType,
  throughIntake,
  view,
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const afspraken = (start: string): PipAfspraak[] =>
  (['KNM', 'PVT', 'MAP', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const).map((onderdeel) => ({
    onderdeel,
    start,
    aanbieder: onderdeel === 'MAATSCHAPPELIJKE_BEGELEIDING' ? 'VluchtelingenWerk' : 'Taalhuis Dongemond',
  }));

function structuredPip(today: string, overrides: Partial<PipInput> = {}): PipInput {
  return {
    dagtekening: today,
    leerroute: 'B1',
    level: 'B1',
    alfabetisering: false,
    afspraken: afspraken(today),
    participatie: [{ soort: 'VRIJWILLIGERSWERK', start: today, aanbieder: 'Voedselbank', urenPerWeek: 8 }],
    instemming: { akkoord: true, datum: today },
    ...overrides,
  };
}

describe('the PIP as a plan (framework 4.2)', () => {
  it('keeps the agreements, participation and instemming in the PIP and logs their codes, not the providers', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughIntake(handle, today);
    const result = (await handle.executeUpdate(vaststellenPipUpdate, {
      args: [structuredPip(today)],
    })) as PipDecisionResult;
    expect(result.pip.afspraken).toHaveLength(5);
    expect(result.pip.participatie).toEqual([
      { soort: 'VRIJWILLIGERSWERK', start: today, aanbieder: 'Voedselbank', urenPerWeek: 8 },
    ]);
    expect(result.pip.instemming).toEqual({ akkoord: true, datum: today });
    expect(result.waarschuwingen).toEqual([]);
    const decision = (await view(handle)).decisions.find((entry) => entry.kind === 'PIP_VASTGESTELD');
    expect(decision?.details).toMatchObject({
      afspraken: [
        `KNM:${today}`,
        `PVT:${today}`,
        `MAP:${today}`,
        `MAATSCHAPPELIJKE_BEGELEIDING:${today}`,
        `ONTZORGEN:${today}`,
      ],
      participatie: [`VRIJWILLIGERSWERK:${today}`],
      instemming: true,
    });
    expect(JSON.stringify(decision)).not.toContain('Taalhuis');
  });

  it('refuses a plan without an agreement on a mandatory part; nothing changes', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughIntake(handle, today);
    const accepted = handle.acceptedUpdates;
    const incomplete = structuredPip(today, {
      afspraken: afspraken(today).filter((afspraak) => afspraak.onderdeel !== 'KNM'),
    });
    expect(await refusalOf(handle.executeUpdate(vaststellenPipUpdate, { args: [incomplete] }))).toBe(
      'PIP_AFSPRAAK_ONTBREEKT',
    );
    expect(handle.acceptedUpdates).toBe(accepted);
    expect((await view(handle)).pip).toBeUndefined();
  });

  it('refuses a Participatiewet decision in a gezinsmigrant PIP (8.1.4), also in a bijstelling', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    await throughIntake(handle, today);
    const pip = structuredPip(today, {
      afspraken: afspraken(today).filter((a) => a.onderdeel === 'PVT' || a.onderdeel === 'MAP'),
      participatie: [{ soort: 'WERKERVARINGSPLAATS', start: today, participatiewet: true }],
    });
    expect(await refusalOf(handle.executeUpdate(vaststellenPipUpdate, { args: [pip] }))).toBe(
      'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
    );
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ ...pip, participatie: [{ soort: 'WERKERVARINGSPLAATS', start: today }] }],
    });
    expect(await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [pip] }))).toBe(
      'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
    );
    expect((await view(handle)).pipBijstellingen).toBe(0);
  });

  it('warns (and still sets the PIP) when the route contradicts the leerbaarheidstoets', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ startPhase: 'BREDE_INTAKE' }));
    await handle.executeUpdate(recordBredeIntakeUpdate, {
      args: [{ date: today, leefgebieden: allLeefgebieden(), leerbaarheidstoets: 'B1_NIET_HAALBAAR' }],
    });
    const result = (await handle.executeUpdate(vaststellenPipUpdate, {
      args: [structuredPip(today)],
    })) as PipDecisionResult;
    expect(result.waarschuwingen.map((warning) => warning.code)).toEqual(['ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS']);
    const state = await view(handle);
    expect(state.pip?.leerroute).toBe('B1');
    expect(state.decisions.find((entry) => entry.kind === 'PIP_VASTGESTELD')?.details.waarschuwingen).toEqual([
      'ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS',
    ]);
  });
});

describe('PIP deadline extension (Besluit art. 5.3) re-arms the timers', () => {
  it('moves the deadline, its warning and escalation; the old ones never fire', async () => {
    const start = rules.today;
    const handle = rules.start(
      baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, dates: { inschrijving: start } }),
    );
    await throughIntake(handle, start);
    const oldDeadline = addDays(start, 70);
    expect((await view(handle)).pipDeadline).toBe(oldDeadline);
    rules.sleepUntil(addDays(start, 66));
    expect(tasksOfType(rules.calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);

    const result = (await handle.executeUpdate(verlengPipTermijnUpdate, {
      args: [{ date: rules.today, derde: 'ZORGVERLENER', informatieOntvangenOp: rules.today }],
    })) as PipTermijnVerlengingResult;
    const newDeadline = addDays(start, 80);
    expect(result).toEqual({ vorigeDeadline: oldDeadline, nieuweDeadline: newDeadline });
    const state = await view(handle);
    expect(state.pipDeadline).toBe(newDeadline);
    expect(state.deadlines.find((d) => d.kind === 'PIP')).toMatchObject({ date: newDeadline, source: 'VERLENGD' });
    // The old warning closed; the PIP task and a new warning (14 days before, i.e. today) carry the new deadline.
    // (The machtiging, asked at the start, has no deadline of its own.)
    expect(
      state.openTasks.filter((task) => task.type !== 'MACHTIGING_VASTLEGGEN').map((task) => [task.type, task.dueDate]),
    ).toEqual([
      ['PIP_OPSTELLEN', newDeadline],
      ['PIP_DEADLINE_WAARSCHUWING', newDeadline],
    ]);
    expect(rules.calls.closedTasks.map((task) => task.key)).toContain(
      tasksOfType(rules.calls, 'PIP_DEADLINE_WAARSCHUWING')[0]?.key,
    );
    expect(state.decisions.at(-1)).toMatchObject({
      kind: 'PIP_TERMIJN_VERLENGD',
      details: { derde: 'ZORGVERLENER', vorigeDeadline: oldDeadline, nieuweDeadline: newDeadline },
    });

    rules.sleepUntil(addDays(oldDeadline, 2));
    expect(tasksOfType(rules.calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
    rules.sleepUntil(addDays(newDeadline, 1));
    expect(tasksOfType(rules.calls, 'PIP_DEADLINE_ESCALATIE').map((task) => task.dueDate)).toEqual([
      addDays(newDeadline, 1),
    ]);
    expect(rules.calls.monitor.filter((event) => event.type === 'PIP_TERMIJN_VERSTREKEN')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ deadline: newDeadline }) }),
    ]);
  });

  it('refuses an extension that changes nothing, and after the PIP; nothing changes', async () => {
    const start = rules.today;
    const handle = rules.start(
      baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, dates: { inschrijving: start } }),
    );
    await throughIntake(handle, start);
    const input = { date: start, derde: 'COA', informatieOntvangenOp: start } as const;
    expect(await refusalOf(handle.executeUpdate(verlengPipTermijnUpdate, { args: [input] }))).toBe(
      'PIP_VERLENGING_ZONDER_EFFECT',
    );
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: start, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    expect(await refusalOf(handle.executeUpdate(verlengPipTermijnUpdate, { args: [input] }))).toBe(
      'PIP_AL_VASTGESTELD',
    );
    expect((await view(handle)).decisions.some((d) => d.kind === 'PIP_TERMIJN_VERLENGD')).toBe(false);
  });
});
