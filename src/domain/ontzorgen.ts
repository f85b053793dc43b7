/**
 * Financieel ontzorgen (framework 4.4; art. 56a Participatiewet): 6 months in which the
 * gemeente pays the fixed costs (huur, energie, water, zorgverzekering), with monthly
 * check-ins and an evaluation at the end (zelfredzaam, budgetbeheer vervolg or schuldhulp).
 * Who gets it: see offerFor in offer.ts. It runs from the start of the bijstand (bijstand.ts);
 * when the bijstand ends (e.g. for work) it ends early.
 */
import { addMonths, isBefore, isOnOrBefore, laterOf } from './dates';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import { VASTE_LASTEN, type IsoDate, type VasteLast, type VasteLastenCent } from './types';

export const ONTZORGEN_MONTHS = 6;

export interface OntzorgenPeriod {
  /** First day (inclusive). */
  start: IsoDate;
  /** Start + 6 months (exclusive): the day ontzorgen stops and is evaluated. */
  end: IsoDate;
}

export function ontzorgenPeriod(start: IsoDate): OntzorgenPeriod {
  return { start, end: addMonths(start, ONTZORGEN_MONTHS) };
}

/** Monthly check-ins after months 1..5; the evaluation at month 6 replaces the sixth. */
export function ontzorgenCheckInDates(start: IsoDate): IsoDate[] {
  return Array.from({ length: ONTZORGEN_MONTHS - 1 }, (_, index) => addMonths(start, index + 1));
}

export function ontzorgenEvaluationDate(start: IsoDate): IsoDate {
  return ontzorgenPeriod(start).end;
}

/**
 * The ontzorgen period of a person whose bijstand started on `bijstandStart`: six months from
 * that day — or from `eligibleFrom` when the person only became eligible later (e.g. DUO's
 * SS125: now an asielstatushouder). Undefined when those six months are already over on `today`
 * (ontzorgen is not started afterwards).
 */
export function ontzorgenFromBijstand(args: {
  bijstandStart: IsoDate;
  eligibleFrom?: IsoDate;
  today: IsoDate;
}): OntzorgenPeriod | undefined {
  const start = args.eligibleFrom ? laterOf(args.bijstandStart, args.eligibleFrom) : args.bijstandStart;
  const period = ontzorgenPeriod(start);
  return isOnOrBefore(period.end, args.today) ? undefined : period;
}

/**
 * The bijstand ends on `bijstandEinde` (the day it stops, like `end` here): ontzorgen ends early
 * that same day — there is no bijstand left to pay the fixed costs from — unless its six months
 * are over first (then it ends as planned: undefined).
 */
export function ontzorgenEarlyEnd(period: OntzorgenPeriod, bijstandEinde: IsoDate): IsoDate | undefined {
  return isBefore(bijstandEinde, period.end) ? laterOf(bijstandEinde, period.start) : undefined;
}

// --- fixed costs -------------------------------------------------------------------------------

/** The fixed costs the ontzorgen provider pays from the bijstand (framework 4.4). */
export { VASTE_LASTEN, type VasteLast, type VasteLastenCent } from './types';

export const VASTE_LAST_LABELS: Record<VasteLast, string> = {
  huur: 'Huur',
  energie: 'Energie (gas en elektra)',
  water: 'Water',
  zorgverzekering: 'Zorgverzekering (basis)',
};

/**
 * Built-in monthly defaults, in cents, for a cost the bijstand decision or the income
 * department does not name. Each gemeente sets its own (GEMEENTE_POLICIES
 * `ontzorgenVasteLastenCent`); the decision's amounts always win.
 */
export const DEFAULT_VASTE_LASTEN_CENT: VasteLastenCent = {
  huur: 65_000,
  energie: 15_000,
  water: 2_500,
  zorgverzekering: 16_000,
};

/** At most € 10.000 per month per cost: a larger amount is a typing error. */
export const MAX_VASTE_LAST_CENT = 1_000_000;

