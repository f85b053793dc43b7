/**
 * The PIP as a plan (framework 4.2, Wi art. 15): besides the leerroute and level, the
 * agreements on every mandatory part of the offer (KNM, PVT, MAP, maatschappelijke
 * begeleiding, ontzorgen where offered) and on participation, each with its start date and
 * provider, and whether the inburgeraar agreed to it (the PIP is made together with them).
 *
 * The plan is optional in a PIP decision (a PIP of before this plan had only route and level);
 * once agreements are given they must cover every mandatory part of the person's offer.
 *
 * Also here: the warning (never a refusal) when the chosen route contradicts the
 * leerbaarheidstoets, and the rule that a PIP of a gezinsmigrant or overige migrant holds no
 * decisions under the Participatiewet (framework 8.1.4).
 */
import { addYears, isAfter, isValidIsoDate } from './dates';
import type { Offer } from './offer';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from './rule-result';
import type { IsoDate, LeerbaarheidResult, Leerroute, TargetGroup } from './types';

/** The mandatory parts a PIP makes agreements on (the leerroute itself is the PIP's route). */
export const PIP_ONDERDELEN = ['KNM', 'PVT', 'MAP', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const;
export type PipOnderdeel = (typeof PIP_ONDERDELEN)[number];

/** Kinds of participation a PIP can agree on (framework 4.5, 4.7). */
export const PARTICIPATIE_SOORTEN = [
  'BETAALD_WERK',
  'VRIJWILLIGERSWERK',
  'STAGE',
  'WERKERVARINGSPLAATS',
  'OPLEIDING',
  'DAGBESTEDING',
] as const;
export type ParticipatieSoort = (typeof PARTICIPATIE_SOORTEN)[number];

/** The status of a participation agreement, reported by the WERK partner or recorded by the consulent. */
export const PARTICIPATIE_STATUSSEN = ['AFGESPROKEN', 'GESTART', 'GESTOPT', 'AFGEROND'] as const;
export type ParticipatieStatus = (typeof PARTICIPATIE_STATUSSEN)[number];

/** The partner kinds that can carry out a part of the PIP (who may do which: pip-aanbieders.ts). */
export const AANBIEDER_SOORTEN = ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'WERK', 'ONTZORGEN'] as const;
export type AanbiederSoort = (typeof AANBIEDER_SOORTEN)[number];

/** The partner kinds that can carry out participation (and report its status), the default first. */
export const PARTICIPATIE_UITVOERDERS = ['WERK', 'MAATSCHAPPELIJKE_BEGELEIDING'] as const;
export type ParticipatieUitvoerder = (typeof PARTICIPATIE_UITVOERDERS)[number];

/**
 * An agreement on one mandatory part. `aanbieder` is the organisation (never a person's name);
 * `aanbiederSoort` the partner kind that carries it out, which gets its registration.
 */
export interface PipAfspraak {
  onderdeel: PipOnderdeel;
  start: IsoDate;
  aanbieder: string;
  aanbiederSoort?: AanbiederSoort;
}

/** An agreement on participation. */
export interface ParticipatieAfspraak {
  soort: ParticipatieSoort;
  start: IsoDate;
  aanbieder?: string;
  /** The partner kind of the aanbieder (default WERK when an aanbieder is named). */
  aanbiederSoort?: ParticipatieUitvoerder;
  urenPerWeek?: number;
  /** A decision under the Participatiewet (tegenprestatie, re-integratie): asielstatushouders only (8.1.4). */
  participatiewet?: boolean;
}

/** Whether the inburgeraar agreed to the PIP, and on which day this was recorded. */
export interface PipInstemming {
  akkoord: boolean;
  datum: IsoDate;
}

/** What the plan rules look at. */
export interface PipPlanInput {
  dagtekening: IsoDate;
  leerroute: Leerroute;
  targetGroup: TargetGroup;
  offer: Offer;
  afspraken?: PipAfspraak[];
  participatie?: ParticipatieAfspraak[];
  instemming?: PipInstemming;
  today: IsoDate;
}

export const ONDERDEEL_LABELS: Record<PipOnderdeel, string> = {
  KNM: 'Kennis van de Nederlandse Maatschappij (KNM)',
  PVT: 'Participatieverklaringstraject (PVT)',
  MAP: 'Module Arbeidsmarkt en Participatie (MAP)',
  MAATSCHAPPELIJKE_BEGELEIDING: 'maatschappelijke begeleiding',
  ONTZORGEN: 'ontzorgen',
};

export const PARTICIPATIE_LABELS: Record<ParticipatieSoort, string> = {
  BETAALD_WERK: 'betaald werk',
  VRIJWILLIGERSWERK: 'vrijwilligerswerk',
  STAGE: 'stage',
  WERKERVARINGSPLAATS: 'werkervaringsplaats',
  OPLEIDING: 'opleiding',
  DAGBESTEDING: 'dagbesteding',
};

/**
 * The mandatory parts of this person's PIP: KNM with a leerroute the gemeente offers (the
 * Z-route has no KNM exam), PVT and MAP (no MAP in the onderwijsroute), maatschappelijke
 * begeleiding and ontzorgen where offered.
 */
export function requiredOnderdelen(offer: Offer, leerroute: Leerroute): PipOnderdeel[] {
  const parts: PipOnderdeel[] = [];
  if (offer.leerrouteOffer && leerroute !== 'Z') parts.push('KNM');
  if (offer.pvt) parts.push('PVT');
  if (offer.map && leerroute !== 'ONDERWIJS') parts.push('MAP');
  if (offer.maatschappelijkeBegeleiding) parts.push('MAATSCHAPPELIJKE_BEGELEIDING');
  if (offer.ontzorgen) parts.push('ONTZORGEN');
  return parts;
}

