/**
 * Money of the voorzieningen (framework chapter 6), always in whole euro cents (integers):
 * never floating-point euros.
 *
 * Per inburgeraar the Rijk pays the gemeente an average amount per voorziening (6.2, excl.
 * VAT); these are the defaults, and each gemeente may set its own (configuration):
 *
 * | voorziening                  | asielstatushouder | gezinsmigrant / overige migrant |
 * |------------------------------|-------------------|---------------------------------|
 * | leerroute (incl. KNM)        | € 10.000          | –                               |
 * | MAP                          | € 136             | € 195                           |
 * | maatschappelijke begeleiding | € 1.944           | –                               |
 * | PVT                          | € 216             | € 216                           |
 * | tolkvoorziening              | € 417             | € 179                           |
 * | total (as printed)           | € 12.712          | € 589                           |
 *
 * The printed totals are one euro short of their parts (€ 12.713 and € 590); the service adds
 * the parts (a total is never configured on its own).
 * A trajectory commits its voorzieningen when its first PIP is vastgesteld (the PIP fixes the
 * leerroute and the modules; maatschappelijke begeleiding and ontzorgen start with it). The
 * ondertussengroep falls under the old law and is paid from other money ("verhoging
 * taalniveau"), so it commits nothing here.
 *
 * Prestatiebekostiging: from 2026, 10 % of the voorzieningen budget depends on the results of
 * year t−2: the share of that year's cohort that met the obligation within its termijn.
 */
import type { Leerroute, TargetGroup } from './types';

export const VOORZIENINGEN = ['leerroute', 'map', 'maatschappelijkeBegeleiding', 'pvt', 'tolk'] as const;
export type Voorziening = (typeof VOORZIENINGEN)[number];

export type Cents = number;
export type AmountsPerVoorziening = Record<Voorziening, Cents>;
/** The framework groups gezins- and overige migranten (2.2); the money table names gezinsmigranten. */
export type MoneyGroup = 'asielstatushouder' | 'gezinsmigrant';
export type AmountsPerGroup = Record<MoneyGroup, AmountsPerVoorziening>;

export const DEFAULT_AMOUNTS_CENT: AmountsPerGroup = {
  asielstatushouder: {
    leerroute: 1_000_000,
    map: 13_600,
    maatschappelijkeBegeleiding: 194_400,
    pvt: 21_600,
    tolk: 41_700,
  },
  gezinsmigrant: { leerroute: 0, map: 19_500, maatschappelijkeBegeleiding: 0, pvt: 21_600, tolk: 17_900 },
};

export function moneyGroupOf(targetGroup: TargetGroup): MoneyGroup {
  return targetGroup === 'asielstatushouder' ? 'asielstatushouder' : 'gezinsmigrant';
}

/** Which voorzieningen a trajectory with a PIP commits (framework 2.2, 4.5.2: no MAP in the Onderwijsroute). */
export function committedVoorzieningen(trajectory: {
  targetGroup: TargetGroup;
  ondertussengroep: boolean;
  leerroute: Leerroute | null;
}): Voorziening[] {
  if (trajectory.ondertussengroep) return [];
  const asiel = trajectory.targetGroup === 'asielstatushouder';
  return VOORZIENINGEN.filter((voorziening) => {
    switch (voorziening) {
      case 'leerroute':
      case 'maatschappelijkeBegeleiding':
        return asiel;
      case 'map':
        return trajectory.leerroute !== 'ONDERWIJS';
      case 'pvt':
      case 'tolk':
        return true;
    }
  });
}

/** The amounts of one group with a gemeente's own settings over the framework's. */
export function amountsFor(
  own: Partial<Record<MoneyGroup, Partial<AmountsPerVoorziening>>> | undefined,
): AmountsPerGroup {
  return {
    asielstatushouder: { ...DEFAULT_AMOUNTS_CENT.asielstatushouder, ...own?.asielstatushouder },
    gezinsmigrant: { ...DEFAULT_AMOUNTS_CENT.gezinsmigrant, ...own?.gezinsmigrant },
  };
}

export const PRESTATIE_FIRST_YEAR = 2026;
/** 10 % of the voorzieningen budget: in per mille to stay in integers. */
export const PRESTATIE_SHARE_PERMILLE = 100;
export const PRESTATIE_LAG_YEARS = 2;

/** The cohort year a prestatiebekostiging year looks at (2026 → 2024). */
export function prestatieCohortYear(year: number): number {
  return year - PRESTATIE_LAG_YEARS;
}

/** The performance-dependent part of a year's budget (0 before 2026). Rounded to whole cents. */
export function prestatieDeelCent(year: number, budgetCent: Cents): Cents {
  if (year < PRESTATIE_FIRST_YEAR) return 0;
  return Math.round((budgetCent * PRESTATIE_SHARE_PERMILLE) / 1000);
}

/** `1271200` → `12712,00` (Dutch decimal comma, no thousands separator: for spreadsheets). */
export function centsToEuroText(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
