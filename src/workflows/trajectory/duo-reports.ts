/**
 * gemeente → DUO reports that the workflow starts itself (besides PIP, MAP/PVT dates and the
 * Z-route, see decisions.ts and events.ts): the Inburgeringsaanbod, the Contactpersoon, the
 * Gevolgde uren, and the verwijtbaarheid of MAP/PVT at the end of the termijn.
 *
 * Only facts go into history (dates, codes, counts, the consulent's user id): the delivery
 * activity (src/activities/duo-delivery.ts) resolves the burgerservicenummer, the provider's DUO
 * instellingsnummer and the consulent's contact data from PostgreSQL/configuration.
 *
 * Each new behaviour is guarded with patched() (patches.ts) where it changes history; the
 * verwijtbaarheid is a new Update (no running workflow has one in its history).
 */
import { patched } from '@temporalio/workflow';
import { addMonths, isBefore, isOnOrAfter, isValidIsoDate } from '../../domain/dates';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from '../../domain/rule-result';
import { isInVerwijtbaarWindow, verwijtbaarWindowStart } from '../../domain/termijn';
import type { IsoDate } from '../../domain/types';
import type { VerwijtbaarheidInput } from './messages';
import { PATCHES } from './patches';
import { closeTasksOfType, decide, reportToDuo, type TrajectoryState } from './state';

// --- Inburgeringsaanbod ----------------------------------------------------------------------

/**
 * With the leerroute registration of an asielstatushouder: the gemeente's inburgeringsaanbod
 * (Wi art. 16) to DUO. Which institution: the TAALAANBIEDER assigned to the trajectory, which
 * the delivery activity reads from PostgreSQL (PartnerAssignment) — the workflow does not
 * know the assignment. `datumInburgeringsaanbod` is the start of the route (for B1 and Z
 * also the start of the language lessons, per DUO's spec).
 */
export function reportInburgeringsaanbod(state: TrajectoryState, today: IsoDate, start: IsoDate): void {
  const pip = state.pip;
  if (!pip || state.targetGroup !== 'asielstatushouder' || state.ondertussengroep) return;
  if (!patched(PATCHES.duoInburgeringsaanbod)) return;
  reportToDuo(
    state,
    `inburgeringsaanbod:${start}:${pip.leerroute}`,
    'INBURGERINGSAANBOD',
    { datumInburgeringsaanbod: start, leerroute: pip.leerroute, alfabetisering: pip.alfabetisering },
    today,
  );
}

// --- Contactpersoon --------------------------------------------------------------------------

/**
 * A trajectory started with a consulent: that consulent becomes the inburgeraar's
 * Contactpersoon at DUO (koppelen overwrites an earlier koppeling, DUO README). Only the
 * consulent's user id is in history; name, e-mail and phone are resolved at delivery.
 */
export function reportContactpersoon(state: TrajectoryState, today: IsoDate): void {
  if (!state.consulentId || state.ondertussengroep) return;
  if (!patched(PATCHES.duoContactpersoon)) return;
  reportToDuo(
    state,
    `contactpersoon:${state.consulentId}`,
    'CONTACTPERSOON',
    { consulentId: state.consulentId },
    today,
  );
}

// --- Gevolgde uren -----------------------------------------------------------------------------

/** DUO's Gevolgde uren resources we can fill from provider hours. */
export type DuoUrenSoort = 'PARTICIPATIE_ALS_TAALLES' | 'PARTICIPATIE';

export interface DuoUrenState {
  /** Totals last reported to DUO, per soort. */
  reported: Partial<Record<DuoUrenSoort, number>>;
  /** The next report (first day of the month after new hours came in). */
  due?: IsoDate;
}

/**
 * The totals DUO wants (GevolgdeUren spec, PUT replaces the total):
 * - participatietaalles: taalles Nederlands + KNM at a cursusinstelling in the leerroute,
 *   from every route followed (LES + TAAL_KNM provider hours; brede intake hours do not count);
 * - participatieactiviteiten: participation hours for the Z-route of an asielstatushouder.
 * DUO takes whole hours (0–9999).
 */
