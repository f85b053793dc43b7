/**
 * Rules for PIP decisions (framework 4.2; DUO's registration rules, LAW.md "PIP").
 *
 * The workflow decides which validator applies: `validatePipVaststelling` for a new PIP
 * (the first one, or a new gemeente's PIP after a move), `validatePipBijstelling` for a
 * change of the current PIP. Route switches (schakelen) and afschalen go only through a
 * bijstelling.
 */
import { addMonths, isAfter, isBefore } from './dates';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from './rule-result';
import type { GemeentePolicy, IsoDate, Leerroute, Level, TargetGroup } from './types';

/** Afschalen to A2 needs at least this many lesson hours (LAW.md, "PIP"). */
export const AFSCHALEN_MIN_LESSON_HOURS = 600;
/** …of which at least half in person (klassikaal). */
export const AFSCHALEN_MIN_IN_PERSON_SHARE = 0.5;
/** DUO: geschatteIntensiteitB1Route is an integer 1..9999. */
export const B1_INTENSITY_MIN = 1;
export const B1_INTENSITY_MAX = 9999;

export const LEERROUTE_LABELS: Record<Leerroute, string> = {
  B1: 'B1-route',
  ONDERWIJS: 'onderwijsroute',
  Z: 'Z-route',
};

/** What a PIP fixes that the rules look at. */
export interface PipDecision {
  dagtekening: IsoDate;
  leerroute: Leerroute;
  level: Level;
  /** Estimated hours for the B1-route (language + KNM); asielmigranten in the B1-route only. */
  b1Intensity?: number;
}

export interface PipVaststellingInput extends PipDecision {
  /** Start of the inburgeringsplicht, when known. */
  plichtStart?: IsoDate;
  /** Date the person settled (vestiging) in this gemeente, when known. */
  vestigingDate?: IsoDate;
  /** True when DUO knows no earlier PIP for this person, in any gemeente. */
  isFirstPip: boolean;
  targetGroup: TargetGroup;
  /** Leerroute of the person's previous PIP (e.g. in the former gemeente): a new PIP keeps it. */
  previousLeerroute?: Leerroute;
}

/** Checks a new PIP (vaststelling) against DUO's rules and the framework. */
export function validatePipVaststelling(input: PipVaststellingInput): RuleResult {
  return firstRefusal(
    checkDagtekeningAfterPlichtStart(input.dagtekening, input.plichtStart),
    checkDagtekeningAfterVestiging(input.dagtekening, input.vestigingDate),
    checkNoRouteSwitchInVaststelling(input.leerroute, input.previousLeerroute),
    checkLevelMatchesRoute(input.leerroute, input.level),
    checkNoA2InFirstB1Pip(input),
    checkB1Intensity(input.leerroute, input.targetGroup, input.b1Intensity),
  );
}

export interface PipBijstellingInput {
  /** The PIP in force now (DUO's "actuele PIP"). */
  current: PipDecision;
  /** The PIP as it would read after the bijstelling, with its own dagtekening. */
  proposed: PipDecision;
  /** Dagtekening of the person's first PIP, when it differs from the current one. */
  initialPipDagtekening?: IsoDate;
  bijstellingenSoFar: number;
  policy: Pick<GemeentePolicy, 'maxPipBijstellingen' | 'pipBijstellingWithinMonths'>;
  /** Lesson hours followed so far (LES). */
  lessonHours: number;
  /** Of which in person; when given, afschalen also needs at least half of the hours in person. */
  inPersonLessonHours?: number;
  targetGroup: TargetGroup;
  plichtStart?: IsoDate;
  vestigingDate?: IsoDate;
}

/** Checks a change (bijstelling) of the current PIP. */
export function validatePipBijstelling(input: PipBijstellingInput): RuleResult {
  const { current, proposed } = input;
  return firstRefusal(
    checkBijstellingLimit(input.bijstellingenSoFar, input.policy.maxPipBijstellingen),
    checkBijstellingWithinPeriod(input),
    checkDagtekeningNotBeforeCurrentPip(proposed.dagtekening, current.dagtekening, input.initialPipDagtekening),
    checkDagtekeningAfterPlichtStart(proposed.dagtekening, input.plichtStart),
    checkDagtekeningAfterVestiging(proposed.dagtekening, input.vestigingDate),
    checkAfschalen(input),
    // A2 in the B1-route was judged by checkAfschalen; the first-PIP A2 rule does not apply here.
    checkLevelMatchesRoute(proposed.leerroute, proposed.level),
    checkB1Intensity(proposed.leerroute, input.targetGroup, proposed.b1Intensity),
  );
}

