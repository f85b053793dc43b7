/**
 * When is the inburgeringsplicht met, per leerroute (framework 4.5–4.7; LAW.md "Routes,
 * modules, exams")? Pure over a progress record, so the consulent sees what is missing.
 *
 * Interpretations (documented because the sources leave room):
 * - The route comes from the PIP, for every target group. Gezinsmigranten and overige
 *   migranten arrange their leerroute themselves (no offer), but the PIP's route and its
 *   completion rules still apply to them.
 * - Z-route: "800 uur taal en KNM, 800 uur aan de overige onderdelen" (4.5.4). The second
 *   800 h counts participation/activation plus MAP and PVT hours (the "overige onderdelen")
 *   and applies to asielstatushouders only (LAW.md, secondary source). An ontheffing may cap
 *   the participation hours a person can carry.
 * - Partial ontheffing of an exam part (incl. KNM) counts that part as met.
 * - Whole ontheffing (SS108) covers the whole plicht, PVT and MAP included: nothing is missing.
 * - Whole vrijstelling (SS107) replaces the leerroute (exams, KNM, programme, hours), but PVT
 *   and MAP still apply where the route has them ("each with PVT and MAP where they apply").
 */
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { ExamPart, LanguageExamPart, Leerroute, Level, TargetGroup } from './types';
import { LANGUAGE_EXAM_PARTS, LEVELS } from './types';

export const PVT_MIN_HOURS = 12;
export const MAP_MIN_PRACTICAL_HOURS = 40;
export const Z_ROUTE_TAAL_KNM_HOURS = 800;
export const Z_ROUTE_OTHER_PARTS_HOURS = 800;

export interface Ontheffing {
  /** Ontheffing of the whole inburgeringsplicht. */
  whole: boolean;
  /** Exam parts covered by a partial ontheffing. */
  parts: ExamPart[];
  /** Cap on the participation hours the person can carry (Z-route). */
  maxParticipatieHours?: number;
}

export interface CompletionProgress {
  /** Highest level passed per exam part. A KNM entry (any level) counts as KNM passed. */
  examResults: Partial<Record<ExamPart, Level>>;
  knmPassed: boolean;
  pvtHours: number;
  pvtSigned: boolean;
  mapPracticalHours: number;
  mapEindgesprek: boolean;
  taalKnmHours: number;
  participatieHours: number;
  zRouteEindgesprek: boolean;
  onderwijsProgrammeDone: boolean;
  /** Language parts that may stay at A2 after afschalen (B1-route). */
  afgeschaaldParts: LanguageExamPart[];
  ontheffing?: Ontheffing;
  /** Whole vrijstelling (SS107). */
  vrijstelling: boolean;
  /**
   * The gemeente judged the module completed (4.5.2–4.5.3: "ter beoordeling aan de gemeente"):
   * it then counts as met whatever the hours recorded (the signing / eindgesprek stay required,
   * see `checkModuleJudgement`). Absent in older states: not judged.
   */
  pvtBeoordeeld?: boolean;
  mapBeoordeeld?: boolean;
}

export interface MissingItem {
  code: string;
  /** Dutch, for the consulent. */
  label: string;
}

export interface CompletionResult {
  complete: boolean;
  missing: MissingItem[];
}

export function emptyCompletionProgress(): CompletionProgress {
  return {
    examResults: {},
    knmPassed: false,
    pvtHours: 0,
    pvtSigned: false,
    mapPracticalHours: 0,
    mapEindgesprek: false,
    taalKnmHours: 0,
    participatieHours: 0,
    zRouteEindgesprek: false,
    onderwijsProgrammeDone: false,
    afgeschaaldParts: [],
    vrijstelling: false,
  };
}

const PART_LABELS: Record<ExamPart, string> = {
  LE: 'lezen',
  LU: 'luisteren',
  SC: 'schrijven',
  SP: 'spreken',
  KNM: 'KNM',
};

