import { describe, expect, it } from 'vitest';
import { nextDeadlineOf } from '../../src/api/caseload/find-trajectories';

describe('caseload: the next deadline', () => {
  it('is the first running deadline from today; past and paused ones (plicht geschorst) are skipped', () => {
    const state = {
      deadlines: [
        { kind: 'PIP', date: '2026-12-10', paused: true },
        { kind: 'ONTZORGEN_EINDE', date: '2027-03-01' },
        { kind: 'VOORTGANGSGESPREK', date: '2026-11-30' },
        { kind: 'TERMIJN_EINDE', date: '2029-01-01', paused: true },
      ],
    };
    expect(nextDeadlineOf(state, '2026-12-02')).toEqual({ kind: 'ONTZORGEN_EINDE', date: '2027-03-01' });
    expect(nextDeadlineOf({ deadlines: [{ kind: 'PIP', date: '2026-12-10' }] }, '2026-12-02')).toEqual({
      kind: 'PIP',
      date: '2026-12-10',
    });
    expect(nextDeadlineOf(null, '2026-12-02')).toBeNull();
  });
});
