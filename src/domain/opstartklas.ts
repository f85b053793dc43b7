/**
 * The opstartklas (framework 4.5.1): a voortraject before the leerroute — NT2, orientation on
 * work and education (MAP), lokale worteling (PVT), the sociale kaart — and a buffer until the
 * chosen route can start.
 *
 * Who may join: everyone. The framework: "Doelgroep — De opstartklas wordt zo breed mogelijk
 * ingestoken om alle inburgeraars mee te kunnen laten doen" and "Omvang — Alle inburgeraars
 * kunnen deelnemen aan de opstartklas." So no doelgroep is refused: not gezinsmigranten or
 * overige migranten (who buy their own leerroute), not a person without bijstand. (Before, the
 * validator refused everyone without the gemeente's leerroute-aanbod — against 4.5.1.)
 *
 * How long: "Naar schatting duurt het traject ongeveer 1 á 2 maanden" — one to two months, and
 * it must still be running (its end in the future). When: before the leerroute starts.
 */
import { addMonths, isAfter, isBefore } from './dates';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from './rule-result';
import type { IsoDate, TargetGroup } from './types';

export interface OpstartklasCheck {
  targetGroup: TargetGroup;
  start: IsoDate;
  end: IsoDate;
  today: IsoDate;
}

/** Framework 4.5.1: every inburgeraar may join the opstartklas, whatever the doelgroep. */
export function mayJoinOpstartklas(_targetGroup: TargetGroup): RuleResult {
  return RULE_OK;
}

/** Who may join (everyone) and how long it lasts (one to two months, still running). */
export function validateOpstartklas(input: OpstartklasCheck): RuleResult {
  return firstRefusal(
    mayJoinOpstartklas(input.targetGroup),
    !isBefore(input.end, addMonths(input.start, 1)) && !isAfter(input.end, addMonths(input.start, 2))
      ? RULE_OK
      : refuse('OPSTARTKLAS_DUUR', 'Een opstartklas duurt 1 tot 2 maanden.'),
    isAfter(input.end, input.today)
      ? RULE_OK
      : refuse('OPSTARTKLAS_DUUR', 'Het einde van de opstartklas ligt niet in de toekomst.'),
  );
}