/** True when the bijstelling lowers the B1-route level to A2. */
export function isAfschalen(current: PipDecision, proposed: PipDecision): boolean {
  return (
    proposed.leerroute === 'B1' && proposed.level === 'A2' && !(current.leerroute === 'B1' && current.level === 'A2')
  );
}

/** True when the bijstelling switches leerroute (schakelen). */
export function isSchakelen(current: PipDecision, proposed: PipDecision): boolean {
  return current.leerroute !== proposed.leerroute;
}

// --- individual rules -------------------------------------------------------------------

function checkDagtekeningAfterPlichtStart(dagtekening: IsoDate, plichtStart: IsoDate | undefined): RuleResult {
  if (plichtStart !== undefined && isBefore(dagtekening, plichtStart)) {
    return refuse(
      'PIP_DAGTEKENING_VOOR_PLICHTSTART',
      `De dagtekening van het PIP (${dagtekening}) ligt vóór de start van de inburgeringsplicht (${plichtStart}).`,
    );
  }
  return RULE_OK;
}

function checkDagtekeningAfterVestiging(dagtekening: IsoDate, vestigingDate: IsoDate | undefined): RuleResult {
  if (vestigingDate !== undefined && isBefore(dagtekening, vestigingDate)) {
    return refuse(
      'PIP_DAGTEKENING_VOOR_VESTIGING',
      `De dagtekening van het PIP (${dagtekening}) ligt vóór de vestiging in de gemeente (${vestigingDate}).`,
    );
  }
  return RULE_OK;
}

function checkDagtekeningNotBeforeCurrentPip(
  dagtekening: IsoDate,
  currentDagtekening: IsoDate,
  initialDagtekening: IsoDate | undefined,
): RuleResult {
  for (const earlier of [initialDagtekening, currentDagtekening]) {
    if (earlier !== undefined && isBefore(dagtekening, earlier)) {
      return refuse(
        'PIP_DAGTEKENING_VOOR_HUIDIG_PIP',
        `De dagtekening van de bijstelling (${dagtekening}) ligt vóór de dagtekening van het eerdere PIP (${earlier}).`,
      );
    }
  }
  return RULE_OK;
}

/** Framework 4.2 allows one bijstelling; the gemeente's policy may allow more (the law sets no maximum). */
function checkBijstellingLimit(bijstellingenSoFar: number, maxPipBijstellingen: number): RuleResult {
  if (bijstellingenSoFar >= maxPipBijstellingen) {
    const times = maxPipBijstellingen === 1 ? 'één keer' : `${maxPipBijstellingen} keer`;
    return refuse(
      'PIP_BIJSTELLING_LIMIET',
      `Het PIP is al ${bijstellingenSoFar} keer bijgesteld; volgens het beleid van de gemeente mag dat ${times}.`,
    );
  }
  return RULE_OK;
}

/**
 * Framework 4.8 "binnen een jaar", when the gemeente's policy sets it: a bijstelling dated more
 * than the policy's months after the first PIP is refused — except schakelen and afschalen,
 * which the law ties to the person's progress (afschalen needs 600 lesson hours first).
 */
function checkBijstellingWithinPeriod(input: PipBijstellingInput): RuleResult {
  const months = input.policy.pipBijstellingWithinMonths;
  if (months === undefined) return RULE_OK;
  if (isSchakelen(input.current, input.proposed) || isAfschalen(input.current, input.proposed)) return RULE_OK;
  const from = input.initialPipDagtekening ?? input.current.dagtekening;
  const last = addMonths(from, months);
  if (isAfter(input.proposed.dagtekening, last)) {
    const period = months === 12 ? 'een jaar' : `${months} maanden`;
    return refuse(
      'PIP_BIJSTELLING_NA_TERMIJN_BELEID',
      `Volgens het beleid van de gemeente kan het PIP alleen binnen ${period} na het eerste PIP (${from}) worden bijgesteld, dus uiterlijk ${last}; schakelen en afschalen kunnen wel later.`,
    );
  }
  return RULE_OK;
}

/** Schakelen only through a bijstelling: a new PIP (e.g. after a move) keeps the leerroute. */
function checkNoRouteSwitchInVaststelling(leerroute: Leerroute, previousLeerroute: Leerroute | undefined): RuleResult {
  if (previousLeerroute !== undefined && previousLeerroute !== leerroute) {
    return refuse(
      'PIP_SCHAKELEN_ALLEEN_VIA_BIJSTELLING',
      `Een nieuw PIP houdt de leerroute van het vorige PIP (${LEERROUTE_LABELS[previousLeerroute]}); ` +
        'schakelen naar een andere leerroute kan alleen via een bijstelling van het PIP.',
    );
  }
  return RULE_OK;
}