/** PVT: at least 12 hours and the participatieverklaring signed (framework 4.6), or judged so by the gemeente. */
export function isPvtComplete(progress: Pick<CompletionProgress, 'pvtHours' | 'pvtSigned' | 'pvtBeoordeeld'>): boolean {
  return progress.pvtSigned && (progress.pvtHours >= PVT_MIN_HOURS || progress.pvtBeoordeeld === true);
}

/** MAP: at least 40 practical hours and the eindgesprek (framework 4.7), or judged so by the gemeente. */
export function isMapComplete(
  progress: Pick<CompletionProgress, 'mapPracticalHours' | 'mapEindgesprek' | 'mapBeoordeeld'>,
): boolean {
  return (
    progress.mapEindgesprek &&
    (progress.mapPracticalHours >= MAP_MIN_PRACTICAL_HOURS || progress.mapBeoordeeld === true)
  );
}

export const JUDGED_MODULES = ['PVT', 'MAP'] as const;
export type JudgedModule = (typeof JUDGED_MODULES)[number];

/**
 * May the gemeente judge PVT or MAP completed (4.5.2–4.5.3)? Its judgement replaces the hour
 * count (a provider without a system, hours not all recorded), not the parts DUO needs a date
 * of: the signed participatieverklaring (PVT) and the eindgesprek (MAP). No MAP in the
 * Onderwijsroute; a module is judged once.
 */
export function checkModuleJudgement(
  module: JudgedModule,
  route: Leerroute | undefined,
  progress: Pick<CompletionProgress, 'pvtSigned' | 'mapEindgesprek' | 'pvtBeoordeeld' | 'mapBeoordeeld'>,
): RuleResult {
  if (module === 'PVT') {
    if (progress.pvtBeoordeeld) return refuse('DUBBELE_MELDING', 'Het PVT is al als afgerond beoordeeld.');
    if (!progress.pvtSigned) {
      return refuse(
        'MODULE_NIET_COMPLEET',
        'Het PVT kan pas als afgerond worden beoordeeld als de participatieverklaring is ondertekend.',
      );
    }
    return RULE_OK;
  }
  if (route !== undefined && !isMapRequired(route)) {
    return refuse('NIET_IN_ROUTE', 'De onderwijsroute heeft geen MAP.');
  }
  if (progress.mapBeoordeeld) return refuse('DUBBELE_MELDING', 'De MAP is al als afgerond beoordeeld.');
  if (!progress.mapEindgesprek) {
    return refuse('MODULE_NIET_COMPLEET', 'De MAP kan pas als afgerond worden beoordeeld na het eindgesprek.');
  }
  return RULE_OK;
}

/** MAP is part of every route except the Onderwijsroute (framework 4.5.2, 4.7). */
export function isMapRequired(route: Leerroute): boolean {
  return route !== 'ONDERWIJS';
}

export function isLevelAtLeast(level: Level | undefined, minimum: Level): boolean {
  return level !== undefined && LEVELS.indexOf(level) >= LEVELS.indexOf(minimum);
}

/** What is still missing before the plicht is met on `route`. */
export function evaluateCompletion(
  route: Leerroute,
  targetGroup: TargetGroup,
  progress: CompletionProgress,
): CompletionResult {
  if (progress.ontheffing?.whole) return { complete: true, missing: [] };

  const leerrouteMissing = progress.vrijstelling ? [] : missingForLeerroute(route, targetGroup, progress);
  const missing = [...leerrouteMissing, ...missingPvt(progress), ...(isMapRequired(route) ? missingMap(progress) : [])];
  return { complete: missing.length === 0, missing };
}

function missingForLeerroute(route: Leerroute, targetGroup: TargetGroup, progress: CompletionProgress): MissingItem[] {
  switch (route) {
    case 'B1':
      // 4.5.3: all four parts at B1; after afschalen the listed parts may be at A2.
      return [
        ...missingLanguageParts(progress, (part) => (progress.afgeschaaldParts.includes(part) ? 'A2' : 'B1')),
        ...missingKnm(progress),
      ];
    case 'ONDERWIJS':
      // 4.5.2: B1 or higher on all four parts, KNM and the rest of the taalschakeltraject.
      return [
        ...missingLanguageParts(progress, () => 'B1'),
        ...missingKnm(progress),
        ...(progress.onderwijsProgrammeDone
          ? []
          : [{ code: 'ONDERWIJS_PROGRAMMA', label: 'Rest van het taalschakeltraject afronden' }]),
      ];
    case 'Z':
      // 4.5.4: no exams; effort on language + KNM, hours on the other parts, eindgesprek.
      return missingZRoute(targetGroup, progress);
  }
}

