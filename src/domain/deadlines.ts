/**
 * The deadlines of one trajectory — one list, from which the dossier shows dates and the
 * workflow arms its timers (src/workflows/trajectory/timers.ts). While the plicht is
 * suspended (SS109, status GESCHORST) the dossier still shows every deadline, but the ones
 * of the plicht itself pause: they arm no timer until SS130 (a PIP deadline that passed
 * meanwhile then fires: the PIP is overdue).
 */
import { computePipDeadline, pipWarningDate, type PipClockStart } from './pip-deadline';
import { termijnWarningDates, verwijtbaarWindowStart } from './termijn';
import type { GemeentePolicy, IsoDate, Phase } from './types';

export const DEADLINE_KINDS = [
  'PIP',
  'PIP_WAARSCHUWING',
  'TERMIJN_EINDE',
  'TERMIJN_WAARSCHUWING',
  'VERWIJTBAAR_VENSTER',
  'ONTZORGEN_EINDE',
  'VOORTGANGSGESPREK',
  'OPSTARTKLAS_EINDE',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  date: IsoDate;
  /** Where the date comes from, e.g. SS139, INSCHRIJVING, EERSTE_PIP, SS103, BELEID. */
  source: string;
  /** The deadline a warning belongs to (PIP, termijn end), or the start of the ontzorgen period. */
  about?: IsoDate;
  /** TERMIJN_WAARSCHUWING: months before the end of the termijn. */
  monthsBefore?: number;
}

/** The facts of a trajectory the deadlines depend on. */
export interface DeadlineFacts {
  status: 'ACTIEF' | 'GESCHORST' | 'AFGESLOTEN';
  phase: Phase;
  policy: GemeentePolicy;
  hasPip: boolean;
  pipClock?: PipClockStart;
  termijn?: { end: IsoDate; source: string };
  ontzorgen?: { start: IsoDate; end: IsoDate; status: 'LOPEND' | 'BEEINDIGD' };
  voortgangDue?: IsoDate;
  opstartklasEnd?: IsoDate;
}

const PAUSED_WHILE_SUSPENDED: readonly DeadlineKind[] = [
  'PIP',
  'PIP_WAARSCHUWING',
  'TERMIJN_EINDE',
  'TERMIJN_WAARSCHUWING',
  'VERWIJTBAAR_VENSTER',
  'VOORTGANGSGESPREK',
];

/** True for a deadline of the plicht itself: it arms no timer while the plicht is suspended. */
export function isPausedWhileSuspended(kind: DeadlineKind): boolean {
  return PAUSED_WHILE_SUSPENDED.includes(kind);
}

export function trajectoryDeadlines(facts: DeadlineFacts): Deadline[] {
  const deadlines: Deadline[] = [];
  if (facts.status === 'AFGESLOTEN') return deadlines;
  if (!facts.hasPip && facts.pipClock) {
    const deadline = computePipDeadline(facts.pipClock);
    deadlines.push(
      {
        kind: 'PIP',
        date: deadline,
        source: facts.pipClock.extendedTo === deadline ? 'VERLENGD' : facts.pipClock.source,
      },
      { kind: 'PIP_WAARSCHUWING', date: pipWarningDate(deadline, facts.policy), source: 'BELEID', about: deadline },
    );
  }
  if (facts.termijn) {
    const end = facts.termijn.end;
    deadlines.push({ kind: 'TERMIJN_EINDE', date: end, source: facts.termijn.source });
    for (const warning of termijnWarningDates(end, facts.policy)) {
      deadlines.push({
        kind: 'TERMIJN_WAARSCHUWING',
        date: warning.date,
        source: `BELEID:${warning.monthsBefore}_MAANDEN`,
        about: end,
        monthsBefore: warning.monthsBefore,
      });
    }
    deadlines.push({ kind: 'VERWIJTBAAR_VENSTER', date: verwijtbaarWindowStart(end), source: 'DUO', about: end });
  }
  if (facts.ontzorgen?.status === 'LOPEND') {
    deadlines.push({
      kind: 'ONTZORGEN_EINDE',
      date: facts.ontzorgen.end,
      source: 'ONTZORGEN_6_MAANDEN',
      about: facts.ontzorgen.start,
    });
  }
  if (facts.phase === 'LEERROUTE' && facts.voortgangDue) {
    deadlines.push({ kind: 'VOORTGANGSGESPREK', date: facts.voortgangDue, source: 'BELEID' });
  }
  if (facts.phase === 'OPSTARTKLAS' && facts.opstartklasEnd) {
    deadlines.push({ kind: 'OPSTARTKLAS_EINDE', date: facts.opstartklasEnd, source: 'OPSTARTKLAS' });
  }
  return deadlines;
}
