/**
 * The vocabulary of the inburgering domain (Wet inburgering 2021, Dongemond framework).
 * Pure types and constants only: imported by workflows, activities and the API alike.
 *
 * Dates are calendar dates as ISO strings `YYYY-MM-DD` (legal terms count in days, not
 * instants); instants are ISO date-time strings. Domain functions take "today" as an
 * argument so that they stay deterministic inside workflows.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** Gemeente ids are configured (see config), not fixed here; the region's four are the default. */
export type GemeenteId = string;
export const DEFAULT_GEMEENTEN = ['altena', 'drimmelen', 'geertruidenberg', 'oosterhout'] as const;

/** Target group decides the offer (framework 2.1, 2.2, 8.1). Nareizigers count as asielstatushouder. */
export const TARGET_GROUPS = ['asielstatushouder', 'gezinsmigrant', 'overige_migrant'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const LEERROUTES = ['B1', 'ONDERWIJS', 'Z'] as const;
export type Leerroute = (typeof LEERROUTES)[number];

export const LEVELS = ['A0', 'A1', 'A2', 'B1', 'B2'] as const;
export type Level = (typeof LEVELS)[number];

/** DUO exam components: KNM plus the four language parts (lezen, luisteren, schrijven, spreken). */
export const LANGUAGE_EXAM_PARTS = ['LE', 'LU', 'SC', 'SP'] as const;
export type LanguageExamPart = (typeof LANGUAGE_EXAM_PARTS)[number];
export const EXAM_PARTS = [...LANGUAGE_EXAM_PARTS, 'KNM'] as const;
export type ExamPart = (typeof EXAM_PARTS)[number];

/** Kinds of hours that providers report. */
export const HOUR_KINDS = ['TAAL_KNM', 'PARTICIPATIE', 'MAP', 'PVT', 'LES'] as const;
export type HourKind = (typeof HOUR_KINDS)[number];

export const PHASES = [
  'KOPPELING',
  'WARME_OVERDRACHT',
  'BREDE_INTAKE',
  'PIP',
  'OPSTARTKLAS',
  'LEERROUTE',
  'AFGEROND',
] as const;
export type Phase = (typeof PHASES)[number];

export const CLOSE_REASONS = [
  'PLICHT_VOLDAAN',
  'ONTHEFFING',
  'VRIJSTELLING',
  'VERHUISD',
  'OVERLEDEN',
  'PLICHT_VERVALLEN',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const LEERBAARHEID_RESULTS = ['B1_HAALBAAR', 'B1_NIET_HAALBAAR', 'ONBEKEND', 'VRIJGESTELD'] as const;
export type LeerbaarheidResult = (typeof LEERBAARHEID_RESULTS)[number];

/** The 13 leefgebieden of the brede intake (framework 4.2). */
export const LEEFGEBIEDEN = [
  'leerbaarheid',
  'opleiding',
  'werkervaring',
  'praktische_vaardigheden',
  'werknemersvaardigheden',
  'taalniveau',
  'motivatie_interesses',
  'zelfredzaamheid',
  'digitale_vaardigheden',
  'gezinssituatie',
  'fysieke_gezondheid',
  'mentale_gezondheid',
  'sociaal_netwerk',
] as const;
export type Leefgebied = (typeof LEEFGEBIEDEN)[number];

export const WARME_OVERDRACHT_FORMS = ['VIDEO', 'TELEFOON', 'GEMEENTE', 'MAIL', 'ANDERS'] as const;
export type WarmeOverdrachtForm = (typeof WARME_OVERDRACHT_FORMS)[number];

/** Partner kinds; consent (machtiging) is scoped per kind. */
/**
 * WERK: werkmakelaar / jobcoach (MAP and participation, 4.7); INKOMEN: the gemeente's income
 * department (bijstand started/ended, 4.4). Who may report what: `partner-reports.ts`.
 */
export const PARTNER_KINDS = [
  'COA',
  'DUO',
  'TAALAANBIEDER',
  'MAATSCHAPPELIJKE_BEGELEIDING',
  'ONTZORGEN',
  'WERK',
  'INKOMEN',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const ONTHEFFING_GROUNDS = ['MED', 'BIO'] as const;
export type OntheffingGround = (typeof ONTHEFFING_GROUNDS)[number];

/** Per-gemeente policy: framework defaults, never allowed to break the law (LAW.md). */
export interface GemeentePolicy {
  /** Framework 4.2: the PIP may be bijgesteld once; the law sets no maximum. */
  maxPipBijstellingen: number;
  /**
   * Framework 4.8: "waar nodig kan het PIP (binnen een jaar) worden bijgesteld". When set, a
   * bijstelling must be dated within this many months after the first PIP's dagtekening;
   * schakelen and afschalen stay possible later (the law ties them to progress, not to a year).
   * Not set: no such limit (the law sets none).
   */
  pipBijstellingWithinMonths?: number;
  /** Early warning before the 10-week PIP deadline, in days. */
  pipWarningDaysBefore: number;
  /** Voortgangsgesprek cadence during the leerroute, in months. */
  voortgangsgesprekIntervalMonths: number;
  /** Warnings before the end of the inburgeringstermijn, in months. */
  termijnWarningMonthsBefore: number[];
  /**
   * Fixed costs per month (cents) the ontzorgen provider takes over when the bijstand decision
   * names none (framework 4.4); not set: DEFAULT_VASTE_LASTEN_CENT (src/domain/ontzorgen.ts).
   */
  ontzorgenVasteLastenCent?: VasteLastenCent;
  /**
   * Days a person has for a follow-up (a missed or behind voortgangsgesprek, a maatschappelijk
   * begeleider's "aandacht nodig", verzuim over the threshold). Not set: 14 (policy.ts).
   */
  opvolgingDagen?: number;
  /** Missed hours in a calendar month from which verzuim gets a follow-up task. Not set: 8 (policy.ts). */
  verzuimDrempelUren?: number;
}

export const DEFAULT_POLICY: GemeentePolicy = {
  maxPipBijstellingen: 1,
  pipWarningDaysBefore: 14,
  voortgangsgesprekIntervalMonths: 3,
  termijnWarningMonthsBefore: [6, 2],
};

/** The fixed costs the ontzorgen provider takes over (framework 4.4), per month in whole cents. */
export const VASTE_LASTEN = ['huur', 'energie', 'water', 'zorgverzekering'] as const;
export type VasteLast = (typeof VASTE_LASTEN)[number];
export type VasteLastenCent = Record<VasteLast, number>;