export function duoUrenTotals(state: TrajectoryState): Partial<Record<DuoUrenSoort, number>> {
  const hours = state.progress.hours;
  const totals: Partial<Record<DuoUrenSoort, number>> = {
    PARTICIPATIE_ALS_TAALLES: Math.min(9999, Math.floor(hours.LES + hours.TAAL_KNM)),
  };
  if (state.targetGroup === 'asielstatushouder' && state.pip?.leerroute === 'Z') {
    totals.PARTICIPATIE = Math.min(9999, Math.floor(hours.PARTICIPATIE));
  }
  return totals;
}

function unreported(state: TrajectoryState): [DuoUrenSoort, number][] {
  const reported = state.duoUren?.reported ?? {};
  return (Object.entries(duoUrenTotals(state)) as [DuoUrenSoort, number][]).filter(
    ([soort, total]) => total > 0 && total !== (reported[soort] ?? 0),
  );
}

/** After provider hours came in: a report on the first of next month, when a total changed. */
export function noteUrenForDuo(state: TrajectoryState, today: IsoDate): void {
  if (state.ondertussengroep || state.duoUren?.due || unreported(state).length === 0) return;
  if (!patched(PATCHES.duoGevolgdeUren)) return;
  state.duoUren = { reported: state.duoUren?.reported ?? {}, due: addMonths(`${today.slice(0, 7)}-01`, 1) };
}

/** The timer of the monthly report (timers.ts adds it to the schedule). */
export function duoUrenTimer(state: TrajectoryState): { key: string; date: IsoDate } | undefined {
  const due = state.duoUren?.due;
  return due ? { key: `gevolgde-uren:${due}`, date: due } : undefined;
}

/** Sends the changed totals (timer, or the trajectory closes with a report pending). */
export function reportGevolgdeUren(state: TrajectoryState, today: IsoDate): void {
  const uren = state.duoUren;
  if (!uren) return;
  delete uren.due;
  for (const [soort, total] of unreported(state)) {
    reportToDuo(state, `gevolgde-uren:${soort}:${total}`, 'GEVOLGDE_UREN', { soort, uren: total }, today);
    uren.reported[soort] = total;
  }
}

/** closeTrajectory: the last totals go out now rather than on a timer that will not run. */
export function flushGevolgdeUren(state: TrajectoryState, today: IsoDate): void {
  if (state.duoUren?.due) reportGevolgdeUren(state, today);
}

// --- Verwijtbaarheid (MAP / PVT) -----------------------------------------------------------------

const ja = (value: boolean): 'Ja' | 'Nee' => (value ? 'Ja' : 'Nee');

/**
 * DUO (README "MAP"/"PVT"): 'Verwijtbaar = Nee' only when the end of the termijn falls within
 * two months — the window of the VERWIJTBAARHEID_DOORGEVEN task (isInVerwijtbaarWindow);
 * 'Verwijtbaar = Ja' only when the termijn is overschreden (from its end date on). A module
 * already reported as done (MAP eindgesprek, PVT ondertekend) has nothing to report: DUO
 * refuses 'Verwijtbaar' with a date before the end, and a report without the date would
 * withdraw it.
 */
