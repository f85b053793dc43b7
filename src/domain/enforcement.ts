/**
 * Handhaving (framework 3.2.5, 4.8; Wi art. 22–23): trust and personal contact first,
 * enforcement only at the legal minimum, a boete only as a last resort. This module only
 * *proposes*: a person decides, the service never fines by itself.
 */
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { TargetGroup } from './types';

/** Wi art. 22–23: the municipal boete for not keeping to the PIP is at most € 800. */
export const MAX_GEMEENTELIJKE_BOETE_EUR = 800;

export const SANCTION_FLAGS = {
  /** Raad van State 9 July 2025 / 18 Feb 2026: no fines for asielstatushouders as standard practice. */
  RVS_2025_ASIELSTATUSHOUDER: 'RVS_2025_ASIELSTATUSHOUDER',
  /** Old law, voluntary participation (framework 2.1.2): never new-law sanctions. */
  ONDERTUSSENGROEP: 'ONDERTUSSENGROEP',
  /** Always set: the result is a proposal for a person, not a decision. */
  BESLISSING_DOOR_MEDEWERKER: 'BESLISSING_DOOR_MEDEWERKER',
} as const;
export type SanctionFlag = (typeof SANCTION_FLAGS)[keyof typeof SANCTION_FLAGS];

/** What the inburgeraar failed to do (Wi art. 22: the obligations around brede intake and PIP). */
export const ENFORCEMENT_REASONS = [
  'BREDE_INTAKE_NIET_MEEGEWERKT',
  'PIP_NIET_MEEGEWERKT',
  'PIP_AFSPRAKEN_NIET_NAGEKOMEN',
  'VOORTGANGSGESPREK_NIET_VERSCHENEN',
] as const;
export type EnforcementReason = (typeof ENFORCEMENT_REASONS)[number];

const REASON_LABELS: Record<EnforcementReason, string> = {
  BREDE_INTAKE_NIET_MEEGEWERKT: 'niet meegewerkt aan de brede intake',
  PIP_NIET_MEEGEWERKT: 'niet meegewerkt aan het opstellen van het PIP',
  PIP_AFSPRAKEN_NIET_NAGEKOMEN: 'afspraken uit het PIP niet nagekomen',
  VOORTGANGSGESPREK_NIET_VERSCHENEN: 'niet verschenen op het voortgangsgesprek',
};

export type SanctionKind = 'NONE' | 'WAARSCHUWING' | 'BOETE_VOORSTEL';

export interface SanctionProposalInput {
  ondertussengroep: boolean;
  targetGroup: TargetGroup;
  reason: EnforcementReason;
  /** Warnings a person already gave (decided) — a proposed warning is not given until decided. */
  priorWarnings: number;
}

export interface SanctionProposal {
  kind: SanctionKind;
  /** Only for BOETE_VOORSTEL: the legal maximum, not the amount (a person weighs circumstances). */
  maxAmountEur?: number;
  flags: SanctionFlag[];
  /** Dutch explanation for the consulent. */
  reason: string;
}

/**
 * Ladder: nothing for the ondertussengroep; otherwise first a warning; after a warning a
 * boete *proposal* of at most € 800. For asielstatushouders the proposal carries the Raad van
 * State flag: a boete needs an individual weighing, never standard practice.
 */
export function proposeSanction(input: SanctionProposalInput): SanctionProposal {
  const what = REASON_LABELS[input.reason];
  if (input.ondertussengroep) {
    return {
      kind: 'NONE',
      flags: [SANCTION_FLAGS.ONDERTUSSENGROEP],
      reason: `Geen handhaving: de inburgeraar hoort bij de ondertussengroep (oude wet) en doet vrijwillig mee (${what}).`,
    };
  }
  if (input.priorWarnings < 1) {
    return {
      kind: 'WAARSCHUWING',
      flags: [SANCTION_FLAGS.BESLISSING_DOOR_MEDEWERKER],
      reason: `Voorstel: eerst een waarschuwing (${what}). Ga eerst in gesprek; vertrouwen en persoonlijk contact gaan voor.`,
    };
  }
  const isAsielstatushouder = input.targetGroup === 'asielstatushouder';
  return {
    kind: 'BOETE_VOORSTEL',
    maxAmountEur: MAX_GEMEENTELIJKE_BOETE_EUR,
    flags: isAsielstatushouder
      ? [SANCTION_FLAGS.BESLISSING_DOOR_MEDEWERKER, SANCTION_FLAGS.RVS_2025_ASIELSTATUSHOUDER]
      : [SANCTION_FLAGS.BESLISSING_DOOR_MEDEWERKER],
    reason:
      `Voorstel om een boete te overwegen van ten hoogste € ${MAX_GEMEENTELIJKE_BOETE_EUR} (${what}, ` +
      `na ${input.priorWarnings} waarschuwing${input.priorWarnings === 1 ? '' : 'en'}). Weeg de omstandigheden mee.` +
      (isAsielstatushouder
        ? ' Let op: volgens de Raad van State (2025, 2026) mag een asielstatushouder niet standaard een boete krijgen; beoordeel de situatie individueel.'
        : ''),
  };
}