function missingLanguageParts(
  progress: CompletionProgress,
  requiredLevel: (part: LanguageExamPart) => Level,
): MissingItem[] {
  return LANGUAGE_EXAM_PARTS.filter((part) => !isExamPartMet(progress, part, requiredLevel(part))).map((part) => {
    const passed = progress.examResults[part];
    return {
      code: `EXAMEN_${part}`,
      label: `Examen ${PART_LABELS[part]} op niveau ${requiredLevel(part)}${passed ? ` (behaald: ${passed})` : ''}`,
    };
  });
}

function isExamPartMet(progress: CompletionProgress, part: ExamPart, minimum: Level): boolean {
  return progress.ontheffing?.parts.includes(part) === true || isLevelAtLeast(progress.examResults[part], minimum);
}

function missingKnm(progress: CompletionProgress): MissingItem[] {
  const met =
    progress.knmPassed || progress.examResults.KNM !== undefined || progress.ontheffing?.parts.includes('KNM') === true;
  return met ? [] : [{ code: 'KNM', label: 'Examen Kennis van de Nederlandse Maatschappij (KNM)' }];
}

function missingZRoute(targetGroup: TargetGroup, progress: CompletionProgress): MissingItem[] {
  const missing: MissingItem[] = [];
  if (progress.taalKnmHours < Z_ROUTE_TAAL_KNM_HOURS) {
    missing.push({
      code: 'TAAL_KNM_UREN',
      label: `${Z_ROUTE_TAAL_KNM_HOURS} uur taal en KNM (gevolgd: ${progress.taalKnmHours})`,
    });
  }
  if (targetGroup === 'asielstatushouder') {
    const required = Math.min(Z_ROUTE_OTHER_PARTS_HOURS, progress.ontheffing?.maxParticipatieHours ?? Infinity);
    const done = progress.participatieHours + progress.mapPracticalHours + progress.pvtHours;
    if (done < required) {
      missing.push({
        code: 'PARTICIPATIE_UREN',
        label: `${required} uur participatie, activering, PVT en MAP (gevolgd: ${done})`,
      });
    }
  }
  if (!progress.zRouteEindgesprek) {
    missing.push({ code: 'Z_EINDGESPREK', label: 'Eindgesprek van de Z-route' });
  }
  return missing;
}

function missingPvt(progress: CompletionProgress): MissingItem[] {
  const missing: MissingItem[] = [];
  if (progress.pvtHours < PVT_MIN_HOURS && !progress.pvtBeoordeeld) {
    missing.push({ code: 'PVT_UREN', label: `Minstens ${PVT_MIN_HOURS} uur PVT (gevolgd: ${progress.pvtHours})` });
  }
  if (!progress.pvtSigned) {
    missing.push({ code: 'PVT_ONDERTEKEND', label: 'Participatieverklaring ondertekenen' });
  }
  return missing;
}

function missingMap(progress: CompletionProgress): MissingItem[] {
  const missing: MissingItem[] = [];
  if (progress.mapPracticalHours < MAP_MIN_PRACTICAL_HOURS && !progress.mapBeoordeeld) {
    missing.push({
      code: 'MAP_UREN',
      label: `Minstens ${MAP_MIN_PRACTICAL_HOURS} praktijkuren MAP (gevolgd: ${progress.mapPracticalHours})`,
    });
  }
  if (!progress.mapEindgesprek) {
    missing.push({ code: 'MAP_EINDGESPREK', label: 'Eindgesprek MAP' });
  }
  return missing;
}