export function validateVerwijtbaarheid(
  state: TrajectoryState,
  input: VerwijtbaarheidInput,
  today: IsoDate,
): RuleResult {
  const map = input.mapVerwijtbaar;
  const pvt = input.pvtVerwijtbaar;
  const shape = firstRefusal(
    state.status === 'AFGESLOTEN'
      ? refuse('TRAJECT_AFGESLOTEN', 'Het traject is afgesloten; er kan niets meer worden vastgelegd.')
      : RULE_OK,
    isValidIsoDate(input.date) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Datum: geen geldige datum (JJJJ-MM-DD).'),
    isValidIsoDate(input.date) && isBefore(today, input.date)
      ? refuse('DATUM_IN_TOEKOMST', `Datum (${input.date}) ligt in de toekomst.`)
      : RULE_OK,
    [map, pvt].every((value) => value === undefined || typeof value === 'boolean')
      ? RULE_OK
      : refuse('ONGELDIGE_INVOER', 'Verwijtbaar per module is ja (true) of nee (false).'),
  );
  if (!shape.ok) return shape;
  const end = state.termijn?.end;
  if (!end) return refuse('VERWIJTBAAR_BUITEN_VENSTER', 'Er loopt nog geen inburgeringstermijn.');
  const windowStart = verwijtbaarWindowStart(end);
  const overschreden = isOnOrAfter(today, end);
  const values = [map, pvt].filter((value): value is boolean => value !== undefined);
  return firstRefusal(
    isBefore(today, windowStart)
      ? refuse(
          'VERWIJTBAAR_BUITEN_VENSTER',
          `Verwijtbaarheid doorgeven kan pas in de laatste twee maanden van de termijn (vanaf ${windowStart}).`,
        )
      : RULE_OK,
    values.includes(false) && !isInVerwijtbaarWindow(end, today)
      ? refuse(
          'VERWIJTBAAR_BUITEN_VENSTER',
          `'Verwijtbaar: nee' neemt DUO alleen aan in de laatste twee maanden van de termijn (${windowStart} tot ${end}).`,
        )
      : RULE_OK,
    values.includes(true) && !overschreden
      ? refuse(
          'VERWIJTBAAR_BUITEN_VENSTER',
          `'Verwijtbaar: ja' neemt DUO pas aan als de termijn is overschreden (vanaf ${end}).`,
        )
      : RULE_OK,
    values.length > 0 && state.ondertussengroep
      ? refuse(
          'VERWIJTBAAR_NIET_VAN_TOEPASSING',
          'De inburgeraar valt onder de oude wet (ondertussengroep): geen melding aan DUO.',
        )
      : RULE_OK,
    map !== undefined && state.pip?.leerroute === 'ONDERWIJS'
      ? refuse('VERWIJTBAAR_NIET_VAN_TOEPASSING', 'De onderwijsroute heeft geen MAP.')
      : RULE_OK,
    map !== undefined && state.progress.mapEindgesprek
      ? refuse(
          'VERWIJTBAAR_NIET_VAN_TOEPASSING',
          'Het MAP-eindgesprek is al aan DUO doorgegeven: verwijtbaarheid is dan niet van toepassing.',
        )
      : RULE_OK,
    pvt !== undefined && state.progress.pvtSigned
      ? refuse(
          'VERWIJTBAAR_NIET_VAN_TOEPASSING',
          'De participatieverklaring is al ondertekend en doorgegeven: verwijtbaarheid is dan niet van toepassing.',
        )
      : RULE_OK,
  );
}

export function applyVerwijtbaarheid(state: TrajectoryState, input: VerwijtbaarheidInput, today: IsoDate): void {
  const end = state.termijn?.end ?? today;
  const details: Record<string, string> = { termijnEinde: end };
  if (input.mapVerwijtbaar !== undefined) {
    details.map = ja(input.mapVerwijtbaar);
    reportToDuo(
      state,
      `map-verwijtbaar:${end}:${details.map}`,
      'MAP_VERWIJTBAARHEID',
      { verwijtbaar: details.map },
      today,
    );
  }
  if (input.pvtVerwijtbaar !== undefined) {
    details.pvt = ja(input.pvtVerwijtbaar);
    reportToDuo(
      state,
      `pvt-verwijtbaar:${end}:${details.pvt}`,
      'PVT_VERWIJTBAARHEID',
      { verwijtbaar: details.pvt },
      today,
    );
  }
  closeTasksOfType(state, ['VERWIJTBAARHEID_DOORGEVEN'], 'verwijtbaarheid doorgegeven');
  decide(state, { kind: 'VERWIJTBAARHEID', date: input.date, details });
}
