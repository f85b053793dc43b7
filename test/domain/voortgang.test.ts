import { describe, expect, it } from 'vitest';
import { isOverdue, nextVoortgangsgesprekDate, voortgangsgesprekEscalationDate } from '../../src/domain/voortgang';
import { DEFAULT_POLICY } from '../../src/domain/types';

describe('voortgangsgesprekken (framework 4.8)', () => {
  it('the next talk is due every 3 months under the default policy', () => {
    expect(nextVoortgangsgesprekDate('2025-01-15', DEFAULT_POLICY)).toBe('2025-04-15');
  });

  it('follows the gemeente interval and clamps at month end', () => {
    expect(nextVoortgangsgesprekDate('2025-08-31', { voortgangsgesprekIntervalMonths: 6 })).toBe('2026-02-28');
  });

  it('a talk is overdue from the day after its due date', () => {
    expect(isOverdue('2025-04-15', '2025-04-15')).toBe(false);
    expect(isOverdue('2025-04-15', '2025-04-16')).toBe(true);
  });

  it('an undone talk escalates 14 days after the due date', () => {
    expect(voortgangsgesprekEscalationDate('2025-04-15')).toBe('2025-04-29');
  });
});
