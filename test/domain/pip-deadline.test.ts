import { describe, expect, it } from 'vitest';
import {
  computePipDeadline,
  extendPipDeadlineForThirdPartyInfo,
  isPipDeadlinePassed,
  pipClockStart,
  pipWarningDate,
  restartPipClock,
} from '../../src/domain/pip-deadline';
import { DEFAULT_POLICY } from '../../src/domain/types';

describe('PIP clock and deadline (framework 4.2; Besluit art. 5.3)', () => {
  it('SS139 wins over inschrijving as the start of the PIP clock', () => {
    expect(pipClockStart({ ss139Date: '2025-02-10', inschrijvingDate: '2025-01-20' })).toEqual({
      date: '2025-02-10',
      source: 'SS139',
    });
  });

  it('inschrijving starts the clock when no SS139 came', () => {
    expect(pipClockStart({ inschrijvingDate: '2025-01-20' })).toEqual({ date: '2025-01-20', source: 'INSCHRIJVING' });
  });

  it('no clock without SS139 or inschrijving', () => {
    expect(pipClockStart({})).toBeUndefined();
  });

  it('a later SS139 restarts the clock (person left COA)', () => {
    // Arrange
    const current = { date: '2025-01-06', source: 'SS139' as const };

    // Act
    const restarted = restartPipClock(current, '2025-03-03');

    // Assert
    expect(restarted).toEqual({ date: '2025-03-03', source: 'SS139' });
    expect(computePipDeadline(restarted)).toBe('2025-05-12');
  });

  it('an SS139 replaces an inschrijving start, even when dated earlier', () => {
    expect(restartPipClock({ date: '2025-02-01', source: 'INSCHRIJVING' }, '2025-01-15')).toEqual({
      date: '2025-01-15',
      source: 'SS139',
    });
  });

  it('a duplicate or older SS139 does not move the clock', () => {
    const current = { date: '2025-03-03', source: 'SS139' as const };
    expect(restartPipClock(current, '2025-03-03')).toBe(current);
    expect(restartPipClock(current, '2025-01-06')).toBe(current);
  });

  it('the PIP deadline is 10 weeks (70 days) after the clock start', () => {
    expect(computePipDeadline({ date: '2025-01-06', source: 'SS139' })).toBe('2025-03-17');
    expect(computePipDeadline('2024-12-30')).toBe('2025-03-10');
  });

  it('the warning falls the policy number of days before the deadline (default 14)', () => {
    expect(pipWarningDate('2025-03-17', DEFAULT_POLICY)).toBe('2025-03-03');
    expect(pipWarningDate('2025-03-17', { pipWarningDaysBefore: 1 })).toBe('2025-03-16');
  });

  it('third-party information extends the deadline to 2 weeks after receipt, never shortens it', () => {
    expect(extendPipDeadlineForThirdPartyInfo('2025-03-17', '2025-03-10')).toBe('2025-03-24');
    expect(extendPipDeadlineForThirdPartyInfo('2025-03-17', '2025-02-01')).toBe('2025-03-17');
  });

  it('the deadline day itself is still in time', () => {
    expect(isPipDeadlinePassed('2025-03-17', '2025-03-17')).toBe(false);
    expect(isPipDeadlinePassed('2025-03-17', '2025-03-18')).toBe(true);
  });
});
