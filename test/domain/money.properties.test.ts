/**
 * Property tests (fast-check) of the money rules: for any set of trajectories and any
 * amounts a gemeente may configure (whole cents), totals are exact in cents — integers, the
 * total of a group is the sum of its parts however it is added up, the euro text says exactly
 * the cents, and the prestatiebekostiging share is a whole number of cents within the budget.
 */
import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  amountsFor,
  centsToEuroText,
  committedVoorzieningen,
  moneyGroupOf,
  prestatieDeelCent,
  VOORZIENINGEN,
  type AmountsPerGroup,
} from '../../src/domain/money';
import { LEERROUTES, TARGET_GROUPS } from '../../src/domain/types';

const cents = fc.integer({ min: 0, max: 10_000_000 });
const ownAmounts = fc.record(
  {
    asielstatushouder: fc.record(Object.fromEntries(VOORZIENINGEN.map((v) => [v, cents])), { requiredKeys: [] }),
    gezinsmigrant: fc.record(Object.fromEntries(VOORZIENINGEN.map((v) => [v, cents])), { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const trajectory = fc.record({
  gemeente: fc.constantFrom('altena', 'drimmelen', 'geertruidenberg', 'oosterhout'),
  targetGroup: fc.constantFrom(...TARGET_GROUPS),
  ondertussengroep: fc.boolean(),
  leerroute: fc.option(fc.constantFrom(...LEERROUTES), { nil: null }),
});

type TrajectoryFacts = typeof trajectory extends fc.Arbitrary<infer T> ? T : never;

function committedCent(amounts: AmountsPerGroup, t: TrajectoryFacts): number {
  return committedVoorzieningen(t).reduce((sum, v) => sum + amounts[moneyGroupOf(t.targetGroup)][v], 0);
}

/** '12712,00' → 1271200, exactly. */
function euroTextToCents(text: string): number {
  const match = /^(-?)(\d+),(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a euro text: ${text}`);
  const [, sign, euros, rest] = match;
  return (sign === '-' ? -1 : 1) * (Number(euros) * 100 + Number(rest));
}

describe('money: totals exact in cents', () => {
  it.prop([ownAmounts, fc.array(trajectory, { maxLength: 200 })])(
    'a region total equals the sum of the gemeenten, of the voorzieningen, and of the trajectories (integers only)',
    (own, trajectories) => {
      const amounts = amountsFor(own);
      const perTrajectory = trajectories.map((t) => committedCent(amounts, t));
      const total = perTrajectory.reduce((a, b) => a + b, 0);
      expect(Number.isSafeInteger(total)).toBe(true);

      const perVoorziening = VOORZIENINGEN.map((v) =>
        trajectories
          .filter((t) => committedVoorzieningen(t).includes(v))
          .reduce((sum, t) => sum + amounts[moneyGroupOf(t.targetGroup)][v], 0),
      );
      expect(perVoorziening.reduce((a, b) => a + b, 0)).toBe(total);

      const perGemeente = new Map<string, number>();
      trajectories.forEach((t, i) =>
        perGemeente.set(t.gemeente, (perGemeente.get(t.gemeente) ?? 0) + (perTrajectory[i] ?? 0)),
      );
      expect([...perGemeente.values()].reduce((a, b) => a + b, 0)).toBe(total);

      // The ondertussengroep commits nothing; the Onderwijsroute no MAP.
      trajectories.forEach((t, i) => {
        if (t.ondertussengroep) expect(perTrajectory[i]).toBe(0);
        if (t.leerroute === 'ONDERWIJS') expect(committedVoorzieningen(t)).not.toContain('map');
      });
      expect(euroTextToCents(centsToEuroText(total))).toBe(total);
    },
  );

  it.prop([fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 })])(
    'the euro text says exactly the cents (no floating point on the way)',
    (value) => {
      expect(euroTextToCents(centsToEuroText(value))).toBe(value);
    },
  );

  it.prop([fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 0, max: 1_000_000_000_000 })])(
    'the prestatiebekostiging share is whole cents, 0 before 2026, and at most the budget',
    (year, budget) => {
      const share = prestatieDeelCent(year, budget);
      expect(Number.isSafeInteger(share)).toBe(true);
      if (year < 2026) expect(share).toBe(0);
      else expect(Math.abs(share * 10 - budget)).toBeLessThanOrEqual(5);
      expect(share).toBeLessThanOrEqual(budget);
    },
  );
});
