/**
 * The PIP clock: the PIP must be vastgesteld within 10 weeks (framework 4.2; Besluit
 * inburgering 2021 art. 5.3). The start is an explicit event, never a guess (LAW.md):
 * DUO's SS139 ("the 10-week term has started"), or the inschrijving at the gemeente when
 * no SS139 came.
 */
import { addDays, addWeeks, isAfter, isBefore, laterOf } from './dates';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { GemeentePolicy, IsoDate } from './types';

export const PIP_DEADLINE_WEEKS = 10;
/** Besluit art. 5.3: waiting for third-party information extends the term until 2 weeks after receipt. */
export const PIP_THIRD_PARTY_EXTENSION_WEEKS = 2;

export type PipClockSource = 'SS139' | 'INSCHRIJVING';

export interface PipClockStart {
  date: IsoDate;
  source: PipClockSource;
  /**
   * Besluit art. 5.3: the deadline extended while the gemeente waited for information from
   * third parties (a decision, `extendPipClock`). A restarted clock (a new SS139) drops it.
   */
  extendedTo?: IsoDate;
}

/** Third parties whose information the gemeente may wait for (Besluit art. 5.3). */
export const PIP_DERDEN = ['COA', 'DUO', 'IND', 'UWV', 'ZORGVERLENER', 'VORIGE_GEMEENTE', 'ANDERS'] as const;
export type PipDerde = (typeof PIP_DERDEN)[number];

/** SS139 wins over inschrijving: DUO's kennisgeving is what the Besluit counts from. */
export function pipClockStart({
  ss139Date,
  inschrijvingDate,
}: {
  ss139Date?: IsoDate;
  inschrijvingDate?: IsoDate;
}): PipClockStart | undefined {
  if (ss139Date !== undefined) return { date: ss139Date, source: 'SS139' };
  if (inschrijvingDate !== undefined) return { date: inschrijvingDate, source: 'INSCHRIJVING' };
  return undefined;
}

/**
 * Applies a (new) SS139. DUO sends SS139 again when the person leaves COA and now lives in
 * the gemeente: a later SS139 restarts the clock. An SS139 always replaces an inschrijving
 * start. An SS139 dated on or before the current SS139 start is a duplicate or arrived out
 * of order and changes nothing.
 */
export function restartPipClock(current: PipClockStart | undefined, ss139Date: IsoDate): PipClockStart {
  if (current === undefined || current.source === 'INSCHRIJVING' || isAfter(ss139Date, current.date)) {
    return { date: ss139Date, source: 'SS139' };
  }
  return current;
}

/**
 * The last day on which the PIP may be vastgesteld: clock start + 10 weeks (70 days; the
 * term runs from the day after the start, Algemene termijnenwet style).
 */
export function computePipDeadline(clockStart: PipClockStart | IsoDate): IsoDate {
  const start = typeof clockStart === 'string' ? clockStart : clockStart.date;
  const deadline = addWeeks(start, PIP_DEADLINE_WEEKS);
  const extendedTo = typeof clockStart === 'string' ? undefined : clockStart.extendedTo;
  return extendedTo !== undefined ? laterOf(deadline, extendedTo) : deadline;
}

/**
 * Checks a decision to extend the PIP deadline because the gemeente waited for information
 * from a third party, received on `informationReceivedDate`: only while no PIP is set and the
 * clock runs, with a receipt date not in the future and not before the clock started, and only
 * when it really moves the deadline (information that came in more than two weeks before the
 * deadline needs no extension).
 */
export function validatePipDeadlineExtension(input: {
  clock: PipClockStart | undefined;
  hasPip: boolean;
  informationReceivedDate: IsoDate;
  today: IsoDate;
}): RuleResult {
  if (input.hasPip) {
    return refuse('PIP_AL_VASTGESTELD', 'Het PIP is al vastgesteld; de PIP-termijn kan niet meer worden verlengd.');
  }
  if (!input.clock) {
    return refuse(
      'PIP_TERMIJN_NIET_GESTART',
      'De PIP-termijn loopt nog niet (geen inschrijving of melding van DUO); er is niets te verlengen.',
    );
  }
  const received = input.informationReceivedDate;
  if (isAfter(received, input.today)) {
    return refuse(
      'DATUM_IN_TOEKOMST',
      `De informatie is nog niet ontvangen (${received} ligt in de toekomst); verleng de termijn zodra die binnen is.`,
    );
  }
  if (isBefore(received, input.clock.date)) {
    return refuse(
      'PIP_VERLENGING_VOOR_START_TERMIJN',
      `De informatie kwam binnen (${received}) vóór de start van de PIP-termijn (${input.clock.date}).`,
    );
  }
  const current = computePipDeadline(input.clock);
  const extended = extendPipDeadlineForThirdPartyInfo(current, received);
  if (extended === current) {
    return refuse(
      'PIP_VERLENGING_ZONDER_EFFECT',
      `De termijn loopt al tot ${current}; twee weken na ontvangst (${received}) valt daarvóór, dus verlengen verandert niets.`,
    );
  }
  return RULE_OK;
}

/** The clock with its deadline extended until two weeks after the information came in. */
export function extendPipClock(clock: PipClockStart, informationReceivedDate: IsoDate): PipClockStart {
  return {
    ...clock,
    extendedTo: extendPipDeadlineForThirdPartyInfo(computePipDeadline(clock), informationReceivedDate),
  };
}

/** Early-warning day for the consulent: the policy's number of days before the deadline. */
export function pipWarningDate(deadline: IsoDate, policy: Pick<GemeentePolicy, 'pipWarningDaysBefore'>): IsoDate {
  return addDays(deadline, -policy.pipWarningDaysBefore);
}

/**
 * Besluit art. 5.3: while waiting for third-party information the term extends until 2 weeks
 * after that information came in; it never shortens the deadline.
 */
export function extendPipDeadlineForThirdPartyInfo(deadline: IsoDate, informationReceivedDate: IsoDate): IsoDate {
  return laterOf(deadline, addWeeks(informationReceivedDate, PIP_THIRD_PARTY_EXTENSION_WEEKS));
}

/** Overdue from the day after the deadline (the deadline day itself is still in time). */
export function isPipDeadlinePassed(deadline: IsoDate, today: IsoDate): boolean {
  return isAfter(today, deadline);
}