/** The amounts the provider takes over: the given ones, the rest from the gemeente's defaults. */
export function vasteLastenFor(
  given: Partial<VasteLastenCent> | undefined,
  defaults: VasteLastenCent = DEFAULT_VASTE_LASTEN_CENT,
): VasteLastenCent {
  const result = { ...defaults };
  for (const last of VASTE_LASTEN) {
    const amount = given?.[last];
    if (amount !== undefined) result[last] = amount;
  }
  return result;
}

/** Each named amount: whole cents, 0 to € 10.000 per month; no other costs. */
export function checkVasteLasten(given: unknown): RuleResult {
  if (given === undefined) return RULE_OK;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    return refuse('ONGELDIGE_INVOER', 'Vaste lasten: een bedrag per soort (huur, energie, water, zorgverzekering).');
  }
  for (const [key, amount] of Object.entries(given)) {
    if (!(VASTE_LASTEN as readonly string[]).includes(key)) {
      return refuse('ONGELDIGE_INVOER', `Vaste lasten: onbekende soort ${key} (wel: ${VASTE_LASTEN.join(', ')}).`);
    }
    if (amount === undefined) continue;
    if (!Number.isSafeInteger(amount) || (amount as number) < 0 || (amount as number) > MAX_VASTE_LAST_CENT) {
      return refuse('ONGELDIGE_INVOER', `Vaste lasten ${key}: hele centen per maand, 0 tot en met 1000000.`);
    }
  }
  return RULE_OK;
}

// --- evaluation --------------------------------------------------------------------------------

/**
 * The outcome of the evaluation after six months: financieel zelfredzaam, budgetbeheer as
 * follow-up (vervolg), or schuldhulpverlening. The monitor counts these values.
 */
export const ONTZORGEN_EVALUATIE_UITKOMSTEN = ['ZELFREDZAAM', 'BUDGETBEHEER_VERVOLG', 'SCHULDHULP'] as const;
export type OntzorgenEvaluatieUitkomst = (typeof ONTZORGEN_EVALUATIE_UITKOMSTEN)[number];

export const ONTZORGEN_EVALUATIE_LABELS: Record<OntzorgenEvaluatieUitkomst, string> = {
  ZELFREDZAAM: 'Financieel zelfredzaam',
  BUDGETBEHEER_VERVOLG: 'Vervolg met budgetbeheer',
  SCHULDHULP: 'Doorverwezen naar schuldhulpverlening',
};

export interface OntzorgenEvaluatie {
  datum: IsoDate;
  uitkomst: OntzorgenEvaluatieUitkomst;
}

/**
 * May the ontzorgen be evaluated on `datum`? Once it has ended (after its six months, or
 * early), not before its end day, and once.
 */
export function checkOntzorgenEvaluatie(
  ontzorgen: { end: IsoDate; status: 'LOPEND' | 'BEEINDIGD'; evaluatie?: OntzorgenEvaluatie } | undefined,
  datum: IsoDate,
): RuleResult {
  if (!ontzorgen) return refuse('GEEN_ONTZORGEN', 'Deze inburgeraar is niet ontzorgd: er is niets te evalueren.');
  if (ontzorgen.evaluatie) {
    return refuse('DUBBELE_MELDING', `Het ontzorgen is al geëvalueerd (${ontzorgen.evaluatie.datum}).`);
  }
  if (ontzorgen.status === 'LOPEND') {
    return refuse('ONTZORGEN_LOOPT', `Het ontzorgen loopt nog tot ${ontzorgen.end}; evalueer daarna.`);
  }
  if (isBefore(datum, ontzorgen.end)) {
    return refuse(
      'EVALUATIE_VOOR_EINDE',
      `De evaluatie (${datum}) ligt vóór het einde van het ontzorgen (${ontzorgen.end}).`,
    );
  }
  return RULE_OK;
}
