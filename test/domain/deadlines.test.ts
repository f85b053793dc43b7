import { describe, expect, it } from 'vitest';
import {
  isPausedWhileSuspended,
  trajectoryDeadlines,
  type DeadlineFacts,
  type DeadlineKind,
} from '../../src/domain/deadlines';
import { DEFAULT_POLICY } from '../../src/domain/types';

const base: DeadlineFacts = { status: 'ACTIEF', phase: 'PIP', policy: DEFAULT_POLICY, hasPip: false };

describe('trajectory deadlines', () => {
  it('before the PIP: the 10-week deadline and its warning, from the PIP clock', () => {
    const deadlines = trajectoryDeadlines({ ...base, pipClock: { date: '2026-03-02', source: 'SS139' } });
    expect(deadlines).toEqual([
      { kind: 'PIP', date: '2026-05-11', source: 'SS139' },
      { kind: 'PIP_WAARSCHUWING', date: '2026-04-27', source: 'BELEID', about: '2026-05-11' },
    ]);
  });

  it('after the PIP: the termijn with its warnings and the verwijtbaarheid window; ontzorgen and voortgang in the route', () => {
    const deadlines = trajectoryDeadlines({
      ...base,
      phase: 'LEERROUTE',
      hasPip: true,
      pipClock: { date: '2026-03-02', source: 'SS139' },
      termijn: { end: '2029-03-03', source: 'EERSTE_PIP' },
      ontzorgen: { start: '2026-03-02', end: '2026-09-02', status: 'LOPEND' },
      voortgangDue: '2026-06-02',
    });
    expect(deadlines.map((deadline) => `${deadline.kind}:${deadline.date}`)).toEqual([
      'TERMIJN_EINDE:2029-03-03',
      'TERMIJN_WAARSCHUWING:2028-09-03',
      'TERMIJN_WAARSCHUWING:2029-01-03',
      'VERWIJTBAAR_VENSTER:2029-01-03',
      'ONTZORGEN_EINDE:2026-09-02',
      'VOORTGANGSGESPREK:2026-06-02',
    ]);
  });

  it('a closed trajectory has none; the opstartklas end only in its phase', () => {
    expect(
      trajectoryDeadlines({ ...base, status: 'AFGESLOTEN', pipClock: { date: '2026-03-02', source: 'SS139' } }),
    ).toEqual([]);
    expect(trajectoryDeadlines({ ...base, opstartklasEnd: '2026-05-01' })).toEqual([]);
    expect(trajectoryDeadlines({ ...base, phase: 'OPSTARTKLAS', opstartklasEnd: '2026-05-01' })).toEqual([
      { kind: 'OPSTARTKLAS_EINDE', date: '2026-05-01', source: 'OPSTARTKLAS' },
    ]);
  });

  it('while suspended, the deadlines of the plicht pause; ontzorgen and the opstartklas do not', () => {
    const paused: DeadlineKind[] = [
      'PIP',
      'PIP_WAARSCHUWING',
      'TERMIJN_EINDE',
      'TERMIJN_WAARSCHUWING',
      'VERWIJTBAAR_VENSTER',
      'VOORTGANGSGESPREK',
    ];
    for (const kind of paused) expect(isPausedWhileSuspended(kind)).toBe(true);
    expect(isPausedWhileSuspended('ONTZORGEN_EINDE')).toBe(false);
    expect(isPausedWhileSuspended('OPSTARTKLAS_EINDE')).toBe(false);
  });
});
