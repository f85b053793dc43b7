/**
 * Participation and work during the trajectory (framework 1.1, 3.2.2, 4.5, 4.7: taking part —
 * preferably through paid work — from day one) and the outcome at its end.
 *
 * The PIP agrees on participation (pip-plan.ts: betaald werk, vrijwilligerswerk, stage,
 * werkervaringsplaats, opleiding, dagbesteding). Each activity then changes status, reported by
 * the werkmakelaar/jobcoach (partner kind WERK) or the maatschappelijk begeleider, or recorded
 * by the consulent:
 *
 *   AFGESPROKEN ──▶ GESTART ──▶ AFGEROND
 *        │            ▲  │
 *        └──▶ GESTOPT ◀──┘      (GESTOPT ──▶ GESTART: picked up again)
 *
 * An activity that is not in the PIP can start too (a job found on one's own): it is added.
 * Its start under the Participatiewet (tegenprestatie, re-integratie) is a decision a
 * gezinsmigrant's or overige migrant's trajectory does not hold (framework 8.1.4).
 *
 * At the end of the trajectory the outcome (uitstroom) is recorded: work (with hours per
 * week), education, other participation, or none — given by the consulent when closing, or
 * derived from the activities still running on that day (`deriveUitstroom`).
 */
import { isAfter, isBefore, isValidIsoDate } from './dates';
import {
  PARTICIPATIE_LABELS,
  PARTICIPATIE_SOORTEN,
  type ParticipatieAfspraak,
  type ParticipatieSoort,
  type ParticipatieStatus,
} from './pip-plan';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { IsoDate, TargetGroup } from './types';

/** The statuses an activity can be moved to (AFGESPROKEN is only where it begins). */
export const PARTICIPATIE_MELDING_STATUSSEN = ['GESTART', 'GESTOPT', 'AFGEROND'] as const;
export type ParticipatieMeldingStatus = (typeof PARTICIPATIE_MELDING_STATUSSEN)[number];

/** Legal status changes. AFGEROND is final. */
export const PARTICIPATIE_OVERGANGEN: Record<ParticipatieStatus, readonly ParticipatieMeldingStatus[]> = {
  AFGESPROKEN: ['GESTART', 'GESTOPT'],
  GESTART: ['GESTOPT', 'AFGEROND'],
  GESTOPT: ['GESTART'],
  AFGEROND: [],
};

/** Most hours a week an activity can take (a full-time job is 36–40). */
export const MAX_UREN_PER_WEEK = 60;

/** One participation activity of the trajectory, as it stands. */
export interface ParticipatieActiviteit {
  soort: ParticipatieSoort;
  status: ParticipatieStatus;
  /** The day of the last status change (for AFGESPROKEN: the PIP's dagtekening). */
  sinds: IsoDate;
  /** The start agreed in the PIP; absent for an activity that is not in the PIP. */
  afgesproken?: IsoDate;
  urenPerWeek?: number;
  participatiewet?: boolean;
}

/** A status change, reported by a partner or recorded by the consulent. */
export interface ParticipatieMelding {
  soort: ParticipatieSoort;
  status: ParticipatieMeldingStatus;
  datum: IsoDate;
  urenPerWeek?: number;
  /** Only the consulent: the activity is a decision under the Participatiewet (8.1.4). */
  participatiewet?: boolean;
}

export interface ParticipatieContext {
  targetGroup: TargetGroup;
  today: IsoDate;
  /**
   * The consulent records hours with a start of paid work (they go to the monitor and the
   * CBS); a partner's report without them is taken as it is (hours unknown).
   */
  urenVerplichtBijWerk: boolean;
}

export const PARTICIPATIE_STATUS_LABELS: Record<ParticipatieStatus, string> = {
  AFGESPROKEN: 'afgesproken',
  GESTART: 'gestart',
  GESTOPT: 'gestopt',
  AFGEROND: 'afgerond',
};

/**
 * The activities after a PIP (vaststelling or bijstelling): each agreement of the PIP is an
 * activity; one that was already there (same soort and agreed start) keeps its status; an
 * activity that started (or ended) stays as history even when the new PIP drops it; one that
 * was only agreed and is no longer in the PIP goes.
 */
