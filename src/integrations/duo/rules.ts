/**
 * DUO's documented business rules (spec/duo README section per API, DUO's repository
 * README), checked *before* we send, so that we never send what DUO would refuse. Pure
 * functions: no I/O, safe anywhere. A refusal becomes a task for a person, not a request.
 * (Longer than most files: one section per DUO API, kept together as DUO documents them.)
 *
 * The domain's PIP rules (src/domain/pip-rules.ts) decide whether the gemeente may take a
 * PIP decision at all; these rules check the message we are about to send to DUO (its
 * fields, DUO's codes) against the context DUO checks it against.
 */
import { addMonths, isAfter, isBefore, isOnOrAfter, isValidIsoDate } from '../../domain/dates';
import { DUO_UREN_MAX, type DuoUrenSoort } from '../../domain/duo-uren';
import { B1_INTENSITY_MAX } from '../../domain/pip-rules';
import { RULE_OK, firstRefusal, refuse, type RuleResult } from '../../domain/rule-result';
import type { IsoDate, Leerroute, Level, TargetGroup } from '../../domain/types';
import type {
  DuoContactpersoongegevens,
  DuoInburgeringsaanbod,
  DuoPip,
  DuoResultaatMap,
  DuoResultaatPvt,
  DuoResultaatZroute,
} from './client';

export { type RuleResult } from '../../domain/rule-result';

/** DUO's Leerroute codes. */
export const DUO_LEERROUTE: Record<Leerroute, DuoPip['leerroute']> = { B1: 'B', ONDERWIJS: 'O', Z: 'Z' };

export function isAsielmigrant(targetGroup: TargetGroup): boolean {
  return targetGroup === 'asielstatushouder';
}

// ---------------------------------------------------------------------------------------
// PIP

export interface DomainPipForDuo {
  dagtekening: IsoDate;
  leerroute: Leerroute;
  level: Level;
  b1Intensity?: number;
  targetGroup: TargetGroup;
  magOpleidingAfmaken?: boolean;
  alfabetisering?: DuoPip['indicatorAlfabetiseringsonderwijs'];
}

/**
 * The PIP message for DUO from a domain PIP decision. Niveau only where DUO accepts it:
 * A2/B1 in the B1-route, B1 in the onderwijsroute, none in the Z-route. The B1 intensity
 * only for asielmigranten in the B1-route.
 */
export function toDuoPip(pip: DomainPipForDuo): DuoPip {
  const message: DuoPip = { dagtekeningPip: pip.dagtekening, leerroute: DUO_LEERROUTE[pip.leerroute] };
  if (pip.leerroute === 'B1' && (pip.level === 'A2' || pip.level === 'B1')) message.niveau = pip.level;
  if (pip.leerroute === 'ONDERWIJS') message.niveau = 'B1';
  if (pip.leerroute === 'B1' && isAsielmigrant(pip.targetGroup) && pip.b1Intensity !== undefined) {
    message.geschatteIntensiteitB1Route = pip.b1Intensity;
  }
  if (pip.magOpleidingAfmaken !== undefined) message.indicatorMagOpleidingAfmaken = pip.magOpleidingAfmaken;
  if (pip.alfabetisering !== undefined) message.indicatorAlfabetiseringsonderwijs = pip.alfabetisering;
  return message;
}

export interface PipDuoContext {
  targetGroup: TargetGroup;
  /** Start of the inburgeringsplicht (DUO Inburgeringsplicht.begindatum), when known. */
  plichtStart?: IsoDate;
  /** Date of vestiging in this gemeente, when known. */
  vestigingDate?: IsoDate;
  /** True when DUO knows no earlier PIP for this person in any gemeente. */
  isFirstPip: boolean;
  /** For a changed PIP: dagtekening of the initial PIP and of the current (actuele) PIP. */
  initialPipDagtekening?: IsoDate;
  currentPipDagtekening?: IsoDate;
}