/**
 * Level per route: onderwijsroute B1 or higher (DUO: no A2); B1-route B1 or A2 (when A2 is
 * allowed is judged by the first-PIP and afschalen rules); Z-route A0/A1/A2 (DUO: no B1,
 * hence no B2 either).
 */
function checkLevelMatchesRoute(leerroute: Leerroute, level: Level): RuleResult {
  switch (leerroute) {
    case 'ONDERWIJS':
      if (level === 'B1' || level === 'B2') return RULE_OK;
      return refuse(
        level === 'A2' ? 'PIP_A2_MET_ONDERWIJSROUTE' : 'PIP_NIVEAU_PAST_NIET_BIJ_ROUTE',
        `Niveau ${level} kan niet bij de onderwijsroute; die vraagt niveau B1 of hoger.`,
      );
    case 'Z':
      if (level === 'A0' || level === 'A1' || level === 'A2') return RULE_OK;
      return refuse('PIP_B1_MET_Z_ROUTE', `Niveau ${level} kan niet bij de Z-route; die kent niveau A0, A1 of A2.`);
    case 'B1':
      if (level === 'B1' || level === 'A2') return RULE_OK;
      return refuse(
        'PIP_NIVEAU_PAST_NIET_BIJ_ROUTE',
        `Niveau ${level} kan niet bij de B1-route; die vraagt niveau B1 (A2 alleen na afschalen).`,
      );
  }
}

/** DUO: A2 in the B1-route is refused in a person's very first PIP, in any gemeente. */
function checkNoA2InFirstB1Pip(input: PipVaststellingInput): RuleResult {
  if (input.isFirstPip && input.leerroute === 'B1' && input.level === 'A2') {
    return refuse(
      'PIP_A2_IN_EERSTE_B1_PIP',
      'Niveau A2 kan niet in het eerste PIP met de B1-route; A2 kan alleen later via afschalen bij een bijstelling.',
    );
  }
  return RULE_OK;
}

/** DUO: the estimated B1 intensity only for the B1-route and asielmigranten, as 1..9999 hours. */
function checkB1Intensity(leerroute: Leerroute, targetGroup: TargetGroup, b1Intensity: number | undefined): RuleResult {
  if (b1Intensity === undefined) return RULE_OK;
  if (leerroute !== 'B1' || targetGroup !== 'asielstatushouder') {
    return refuse(
      'PIP_B1_INTENSITEIT_NIET_TOEGESTAAN',
      'De geschatte intensiteit van de B1-route mag alleen worden opgegeven bij de B1-route voor asielstatushouders.',
    );
  }
  if (!Number.isInteger(b1Intensity) || b1Intensity < B1_INTENSITY_MIN || b1Intensity > B1_INTENSITY_MAX) {
    return refuse(
      'PIP_B1_INTENSITEIT_ONGELDIG',
      `De geschatte intensiteit van de B1-route moet een heel aantal uren zijn van ${B1_INTENSITY_MIN} tot en met ${B1_INTENSITY_MAX}.`,
    );
  }
  return RULE_OK;
}

/** Afschalen (B1 → A2): only within the B1-route and after at least 600 lesson hours, half in person. */
function checkAfschalen(input: PipBijstellingInput): RuleResult {
  const { current, proposed } = input;
  if (!isAfschalen(current, proposed)) return RULE_OK;
  if (current.leerroute !== 'B1') {
    return refuse(
      'PIP_AFSCHALEN_ALLEEN_IN_B1_ROUTE',
      `Afschalen naar A2 kan alleen binnen de B1-route, niet bij een overstap vanuit de ${LEERROUTE_LABELS[current.leerroute]}.`,
    );
  }
  if (input.lessonHours < AFSCHALEN_MIN_LESSON_HOURS) {
    return refuse(
      'PIP_AFSCHALEN_TE_WEINIG_LESUREN',
      `Afschalen naar A2 kan pas na minstens ${AFSCHALEN_MIN_LESSON_HOURS} lesuren; gevolgd: ${input.lessonHours}.`,
    );
  }
  if (
    input.inPersonLessonHours !== undefined &&
    input.inPersonLessonHours < input.lessonHours * AFSCHALEN_MIN_IN_PERSON_SHARE
  ) {
    return refuse(
      'PIP_AFSCHALEN_TE_WEINIG_FYSIEKE_LESUREN',
      `Afschalen naar A2 vraagt dat minstens de helft van de lesuren fysiek is gevolgd; fysiek: ${input.inPersonLessonHours} van ${input.lessonHours}.`,
    );
  }
  return RULE_OK;
}
