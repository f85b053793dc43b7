/**
 * Who may report what (framework 4.3, 4.5–4.7; LAW.md "Routes, modules, exams"). A partner
 * reports what it really does:
 * - the **taalaanbieder** gives the lessons (language, KNM) and, where the aanbesteding puts
 *   them in the opstartklas, PVT and MAP (4.6/4.7 "openstaande keuzes");
 * - the **maatschappelijk begeleider** (VWN/Surplus) gives the PVT (4.6: "Momenteel ligt de
 *   uitvoering van het PVT bij VWN en Surplus"), reports back per case (4.3) and its
 *   participation activities;
 * - the **werkmakelaar/jobcoach** (kind WERK, internal or external, 4.7: "De uitvoerder van
 *   begeleiding naar participatie … zal dan ook betrokken moeten worden bij de MAP") reports
 *   MAP and participation;
 * - the **income department** (kind INKOMEN) reports the start and end of the bijstand (4.4).
 * Exam results — the language exams and the KNM exam — come from DUO only (SS199): a
 * provider's "KNM afgerond" is the KNM course (module KNM_MODULE), never the exam.
 */
import { refuse, RULE_OK, type RuleResult } from './rule-result';
import type { HourKind, PartnerKind } from './types';

/** Modules a partner (or the consulent) can report as completed. Exams are not among them. */
export const COMPLETED_MODULES = [
  'PVT_ONDERTEKEND',
  'MAP_EINDGESPREK',
  'KNM_MODULE',
  'Z_EINDGESPREK',
  'ONDERWIJS_PROGRAMMA',
] as const;
export type CompletedModule = (typeof COMPLETED_MODULES)[number];

export const COMPLETED_MODULE_LABELS: Record<CompletedModule, string> = {
  PVT_ONDERTEKEND: 'Participatieverklaring ondertekend',
  MAP_EINDGESPREK: 'Eindgesprek MAP gevoerd',
  KNM_MODULE: 'KNM-lessen afgerond (geen examen)',
  Z_EINDGESPREK: 'Eindgesprek Z-route gevoerd',
  ONDERWIJS_PROGRAMMA: 'Rest van het taalschakeltraject afgerond',
};

/** The refused module value of old clients: an exam result. */
export const KNM_EXAM_ONLY_FROM_DUO =
  'Een examenuitslag (ook KNM) komt alleen van DUO (SS199); meld KNM_MODULE als de KNM-lessen zijn afgerond.';

interface ReportRights {
  /** Event types this kind may send (besides the detail checks below). */
  events: readonly string[];
  hourKinds?: readonly HourKind[];
  modules?: readonly CompletedModule[];
}

/** Per partner kind: the event types, hour kinds and modules it may report. DUO: its gebeurtenissen. */
export const REPORT_RIGHTS: Record<Exclude<PartnerKind, 'DUO'>, ReportRights> = {
  COA: { events: ['COA_OVERDRACHT'] },
  TAALAANBIEDER: {
    events: ['UREN', 'MODULE_AFGEROND', 'VERZUIM', 'LEERROUTE_GESTART'],
    hourKinds: ['LES', 'TAAL_KNM', 'PVT', 'MAP'],
    modules: ['KNM_MODULE', 'Z_EINDGESPREK', 'ONDERWIJS_PROGRAMMA', 'PVT_ONDERTEKEND', 'MAP_EINDGESPREK'],
  },
  MAATSCHAPPELIJKE_BEGELEIDING: {
    events: ['MB_RAPPORTAGE', 'UREN', 'MODULE_AFGEROND', 'VERZUIM', 'PARTICIPATIE_STATUS'],
    hourKinds: ['PVT', 'PARTICIPATIE'],
    modules: ['PVT_ONDERTEKEND'],
  },
  WERK: {
    events: ['UREN', 'MODULE_AFGEROND', 'VERZUIM', 'PARTICIPATIE_STATUS'],
    hourKinds: ['MAP', 'PARTICIPATIE'],
    modules: ['MAP_EINDGESPREK'],
  },
  ONTZORGEN: { events: ['ONTZORGEN_STATUS'] },
  INKOMEN: { events: ['BIJSTAND_GESTART', 'BIJSTAND_BEEINDIGD'] },
};

const KIND_WORDS: Record<PartnerKind, string> = {
  COA: 'het COA',
  DUO: 'DUO',
  TAALAANBIEDER: 'een taalaanbieder',
  MAATSCHAPPELIJKE_BEGELEIDING: 'een maatschappelijk begeleider',
  WERK: 'een werkmakelaar of jobcoach',
  ONTZORGEN: 'een ontzorgpartner',
  INKOMEN: 'de afdeling inkomen',
};

export interface ReportedEvent {
  type: string;
  /** UREN / VERZUIM: the hour kind. */
  kind?: string;
  /** MODULE_AFGEROND: the module. */
  module?: string;
}

/**
 * May a partner of `kind` report `event`? DUO's gebeurtenissen (codes SS…) are DUO's alone;
 * `duoCodes` lists them (they live with the workflow's messages).
 */
export function partnerMayReport(kind: PartnerKind, event: ReportedEvent, duoCodes: readonly string[]): RuleResult {
  const who = KIND_WORDS[kind];
  if (kind === 'DUO') {
    return duoCodes.includes(event.type)
      ? RULE_OK
      : refuse('SOORT_PARTNER', `DUO meldt alleen zijn eigen gebeurtenissen (SS…), niet ${event.type}.`);
  }
  const rights = REPORT_RIGHTS[kind];
  if (!rights.events.includes(event.type)) {
    return refuse('SOORT_PARTNER', `Een gebeurtenis ${event.type} mag niet door ${who} worden gemeld.`);
  }
  if (event.kind !== undefined && rights.hourKinds && !(rights.hourKinds as readonly string[]).includes(event.kind)) {
    return refuse(
      'SOORT_PARTNER',
      `Uren van soort ${event.kind} mogen niet door ${who} worden gemeld (wel: ${rights.hourKinds.join(', ')}).`,
    );
  }
  if (event.module !== undefined && rights.modules && !(rights.modules as readonly string[]).includes(event.module)) {
    return refuse(
      'SOORT_PARTNER',
      `De module ${event.module} mag niet door ${who} worden gemeld (wel: ${rights.modules.join(', ')}).`,
    );
  }
  return RULE_OK;
}