/** DUO README "Het aanleveren van een PIP". */
export function checkPipForDuo(pip: DuoPip, context: PipDuoContext): RuleResult {
  const dagtekening = pip.dagtekeningPip;
  return firstRefusal(
    isValidIsoDate(dagtekening)
      ? RULE_OK
      : refuse('DUO_PIP_DAGTEKENING_ONGELDIG', 'De dagtekening is geen geldige datum.'),
    context.plichtStart && isBefore(dagtekening, context.plichtStart)
      ? refuse(
          'DUO_PIP_DAGTEKENING_VOOR_PLICHT',
          'DUO weigert een PIP met een dagtekening vóór de start van de inburgeringsplicht.',
        )
      : RULE_OK,
    context.initialPipDagtekening && isBefore(dagtekening, context.initialPipDagtekening)
      ? refuse(
          'DUO_PIP_DAGTEKENING_VOOR_INITIEEL',
          'DUO weigert een gewijzigde PIP met een dagtekening vóór die van de initiële PIP.',
        )
      : RULE_OK,
    context.currentPipDagtekening && isBefore(dagtekening, context.currentPipDagtekening)
      ? refuse(
          'DUO_PIP_DAGTEKENING_VOOR_ACTUEEL',
          'DUO weigert een gewijzigde PIP met een dagtekening vóór die van de actuele PIP.',
        )
      : RULE_OK,
    context.vestigingDate && isBefore(dagtekening, context.vestigingDate)
      ? refuse(
          'DUO_PIP_DAGTEKENING_VOOR_VESTIGING',
          'DUO weigert een PIP met een dagtekening vóór de vestiging in de gemeente.',
        )
      : RULE_OK,
    pip.niveau === 'A2' && pip.leerroute === 'O'
      ? refuse('DUO_PIP_A2_ONDERWIJSROUTE', 'Niveau A2 mag niet met de onderwijsroute worden aangeleverd.')
      : RULE_OK,
    pip.niveau === 'B1' && pip.leerroute === 'Z'
      ? refuse('DUO_PIP_B1_ZROUTE', 'Niveau B1 mag niet met de Z-route worden aangeleverd.')
      : RULE_OK,
    pip.niveau === 'A2' && pip.leerroute === 'B' && context.isFirstPip
      ? refuse(
          'DUO_PIP_A2_EERSTE_B1',
          'Niveau A2 mag niet met de B1-route worden aangeleverd in de eerste PIP van de persoon.',
        )
      : RULE_OK,
    pip.geschatteIntensiteitB1Route !== undefined && (pip.leerroute !== 'B' || !isAsielmigrant(context.targetGroup))
      ? refuse(
          'DUO_PIP_INTENSITEIT_ALLEEN_B1_ASIEL',
          'De geschatte intensiteit B1-route mag alleen bij de B1-route en bij asielmigranten worden aangeleverd.',
        )
      : RULE_OK,
    pip.geschatteIntensiteitB1Route !== undefined &&
      !(
        Number.isInteger(pip.geschatteIntensiteitB1Route) &&
        pip.geschatteIntensiteitB1Route >= 1 &&
        pip.geschatteIntensiteitB1Route <= B1_INTENSITY_MAX
      )
      ? refuse(
          'DUO_PIP_INTENSITEIT_BEREIK',
          `De geschatte intensiteit B1-route is een geheel aantal uren van 1 tot en met ${B1_INTENSITY_MAX}.`,
        )
      : RULE_OK,
  );
}

// ---------------------------------------------------------------------------------------
// MAP and PVT (same rules, DUO README "MAP" and "PVT")

export interface MapPvtDuoContext {
  /** Date the message is sent (the workflow's "today"). */
  today: IsoDate;
  /** Our gemeente has the actuele PIP for this person. */
  hasActuelePip: boolean;
  /** The date was sent by our gemeente before (a change or withdrawal needs that). */
  previouslySentByUs: boolean;
  /** This message changes or withdraws an earlier date. */
  isChange: boolean;
  termijnStart?: IsoDate;
  termijnEnd?: IsoDate;
  /** Datum afronding Z-route, when registered at DUO. */
  zrouteAfgerondOp?: IsoDate;
  /** The inburgeringsplicht is already voldaan via the Z-route. */
  plichtVoldaanViaZroute?: boolean;
}

export type MapPvtKind = 'MAP' | 'PVT';

export function checkMapForDuo(message: DuoResultaatMap, context: MapPvtDuoContext): RuleResult {
  return checkMapPvt('MAP', message.datumEindgesprekMap, message.verwijtbaar, context);
}

export function checkPvtForDuo(message: DuoResultaatPvt, context: MapPvtDuoContext): RuleResult {
  return checkMapPvt('PVT', message.datumOndertekeningPvt, message.verwijtbaar, context);
}

/** True when the termijn is overschreden: the date (or, when withdrawn, today) is on/after the end. */
function isOverschrijding(date: IsoDate | undefined, context: MapPvtDuoContext): boolean {
  if (!context.termijnEnd) return false;
  return isOnOrAfter(date ?? context.today, context.termijnEnd);
}