export function participatieNaPip(
  current: readonly ParticipatieActiviteit[] | undefined,
  afspraken: readonly ParticipatieAfspraak[] | undefined,
  dagtekening: IsoDate,
): ParticipatieActiviteit[] {
  const list = afspraken ?? [];
  const matches = (activiteit: ParticipatieActiviteit, afspraak: ParticipatieAfspraak) =>
    activiteit.soort === afspraak.soort && activiteit.afgesproken === afspraak.start;
  const kept = (current ?? []).filter(
    (activiteit) => activiteit.status !== 'AFGESPROKEN' || list.some((afspraak) => matches(activiteit, afspraak)),
  );
  const added = list
    .filter((afspraak) => !kept.some((activiteit) => matches(activiteit, afspraak)))
    .map((afspraak): ParticipatieActiviteit => ({
      soort: afspraak.soort,
      status: 'AFGESPROKEN',
      sinds: dagtekening,
      afgesproken: afspraak.start,
      ...(afspraak.urenPerWeek !== undefined ? { urenPerWeek: afspraak.urenPerWeek } : {}),
      ...(afspraak.participatiewet ? { participatiewet: true } : {}),
    }));
  return [...kept, ...added];
}

/**
 * The activity a report is about: the first of its soort from which the change is legal; for
 * GESTART without such an activity, none (a new activity, outside the PIP).
 */
function targetOf(
  activiteiten: readonly ParticipatieActiviteit[],
  melding: ParticipatieMelding,
): { index: number } | { index: -1 } {
  const index = activiteiten.findIndex(
    (activiteit) =>
      activiteit.soort === melding.soort && PARTICIPATIE_OVERGANGEN[activiteit.status].includes(melding.status),
  );
  return { index };
}

/** Checks a status change against the activities (the transition, dates, hours, 8.1.4). */
export function validateParticipatieMelding(
  activiteiten: readonly ParticipatieActiviteit[],
  melding: ParticipatieMelding,
  context: ParticipatieContext,
): RuleResult {
  if (!(PARTICIPATIE_SOORTEN as readonly string[]).includes(melding.soort)) {
    return refuse('ONGELDIGE_INVOER', 'Onbekende soort participatie.');
  }
  if (!(PARTICIPATIE_MELDING_STATUSSEN as readonly string[]).includes(melding.status)) {
    return refuse('ONGELDIGE_INVOER', 'Onbekende status (wel: GESTART, GESTOPT, AFGEROND).');
  }
  if (!isValidIsoDate(melding.datum)) return refuse('ONGELDIGE_INVOER', 'Datum: geen geldige datum (JJJJ-MM-DD).');
  if (isAfter(melding.datum, context.today)) {
    return refuse('DATUM_IN_TOEKOMST', `De datum (${melding.datum}) ligt in de toekomst.`);
  }
  const label = PARTICIPATIE_LABELS[melding.soort];
  const uren = melding.urenPerWeek;
  if (uren !== undefined && (!Number.isFinite(uren) || uren <= 0 || uren > MAX_UREN_PER_WEEK)) {
    return refuse('PARTICIPATIE_UREN_ONGELDIG', `Uren per week: meer dan 0 en hoogstens ${MAX_UREN_PER_WEEK}.`);
  }
  if (uren !== undefined && melding.status !== 'GESTART') {
    return refuse('PARTICIPATIE_UREN_ALLEEN_BIJ_START', 'Uren per week horen bij de start van een activiteit.');
  }
  const { index } = targetOf(activiteiten, melding);
  const ofSoort = activiteiten.filter((activiteit) => activiteit.soort === melding.soort);
  if (index === -1 && melding.status !== 'GESTART') {
    const standen = ofSoort.map((activiteit) => PARTICIPATIE_STATUS_LABELS[activiteit.status]);
    return refuse(
      'PARTICIPATIE_OVERGANG_ONGELDIG',
      ofSoort.length === 0
        ? `Er is geen activiteit ${label} om als ${PARTICIPATIE_STATUS_LABELS[melding.status]} te melden.`
        : `${capitalise(label)} kan niet ${PARTICIPATIE_STATUS_LABELS[melding.status]} worden vanuit de stand ${standen.join(', ')}.`,
    );
  }
  if (index === -1 && ofSoort.some((activiteit) => activiteit.status === 'GESTART')) {
    return refuse(
      'PARTICIPATIE_OVERGANG_ONGELDIG',
      `${capitalise(label)} is al gestart; meld eerst dat het gestopt of afgerond is.`,
    );
  }
  const target = index === -1 ? undefined : activiteiten[index];
  if (target && isBefore(melding.datum, target.sinds)) {
    return refuse(
      'PARTICIPATIE_DATUM_VOOR_VORIGE',
      `De datum (${melding.datum}) ligt vóór de vorige stand van ${label} (${target.sinds}).`,
    );
  }
  const participatiewet = melding.participatiewet === true || target?.participatiewet === true;
  if (participatiewet && melding.status === 'GESTART' && context.targetGroup !== 'asielstatushouder') {
    return refuse(
      'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
      'Beslissingen op grond van de Participatiewet horen niet bij gezinsmigranten en overige migranten (kader 8.1.4).',
    );
  }
  const urenBekend = uren !== undefined || target?.urenPerWeek !== undefined;
  if (context.urenVerplichtBijWerk && melding.soort === 'BETAALD_WERK' && melding.status === 'GESTART' && !urenBekend) {
    return refuse('PARTICIPATIE_UREN_ONTBREKEN', 'Bij de start van betaald werk horen de uren per week.');
  }
  return RULE_OK;
}

