import { describe, expect, it } from 'vitest';
import { ontzorgenCheckInDates, ontzorgenEvaluationDate, ontzorgenPeriod } from '../../src/domain/ontzorgen';

describe('ontzorgen (framework 4.4)', () => {
  it('ontzorgen ends after 6 months', () => {
    expect(ontzorgenPeriod('2025-01-31')).toEqual({ start: '2025-01-31', end: '2025-07-31' });
  });

  it('monthly check-ins in months 1..5, each counted from the start (no month-end drift)', () => {
    expect(ontzorgenCheckInDates('2025-01-31')).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
    ]);
  });

  it('the evaluation falls at the end of the 6 months', () => {
    expect(ontzorgenEvaluationDate('2025-03-10')).toBe('2025-09-10');
  });
});