/**
 * "'Verwijtbaar' mag alleen de waarde 'Nee' hebben als de einddatum van de
 * inburgeringstermijn binnen twee maanden valt": read as the end date lying within two
 * months of the send date, before or after it. Before the end this is the domain's
 * verwijtbaar window (src/domain/termijn.ts isInVerwijtbaarWindow, the last 2 months of the
 * termijn); after the end it covers a date reported shortly after an overschrijding.
 */
export function isTermijnEndWithinTwoMonths(termijnEnd: IsoDate, today: IsoDate): boolean {
  return isOnOrAfter(termijnEnd, addMonths(today, -2)) && !isAfter(termijnEnd, addMonths(today, 2));
}

function checkMapPvt(
  kind: MapPvtKind,
  date: IsoDate | undefined,
  verwijtbaar: 'Ja' | 'Nee' | undefined,
  context: MapPvtDuoContext,
): RuleResult {
  const label = kind === 'MAP' ? 'De datum eindgesprek MAP' : 'De datum ondertekening PVT';
  const code = `DUO_${kind}`;
  return firstRefusal(
    date !== undefined && !isValidIsoDate(date)
      ? refuse(`${code}_DATUM_ONGELDIG`, `${label} is geen geldige datum.`)
      : RULE_OK,
    context.hasActuelePip
      ? RULE_OK
      : refuse(`${code}_GEEN_PIP`, 'Onze gemeente heeft geen actuele PIP voor deze inburgeraar.'),
    context.isChange && !context.previouslySentByUs
      ? refuse(
          `${code}_WIJZIGING_NIET_EERDER_GELEVERD`,
          `${label} kan alleen worden gewijzigd als onze gemeente hem eerder leverde.`,
        )
      : RULE_OK,
    context.zrouteAfgerondOp && date !== undefined && isAfter(date, context.zrouteAfgerondOp)
      ? refuse(`${code}_NA_ZROUTE`, `${label} mag niet na de datum afronding Z-route liggen.`)
      : RULE_OK,
    context.plichtVoldaanViaZroute
      ? refuse(`${code}_PLICHT_VOLDAAN_ZROUTE`, 'De inburgeringsplicht is al voldaan via de Z-route.')
      : RULE_OK,
    date === undefined && context.zrouteAfgerondOp
      ? refuse(
          `${code}_INTREKKEN_NA_ZROUTE`,
          `${label} kan niet worden ingetrokken als de afronding Z-route is geregistreerd.`,
        )
      : RULE_OK,
    date !== undefined && context.termijnStart && isBefore(date, context.termijnStart)
      ? refuse(`${code}_VOOR_TERMIJN`, `${label} mag niet vóór de start van de inburgeringstermijn liggen.`)
      : RULE_OK,
    date !== undefined && isAfter(date, context.today)
      ? refuse(`${code}_IN_TOEKOMST`, `${label} mag niet in de toekomst liggen.`)
      : RULE_OK,
    verwijtbaar === undefined && isOverschrijding(date, context)
      ? refuse(
          `${code}_VERWIJTBAAR_VERPLICHT`,
          "De inburgeringstermijn is overschreden: geef 'Verwijtbaar (Ja/Nee)' mee.",
        )
      : RULE_OK,
    verwijtbaar !== undefined && date !== undefined && context.termijnEnd && isBefore(date, context.termijnEnd)
      ? refuse(
          `${code}_VERWIJTBAAR_VOOR_EINDE`,
          `${label} ligt vóór het einde van de inburgeringstermijn: 'Verwijtbaar' mag dan niet worden geleverd.`,
        )
      : RULE_OK,
    verwijtbaar === 'Nee' && !(context.termijnEnd && isTermijnEndWithinTwoMonths(context.termijnEnd, context.today))
      ? refuse(
          `${code}_VERWIJTBAAR_NEE_BUITEN_VENSTER`,
          "'Verwijtbaar = Nee' mag alleen als de einddatum van de inburgeringstermijn binnen twee maanden valt.",
        )
      : RULE_OK,
    verwijtbaar === 'Ja' && !isOverschrijding(date, context)
      ? refuse(
          `${code}_VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING`,
          "'Verwijtbaar = Ja' mag alleen bij een overschrijding van de termijn.",
        )
      : RULE_OK,
  );
}

// ---------------------------------------------------------------------------------------
// Z-route

export interface ZrouteDuoContext {
  today: IsoDate;
  hasActuelePip: boolean;
  /** Leerroute of the actuele PIP. */
  leerroute?: Leerroute;
  termijnStart?: IsoDate;
}