/** Applies a status change that `validateParticipatieMelding` accepted; returns the new list. */
export function applyParticipatieMelding(
  activiteiten: readonly ParticipatieActiviteit[],
  melding: ParticipatieMelding,
): ParticipatieActiviteit[] {
  const { index } = targetOf(activiteiten, melding);
  const uren = melding.urenPerWeek !== undefined ? { urenPerWeek: melding.urenPerWeek } : {};
  if (index === -1) {
    return [
      ...activiteiten,
      {
        soort: melding.soort,
        status: melding.status,
        sinds: melding.datum,
        ...uren,
        ...(melding.participatiewet ? { participatiewet: true } : {}),
      },
    ];
  }
  return activiteiten.map((activiteit, i) =>
    i === index ? { ...activiteit, status: melding.status, sinds: melding.datum, ...uren } : activiteit,
  );
}

// --- the outcome at the end ---------------------------------------------------------------------

/** Outcomes a consulent records (the monitor contract also knows ONBEKEND, for older rows). */
export const UITSTROOM_KEUZES = ['WERK', 'OPLEIDING', 'PARTICIPATIE', 'GEEN'] as const;
export type UitstroomUitkomst = (typeof UITSTROOM_KEUZES)[number];

export interface Uitstroom {
  datum: IsoDate;
  uitkomst: UitstroomUitkomst;
  /** WERK: hours per week (the sum of the running jobs), when known. */
  urenPerWeek?: number;
  /** Where it came from: the consulent's closing decision, or derived from the activities. */
  bron: 'CONSULENT' | 'PARTICIPATIE';
}

/**
 * The outcome from the activities still running at the end: paid work (hours: the sum of the
 * running jobs whose hours are known) before education before other participation; none running: GEEN.
 */
export function deriveUitstroom(
  activiteiten: readonly ParticipatieActiviteit[] | undefined,
  datum: IsoDate,
): Uitstroom {
  const lopend = (activiteiten ?? []).filter((activiteit) => activiteit.status === 'GESTART');
  const werk = lopend.filter((activiteit) => activiteit.soort === 'BETAALD_WERK');
  if (werk.length > 0) {
    const bekend = werk.filter((activiteit) => activiteit.urenPerWeek !== undefined);
    const uren = bekend.reduce((sum, activiteit) => sum + (activiteit.urenPerWeek ?? 0), 0);
    return { datum, uitkomst: 'WERK', ...(bekend.length > 0 ? { urenPerWeek: uren } : {}), bron: 'PARTICIPATIE' };
  }
  if (lopend.some((activiteit) => activiteit.soort === 'OPLEIDING')) {
    return { datum, uitkomst: 'OPLEIDING', bron: 'PARTICIPATIE' };
  }
  if (lopend.length > 0) return { datum, uitkomst: 'PARTICIPATIE', bron: 'PARTICIPATIE' };
  return { datum, uitkomst: 'GEEN', bron: 'PARTICIPATIE' };
}

/** The consulent's outcome at closing: WERK with its hours per week; hours with WERK only. */
export function validateUitstroom(input: { uitkomst: string; urenPerWeek?: number }): RuleResult {
  if (!(UITSTROOM_KEUZES as readonly string[]).includes(input.uitkomst)) {
    return refuse('ONGELDIGE_INVOER', `Onbekende uitkomst (wel: ${UITSTROOM_KEUZES.join(', ')}).`);
  }
  const uren = input.urenPerWeek;
  if (input.uitkomst === 'WERK') {
    if (uren === undefined) {
      return refuse('UITSTROOM_UREN_ONTBREKEN', 'Bij uitstroom naar werk horen de uren per week.');
    }
    if (!Number.isFinite(uren) || uren <= 0 || uren > MAX_UREN_PER_WEEK) {
      return refuse('UITSTROOM_UREN_ONGELDIG', `Uren per week: meer dan 0 en hoogstens ${MAX_UREN_PER_WEEK}.`);
    }
    return RULE_OK;
  }
  return uren === undefined
    ? RULE_OK
    : refuse('UITSTROOM_UREN_ALLEEN_BIJ_WERK', 'Uren per week horen alleen bij uitstroom naar werk.');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