/** Checks the plan part of a PIP (vaststelling or bijstelling). */
export function validatePipPlan(input: PipPlanInput): RuleResult {
  return firstRefusal(
    checkAfspraken(input),
    checkParticipatie(input),
    checkGezinsmigrantParticipatiewet(input),
    checkInstemming(input),
  );
}

/** The last day an agreement may start: within the termijn of three years that the PIP covers. */
function lastStartDay(dagtekening: IsoDate): IsoDate {
  return addYears(dagtekening, 3);
}

function checkAfspraken(input: PipPlanInput): RuleResult {
  const afspraken = input.afspraken;
  if (afspraken === undefined) return RULE_OK;
  const seen = new Set<PipOnderdeel>();
  for (const afspraak of afspraken) {
    if (seen.has(afspraak.onderdeel)) {
      return refuse(
        'PIP_AFSPRAAK_DUBBEL',
        `Er staat meer dan één afspraak over ${ONDERDEEL_LABELS[afspraak.onderdeel]} in het PIP.`,
      );
    }
    seen.add(afspraak.onderdeel);
    const start = checkStart(afspraak.start, input.dagtekening, ONDERDEEL_LABELS[afspraak.onderdeel]);
    if (!start.ok) return start;
  }
  const missing = requiredOnderdelen(input.offer, input.leerroute).filter((part) => !seen.has(part));
  if (missing.length > 0) {
    return refuse(
      'PIP_AFSPRAAK_ONTBREEKT',
      `Het PIP mist een afspraak over: ${missing.map((part) => ONDERDEEL_LABELS[part]).join(', ')}.`,
    );
  }
  if (seen.has('MAATSCHAPPELIJKE_BEGELEIDING') && !input.offer.maatschappelijkeBegeleiding) {
    return refuse(
      'PIP_MB_NIET_IN_AANBOD',
      'Maatschappelijke begeleiding hoort niet bij het aanbod van deze inburgeraar (alleen asielstatushouders).',
    );
  }
  if (seen.has('ONTZORGEN') && !input.offer.ontzorgen) {
    return refuse(
      'PIP_ONTZORGEN_NIET_IN_AANBOD',
      'Ontzorgen hoort niet bij het aanbod van deze inburgeraar (alleen asielstatushouders met bijstand).',
    );
  }
  return RULE_OK;
}

function checkStart(start: IsoDate, dagtekening: IsoDate, what: string): RuleResult {
  if (!isValidIsoDate(start)) return refuse('ONGELDIGE_INVOER', `Startdatum van ${what}: geen geldige datum.`);
  if (isAfter(start, lastStartDay(dagtekening))) {
    return refuse(
      'PIP_AFSPRAAK_START_NA_TERMIJN',
      `De startdatum van ${what} (${start}) ligt na de drie jaar die het PIP beslaat.`,
    );
  }
  return RULE_OK;
}

function checkParticipatie(input: PipPlanInput): RuleResult {
  for (const afspraak of input.participatie ?? []) {
    const start = checkStart(afspraak.start, input.dagtekening, PARTICIPATIE_LABELS[afspraak.soort]);
    if (!start.ok) return start;
  }
  return RULE_OK;
}

/** Framework 8.1.4: decisions under the Participatiewet are no part of a gezinsmigrant's PIP. */
function checkGezinsmigrantParticipatiewet(input: PipPlanInput): RuleResult {
  if (input.targetGroup === 'asielstatushouder') return RULE_OK;
  if ((input.participatie ?? []).some((afspraak) => afspraak.participatiewet === true)) {
    return refuse(
      'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
      'Beslissingen op grond van de Participatiewet horen niet in het PIP van gezinsmigranten en overige migranten (kader 8.1.4).',
    );
  }
  return RULE_OK;
}

function checkInstemming(input: PipPlanInput): RuleResult {
  const instemming = input.instemming;
  if (instemming === undefined) return RULE_OK;
  if (!isValidIsoDate(instemming.datum)) {
    return refuse('ONGELDIGE_INVOER', 'Datum van instemming: geen geldige datum (JJJJ-MM-DD).');
  }
  if (isAfter(instemming.datum, input.today)) {
    return refuse('DATUM_IN_TOEKOMST', `De datum van instemming (${instemming.datum}) ligt in de toekomst.`);
  }
  return RULE_OK;
}

/** A remark the consulent should see; the decision goes through. */
export interface PipWarning {
  code: string;
  melding: string;
}

/**
 * The chosen route against the leerbaarheidstoets: B1 not feasible but the B1- or
 * onderwijsroute chosen, or B1 feasible but the Z-route chosen. The consulent may have reasons
 * (the toets is one input of the brede intake), so this warns and never refuses.
 */
export function leerbaarheidWarnings(leerroute: Leerroute, toets: LeerbaarheidResult | undefined): PipWarning[] {
  if (toets === 'B1_NIET_HAALBAAR' && leerroute !== 'Z') {
    return [
      {
        code: 'ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS',
        melding:
          'Volgens de leerbaarheidstoets is B1 niet haalbaar, maar er is een route naar B1 gekozen. Leg in het dossier uit waarom.',
      },
    ];
  }
  if (toets === 'B1_HAALBAAR' && leerroute === 'Z') {
    return [
      {
        code: 'ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS',
        melding:
          'Volgens de leerbaarheidstoets is B1 haalbaar, maar de Z-route is gekozen. Leg in het dossier uit waarom.',
      },
    ];
  }
  return [];
}