export function checkZrouteForDuo(message: DuoResultaatZroute, context: ZrouteDuoContext): RuleResult {
  const date = message.datumAfrondingZroute;
  return firstRefusal(
    date !== undefined && !isValidIsoDate(date)
      ? refuse('DUO_ZROUTE_DATUM_ONGELDIG', 'De datum afronding Z-route is geen geldige datum.')
      : RULE_OK,
    context.hasActuelePip
      ? RULE_OK
      : refuse('DUO_ZROUTE_GEEN_PIP', 'Onze gemeente heeft geen actuele PIP voor deze inburgeraar.'),
    date !== undefined && context.leerroute !== 'Z'
      ? refuse('DUO_ZROUTE_ANDERE_LEERROUTE', 'De actuele PIP heeft niet de Z-route als leerroute.')
      : RULE_OK,
    date !== undefined && isAfter(date, context.today)
      ? refuse('DUO_ZROUTE_IN_TOEKOMST', 'De datum afronding Z-route mag niet in de toekomst liggen.')
      : RULE_OK,
    date !== undefined && context.termijnStart && isBefore(date, context.termijnStart)
      ? refuse(
          'DUO_ZROUTE_VOOR_TERMIJN',
          'De datum afronding Z-route mag niet vóór de start van de inburgeringstermijn liggen.',
        )
      : RULE_OK,
  );
}

// ---------------------------------------------------------------------------------------
// Inburgeringsaanbod (asielmigranten only)

export interface InstellingKeurmerk {
  instellingsnummer: string;
  indicatieBowKeurmerk?: boolean;
  indicatieTstKeurmerk?: boolean;
}

export interface InburgeringsaanbodDuoContext {
  targetGroup: TargetGroup;
  /** Dagtekening of the actuele PIP; undefined when there is no PIP. */
  actuelePipDagtekening?: IsoDate;
  leerroute?: Leerroute;
  /** The institution as DUO lists it (GET /instellingen); undefined when DUO does not know it. */
  instelling?: InstellingKeurmerk;
  termijnStart?: IsoDate;
  termijnEnd?: IsoDate;
}

/** DUO README "Inburgeringsaanbod". */
export function checkInburgeringsaanbodForDuo(
  message: DuoInburgeringsaanbod,
  context: InburgeringsaanbodDuoContext,
): RuleResult {
  const dates = [
    message.datumInburgeringsaanbod,
    message.verwachteStartdatumOpleiding,
    message.verwachteEinddatumOpleiding,
  ];
  const start = message.verwachteStartdatumOpleiding;
  const end = message.verwachteEinddatumOpleiding;
  const pipDate = context.actuelePipDagtekening;
  return firstRefusal(
    dates.every((date) => date === undefined || isValidIsoDate(date))
      ? RULE_OK
      : refuse('DUO_AANBOD_DATUM_ONGELDIG', 'Een datum van het inburgeringsaanbod is geen geldige datum.'),
    isAsielmigrant(context.targetGroup)
      ? RULE_OK
      : refuse('DUO_AANBOD_ALLEEN_ASIEL', 'Een inburgeringsaanbod wordt alleen voor asielmigranten aan DUO geleverd.'),
    pipDate ? RULE_OK : refuse('DUO_AANBOD_GEEN_PIP', 'De persoon heeft nog geen PIP.'),
    checkKeurmerk(context),
    pipDate && dates.some((date) => date !== undefined && isBefore(date, pipDate))
      ? refuse(
          'DUO_AANBOD_VOOR_PIP',
          'De data van het inburgeringsaanbod mogen niet vóór de dagtekening van de actuele PIP liggen.',
        )
      : RULE_OK,
    start && end && isBefore(end, start)
      ? refuse('DUO_AANBOD_EINDE_VOOR_START', 'De verwachte einddatum ligt vóór de verwachte startdatum.')
      : RULE_OK,
    start && message.datumInburgeringsaanbod && isBefore(start, message.datumInburgeringsaanbod)
      ? refuse('DUO_AANBOD_START_VOOR_AANBOD', 'De verwachte startdatum ligt vóór de datum van het inburgeringsaanbod.')
      : RULE_OK,
    [start, end].some(
      (date) =>
        date !== undefined &&
        ((context.termijnStart && isBefore(date, context.termijnStart)) ||
          (context.termijnEnd && isAfter(date, context.termijnEnd))),
    )
      ? refuse(
          'DUO_AANBOD_BUITEN_TERMIJN',
          'Start- en einddatum van de opleiding moeten binnen de inburgeringstermijn liggen.',
        )
      : RULE_OK,
  );
}

