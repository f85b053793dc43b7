/**
 * The real start of the leerroute (issue 12 §3): the taalaanbieder reports "gestart"
 * (LEERROUTE_GESTART), or the consulent records it when the provider has no system. That date —
 * not the PIP's dagtekening — is the datumInburgeringsaanbod DUO receives (Wi art. 16).
 */
import { isAfter, isValidIsoDate } from './dates';
import { refuse, RULE_OK, type RuleResult } from './rule-result';
import type { IsoDate } from './types';

export interface LeerrouteGestartFacts {
  phase: string;
  /** The dagtekening of the PIP in force (undefined: no PIP yet). */
  pipDagtekening?: IsoDate;
  /** The start already recorded, if any. */
  gestartOn?: IsoDate;
}

/** May the leerroute's real start be recorded as `datum` today? Once, in phase LEERROUTE, PIP ≤ datum ≤ today. */
export function checkLeerrouteGestart(facts: LeerrouteGestartFacts, datum: unknown, today: IsoDate): RuleResult {
  if (!isValidIsoDate(datum)) return refuse('ONGELDIGE_INVOER', 'Startdatum: geen geldige datum (JJJJ-MM-DD).');
  if (facts.phase !== 'LEERROUTE') {
    return refuse(
      'VERKEERDE_FASE',
      `De start van de leerroute kan niet in de fase ${facts.phase} (wel in: LEERROUTE).`,
    );
  }
  if (facts.gestartOn !== undefined) {
    return refuse('DUBBELE_MELDING', `De leerroute is al gestart op ${facts.gestartOn}.`);
  }
  if (isAfter(datum, today)) return refuse('DATUM_IN_TOEKOMST', `Startdatum (${datum}) ligt in de toekomst.`);
  if (facts.pipDagtekening === undefined || isAfter(facts.pipDagtekening, datum)) {
    return refuse(
      'START_VOOR_PIP',
      `De leerroute kan niet starten (${datum}) vóór de dagtekening van het PIP (${facts.pipDagtekening ?? 'geen PIP'}).`,
    );
  }
  return RULE_OK;
}