// --- the decision on a proposal --------------------------------------------------------------

/** Wi art. 22–23 in whole cents: a boete is at most € 800. */
export const MAX_GEMEENTELIJKE_BOETE_CENT = MAX_GEMEENTELIJKE_BOETE_EUR * 100;

/** What a person decides on a handhaving proposal (the monitor counts these, HANDHAVING_BESLOTEN). */
export const HANDHAVING_BESLUITEN = ['WAARSCHUWING', 'BOETE', 'AFGEZIEN'] as const;
export type HandhavingBesluitSoort = (typeof HANDHAVING_BESLUITEN)[number];

/** Why a person decided not to sanction (codes: the reason itself stays out of the workflow). */
export const AFZIEN_REDENEN = [
  'ALSNOG_NAGEKOMEN',
  'NIET_VERWIJTBAAR',
  'BIJZONDERE_OMSTANDIGHEDEN',
  'GESPREK_VOLSTAAT',
  'ASIELSTATUSHOUDER_GEEN_BOETE',
] as const;
export type AfzienReden = (typeof AFZIEN_REDENEN)[number];

export const AFZIEN_REDEN_LABELS: Record<AfzienReden, string> = {
  ALSNOG_NAGEKOMEN: 'De inburgeraar is de afspraken alsnog nagekomen',
  NIET_VERWIJTBAAR: 'Niet verwijtbaar',
  BIJZONDERE_OMSTANDIGHEDEN: 'Bijzondere omstandigheden',
  GESPREK_VOLSTAAT: 'Een gesprek volstaat (vertrouwen en persoonlijk contact eerst)',
  ASIELSTATUSHOUDER_GEEN_BOETE: 'Asielstatushouder: geen boete als standaardpraktijk (Raad van State)',
};

export interface HandhavingBesluitFacts {
  besluit: HandhavingBesluitSoort;
  /** BOETE: the amount in whole cents. */
  bedragCent?: number;
  /**
   * BOETE for an asielstatushouder: the person confirms the circumstances were weighed for this
   * individual — a boete is never standard practice for them (Raad van State 2025, 2026).
   */
  individueleAfweging?: boolean;
}

export interface HandhavingContext {
  ondertussengroep: boolean;
  targetGroup: TargetGroup;
  /** Warnings a person decided (given), not proposed. */
  warningsGiven: number;
}

/**
 * May a person take this decision? A boete only after a warning that was given, of at most
 * € 800 in whole cents, and for an asielstatushouder only after an individual weighing (Raad van
 * State 9 July 2025 / 18 Feb 2026). The ondertussengroep (old law, voluntary) gets no sanction at
 * all; afzien is always possible.
 */
export function checkHandhavingBesluit(facts: HandhavingBesluitFacts, context: HandhavingContext): RuleResult {
  if (facts.besluit === 'AFGEZIEN') return RULE_OK;
  if (context.ondertussengroep) {
    return refuse(
      'HANDHAVING_ONDERTUSSENGROEP',
      'Geen sanctie: de inburgeraar hoort bij de ondertussengroep (oude wet) en doet vrijwillig mee.',
    );
  }
  if (facts.besluit === 'WAARSCHUWING') return RULE_OK;
  const amount = facts.bedragCent;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX_GEMEENTELIJKE_BOETE_CENT) {
    return refuse(
      'BOETE_BEDRAG',
      `Een boete is een bedrag in hele centen van 1 tot en met ${MAX_GEMEENTELIJKE_BOETE_CENT} (€ ${MAX_GEMEENTELIJKE_BOETE_EUR}, Wi art. 22–23).`,
    );
  }
  if (context.warningsGiven < 1) {
    return refuse(
      'BOETE_ZONDER_WAARSCHUWING',
      'Een boete kan pas na een gegeven waarschuwing (een voorgestelde waarschuwing telt niet): geef eerst een waarschuwing.',
    );
  }
  if (context.targetGroup === 'asielstatushouder' && facts.individueleAfweging !== true) {
    return refuse(
      'RVS_2025_ASIELSTATUSHOUDER',
      'Een asielstatushouder mag volgens de Raad van State (2025, 2026) niet standaard een boete krijgen: bevestig dat de omstandigheden van deze persoon individueel zijn afgewogen, of zie af van de boete.',
    );
  }
  return RULE_OK;
}
