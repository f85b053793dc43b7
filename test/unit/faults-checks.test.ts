/**
 * The fault runs' pure checks (scripts/faults/checks.ts). Regression: at load 40 the full
 * partner-endpoint run measured pauses of 22.6 s then 21.8 s (the first retry started late),
 * and the old check ("each pause at least 1.5 × the one before") failed a correct backoff.
 */
import { describe, expect, it } from 'vitest';
import { backoffShortfalls, scheduledPauseSeconds } from '../../scripts/faults/checks';

describe('the delivery retry schedule', () => {
  it('doubles from the initial interval, capped at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => scheduledPauseSeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect(scheduledPauseSeconds(12, 10)).toBe(3600);
  });
});

describe('backoffShortfalls', () => {
  it('accepts pauses that are longer than scheduled, also when one exceeds the next (a busy machine)', () => {
    expect(backoffShortfalls([22.6, 21.8, 40.3, 82], 10)).toEqual([]);
    expect(backoffShortfalls([10.2, 20.2], 10)).toEqual([]);
  });

  it('names every pause shorter than the schedule (a retry without backoff)', () => {
    expect(backoffShortfalls([10.1, 10.1, 10.1], 10)).toEqual([
      { retry: 2, pause: 10.1, scheduled: 20 },
      { retry: 3, pause: 10.1, scheduled: 40 },
    ]);
    expect(backoffShortfalls([1, 20, 40], 10)).toEqual([{ retry: 1, pause: 1, scheduled: 10 }]);
  });
});