function checkKeurmerk(context: InburgeringsaanbodDuoContext): RuleResult {
  const instelling = context.instelling;
  if (!instelling) return refuse('DUO_AANBOD_INSTELLING_ONBEKEND', 'De opleidingsinstelling is niet bekend bij DUO.');
  if (instelling.indicatieBowKeurmerk) return RULE_OK;
  if (instelling.indicatieTstKeurmerk && context.leerroute === 'ONDERWIJS') return RULE_OK;
  return refuse(
    'DUO_AANBOD_GEEN_KEURMERK',
    'De instelling heeft geen Blik op Werk-keurmerk (of, bij de onderwijsroute, geen erkenning als taalschakelinstelling).',
  );
}

// ---------------------------------------------------------------------------------------
// Gevolgde uren

export function checkUrenForDuo(uren: number): RuleResult {
  return Number.isInteger(uren) && uren >= 0 && uren <= DUO_UREN_MAX
    ? RULE_OK
    : refuse('DUO_UREN_BEREIK', `Het aantal uren is een geheel getal van 0 tot en met ${DUO_UREN_MAX}.`);
}

export type { DuoUrenSoort };

export interface GevolgdeUrenDuoContext {
  targetGroup: TargetGroup;
  /** Leerroute of the actuele PIP at DUO, when there is one. */
  leerroute?: Leerroute;
}

/**
 * GevolgdeUren spec: every resource is a total of whole hours 0–9999 (PUT replaces it).
 * Participatieactiviteiten are "ten behoeve van de Z-route van de asielstatushouder": only
 * for asielmigranten, and not when DUO's actuele PIP has another leerroute.
 */
export function checkGevolgdeUrenForDuo(
  soort: DuoUrenSoort,
  uren: number,
  context: GevolgdeUrenDuoContext,
): RuleResult {
  return firstRefusal(
    checkUrenForDuo(uren),
    soort === 'PARTICIPATIE' && !isAsielmigrant(context.targetGroup)
      ? refuse(
          'DUO_UREN_PARTICIPATIE_ALLEEN_ASIEL',
          'Uren participatieactiviteiten worden alleen voor asielstatushouders (Z-route) aan DUO geleverd.',
        )
      : RULE_OK,
    soort === 'PARTICIPATIE' && context.leerroute !== undefined && context.leerroute !== 'Z'
      ? refuse(
          'DUO_UREN_PARTICIPATIE_ALLEEN_ZROUTE',
          'Uren participatieactiviteiten horen bij de Z-route; de actuele PIP bij DUO heeft een andere leerroute.',
        )
      : RULE_OK,
  );
}

// ---------------------------------------------------------------------------------------
// Contactpersoon

/** DUO's `naam` pattern, anchored: letters, spaces, apostrophes, dots and dashes. */
const CONTACT_NAAM = /^[\s'‘.\p{L}\p{Pd}]{1,100}$/u;
/** DUO's `telefoonnummer` pattern (Contactpersoon spec). */
const CONTACT_TELEFOON = /^(\+|[0-9])((\s|\s?(-|\(0\))\s?)?[0-9]){2,15}([,][1-9][0-9]{1,8})?$/;

/**
 * Contactpersoongegevens as DUO's spec requires them (naam, e-mail and telefoonnummer all
 * required, with DUO's patterns). DUO's patterns are not anchored in the spec; we check them
 * anchored, so that what we send is what DUO means.
 */
export function checkContactpersoonForDuo(gegevens: Partial<DuoContactpersoongegevens>): RuleResult {
  const naam = gegevens.naam?.trim() ?? '';
  const email = gegevens.email?.trim() ?? '';
  const telefoon = gegevens.telefoonnummer?.trim() ?? '';
  return firstRefusal(
    naam && email && telefoon
      ? RULE_OK
      : refuse(
          'DUO_CONTACTPERSOON_ONVOLLEDIG',
          'Naam, e-mailadres en telefoonnummer van de contactpersoon zijn alle drie nodig (DUO).',
        ),
    CONTACT_NAAM.test(naam)
      ? RULE_OK
      : refuse(
          'DUO_CONTACTPERSOON_NAAM',
          'De naam van de contactpersoon mag alleen letters, spaties, punten, apostrofs en streepjes bevatten (max. 100).',
        ),
    email.length >= 4 && email.length <= 241 && /^[^\s@]+@[^\s@]+$/.test(email)
      ? RULE_OK
      : refuse('DUO_CONTACTPERSOON_EMAIL', 'Het e-mailadres van de contactpersoon is ongeldig.'),
    telefoon.length >= 3 && telefoon.length <= 22 && CONTACT_TELEFOON.test(telefoon)
      ? RULE_OK
      : refuse('DUO_CONTACTPERSOON_TELEFOON', 'Het telefoonnummer van de contactpersoon is ongeldig voor DUO.'),
  );
}
