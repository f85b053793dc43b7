/**
 * Bijstand as a fact that changes (framework 4.4; art. 56a Participatiewet). Whether a person
 * receives bijstand decides ontzorgen: six months for an asielstatushouder, counted from the
 * start of the bijstand (ontzorgen.ts). The fact comes from a consulent's decision or from the
 * gemeente's income department (partner kind INKOMEN); a trajectory started without it (e.g. by
 * DUO's notification) holds it as ONBEKEND until a consulent establishes it.
 *
 *   ONBEKEND ──GESTART──▶ LOPEND ──BEEINDIGD──▶ BEEINDIGD ──GESTART (after the end)──▶ LOPEND
 *   ONBEKEND ──GEEN────▶ GEEN ──GESTART──▶ LOPEND
 */
import { isBefore } from './dates';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { IsoDate } from './types';

export const BIJSTAND_STATUSES = ['ONBEKEND', 'GEEN', 'LOPEND', 'BEEINDIGD'] as const;
export type BijstandStatus = (typeof BIJSTAND_STATUSES)[number];

/** Why the bijstand ended. WERK: uitstroom naar werk (ends ontzorgen early, like any end). */
export const BIJSTAND_EINDE_REDENEN = ['WERK', 'OPLEIDING', 'VERHUIZING', 'ANDERS'] as const;
export type BijstandEindeReden = (typeof BIJSTAND_EINDE_REDENEN)[number];

export const BIJSTAND_EINDE_REDEN_LABELS: Record<BijstandEindeReden, string> = {
  WERK: 'Werk (uitstroom naar werk)',
  OPLEIDING: 'Opleiding (studiefinanciering)',
  VERHUIZING: 'Verhuizing naar een andere gemeente',
  ANDERS: 'Andere reden',
};

/** What a consulent decides (or the income department reports). GEEN: no bijstand (answers ONBEKEND). */
export const BIJSTAND_SOORTEN = ['GESTART', 'BEEINDIGD', 'GEEN'] as const;
export type BijstandSoort = (typeof BIJSTAND_SOORTEN)[number];

export const BIJSTAND_SOORT_LABELS: Record<BijstandSoort, string> = {
  GESTART: 'Bijstand gestart',
  BEEINDIGD: 'Bijstand beëindigd',
  GEEN: 'Geen bijstand',
};

export interface BijstandFact {
  status: BijstandStatus;
  /** First day of the (last) bijstand period. */
  start?: IsoDate;
  /** The day the bijstand stopped (BEEINDIGD). */
  einde?: IsoDate;
  reden?: BijstandEindeReden;
}

export type BijstandChange =
  | { soort: 'GESTART'; datum: IsoDate }
  | { soort: 'BEEINDIGD'; datum: IsoDate; reden: BijstandEindeReden }
  | { soort: 'GEEN'; datum: IsoDate };

/** The fact at the start of a trajectory: known on bijstand (since `start`), known not, or unknown. */
export function initialBijstand(input: { onBijstand: boolean; onbekend?: boolean; start?: IsoDate }): BijstandFact {
  if (input.onBijstand) return { status: 'LOPEND', ...(input.start !== undefined ? { start: input.start } : {}) };
  return { status: input.onbekend ? 'ONBEKEND' : 'GEEN' };
}

/**
 * May the fact change this way? A start while bijstand runs, an end without bijstand, an end
 * before the start, a new start before the previous end and a repeated answer are refused.
 */
export function checkBijstandChange(current: BijstandFact, change: BijstandChange): RuleResult {
  switch (change.soort) {
    case 'GESTART':
      if (current.status === 'LOPEND') {
        return refuse('DUBBELE_MELDING', `De bijstand loopt al${current.start ? ` (sinds ${current.start})` : ''}.`);
      }
      if (current.status === 'BEEINDIGD' && current.einde && isBefore(change.datum, current.einde)) {
        return refuse(
          'BIJSTAND_VOLGORDE',
          `Een nieuwe bijstand start niet vóór het einde van de vorige (${current.einde}); gegeven: ${change.datum}.`,
        );
      }
      return RULE_OK;
    case 'BEEINDIGD':
      if (current.status === 'BEEINDIGD') {
        return refuse('DUBBELE_MELDING', `De bijstand is al beëindigd (${current.einde ?? 'datum onbekend'}).`);
      }
      if (current.status !== 'LOPEND') {
        return refuse('GEEN_BIJSTAND', 'Er loopt geen bijstand die kan eindigen.');
      }
      if (current.start && isBefore(change.datum, current.start)) {
        return refuse(
          'EINDE_VOOR_START',
          `De bijstand kan niet eindigen (${change.datum}) vóór de start (${current.start}).`,
        );
      }
      return RULE_OK;
    case 'GEEN':
      if (current.status === 'LOPEND') {
        return refuse(
          'BIJSTAND_LOOPT',
          `De bijstand loopt${current.start ? ` sinds ${current.start}` : ''}: leg het einde vast met een datum en reden.`,
        );
      }
      if (current.status !== 'ONBEKEND') {
        return refuse('DUBBELE_MELDING', 'Al vastgelegd: de persoon heeft geen (lopende) bijstand.');
      }
      return RULE_OK;
  }
}

/** The fact after an accepted change (checkBijstandChange first). */
export function applyBijstandChange(current: BijstandFact, change: BijstandChange): BijstandFact {
  switch (change.soort) {
    case 'GESTART':
      return { status: 'LOPEND', start: change.datum };
    case 'BEEINDIGD':
      return { ...current, status: 'BEEINDIGD', einde: change.datum, reden: change.reden };
    case 'GEEN':
      return { status: 'GEEN' };
  }
}

export function isOnBijstand(fact: BijstandFact): boolean {
  return fact.status === 'LOPEND';
}
