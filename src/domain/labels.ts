/**
 * Dutch words for the codes of the domain, for people: the werkplek and the dossier timeline
 * of the API use these, so one code reads the same everywhere. Plain language (B1).
 */
import { dutchDate as dutchCalendarDate } from './period';
import type { TaskType } from './tasks';
import type {
  CloseReason,
  HourKind,
  Leefgebied,
  LeerbaarheidResult,
  Leerroute,
  Level,
  OntheffingGround,
  PartnerKind,
  Phase,
  TargetGroup,
  WarmeOverdrachtForm,
} from './types';

export const PHASE_LABELS: Record<Phase, string> = {
  KOPPELING: 'Koppeling en huisvesting',
  WARME_OVERDRACHT: 'Warme overdracht',
  BREDE_INTAKE: 'Brede intake',
  PIP: 'PIP opstellen',
  OPSTARTKLAS: 'Opstartklas',
  LEERROUTE: 'Leerroute',
  AFGEROND: 'Afgerond',
};

export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  asielstatushouder: 'Asielstatushouder',
  gezinsmigrant: 'Gezinsmigrant',
  overige_migrant: 'Overige migrant',
};

export const LEERROUTE_NAMES: Record<Leerroute, string> = {
  B1: 'B1-route',
  ONDERWIJS: 'Onderwijsroute',
  Z: 'Z-route',
};

export const LEVEL_LABELS: Record<Level, string> = { A0: 'A0', A1: 'A1', A2: 'A2', B1: 'B1', B2: 'B2' };

export const WARME_OVERDRACHT_FORM_LABELS: Record<WarmeOverdrachtForm, string> = {
  VIDEO: 'videobellen',
  TELEFOON: 'telefonisch',
  GEMEENTE: 'op het gemeentehuis',
  MAIL: 'per e-mail',
  ANDERS: 'op een andere manier',
};

export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  COA: 'COA',
  DUO: 'DUO',
  TAALAANBIEDER: 'Taalaanbieder',
  MAATSCHAPPELIJKE_BEGELEIDING: 'Maatschappelijke begeleiding',
  ONTZORGEN: 'Ontzorgen (financieel)',
  WERK: 'Werkmakelaar / jobcoach',
  INKOMEN: 'Afdeling inkomen (bijstand)',
};

export const LEEFGEBIED_LABELS: Record<Leefgebied, string> = {
  leerbaarheid: 'Leerbaarheid',
  opleiding: 'Opleiding',
  werkervaring: 'Werkervaring (ook vrijwilligerswerk)',
  praktische_vaardigheden: 'Praktische vaardigheden',
  werknemersvaardigheden: 'Werknemersvaardigheden',
  taalniveau: 'Taalniveau',
  motivatie_interesses: 'Motivatie en interesses',
  zelfredzaamheid: 'Zelfredzaamheid',
  digitale_vaardigheden: 'Digitale vaardigheden',
  gezinssituatie: 'Gezinssituatie',
  fysieke_gezondheid: 'Lichamelijke gezondheid',
  mentale_gezondheid: 'Mentale gezondheid',
  sociaal_netwerk: 'Sociaal netwerk',
};

export const LEERBAARHEID_LABELS: Record<LeerbaarheidResult, string> = {
  B1_HAALBAAR: 'B1 is haalbaar',
  B1_NIET_HAALBAAR: 'B1 is niet haalbaar',
  ONBEKEND: 'Onbekend',
  VRIJGESTELD: 'Vrijgesteld van de toets',
};

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  PLICHT_VOLDAAN: 'Inburgeringsplicht voldaan',
  ONTHEFFING: 'Ontheffing',
  VRIJSTELLING: 'Vrijstelling',
  VERHUISD: 'Verhuisd buiten de regio',
  OVERLEDEN: 'Overleden',
  PLICHT_VERVALLEN: 'Plicht vervallen',
};

export const ONTHEFFING_GROUND_LABELS: Record<OntheffingGround, string> = {
  MED: 'Medische redenen',
  BIO: 'Aantoonbare inspanning (bewezen inspanningen)',
};

export const HOUR_KIND_LABELS: Record<HourKind, string> = {
  TAAL_KNM: 'Taal en KNM',
  PARTICIPATIE: 'Participatie en activering',
  MAP: 'MAP',
  PVT: 'PVT',
  LES: 'Lesuren',
};

export const VOORTGANG_OUTCOME_LABELS: Record<'OP_SCHEMA' | 'ACHTERSTAND' | 'NIET_VERSCHENEN', string> = {
  OP_SCHEMA: 'Op schema',
  ACHTERSTAND: 'Achterstand',
  NIET_VERSCHENEN: 'Niet verschenen',
};

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  CONSULENT_TOEWIJZEN: 'Consulent toewijzen',
  WARME_OVERDRACHT: 'Warme overdracht',
  MACHTIGING_VASTLEGGEN: 'Machtiging vastleggen',
  BREDE_INTAKE: 'Brede intake',
  PIP_OPSTELLEN: 'PIP opstellen',
  PIP_DEADLINE_WAARSCHUWING: 'PIP-termijn bijna voorbij',
  PIP_DEADLINE_ESCALATIE: 'PIP-termijn verstreken',
  OPSTARTKLAS_AFGELOPEN: 'Opstartklas afgelopen',
  VOORTGANGSGESPREK: 'Voortgangsgesprek',
  VOORTGANGSGESPREK_ESCALATIE: 'Voortgangsgesprek niet gevoerd',
  VOORTGANG_OPVOLGEN: 'Voortgangsgesprek opvolgen',
  MB_AANDACHT_NODIG: 'Aandacht nodig (maatschappelijke begeleiding)',
  VERZUIM_OPVOLGEN: 'Verzuim opvolgen',
  TERMIJN_WAARSCHUWING: 'Termijn loopt af',
  VERWIJTBAARHEID_DOORGEVEN: 'Verwijtbaarheid doorgeven',
  TERMIJN_VERSTREKEN_BEOORDELEN: 'Termijn verstreken: beoordelen',
  ONTZORGEN_CHECKIN: 'Check-in ontzorgen',
  ONTZORGEN_EVALUATIE: 'Evaluatie ontzorgen',
  HANDHAVING_BEOORDELEN: 'Handhaving beoordelen',
  VERHUIZING_BEOORDELEN: 'Verhuizing beoordelen',
  DOELGROEP_GEWIJZIGD: 'Doelgroep gewijzigd',
  ONTHEFFING_VERWERKEN: 'Ontheffing verwerken',
  AFRONDING_BEOORDELEN: 'Afronding beoordelen',
  TRAJECT_CONTROLEREN: 'Traject controleren',
  PLICHT_GESCHORST: 'Plicht geschorst',
  AFLEVERING_MISLUKT: 'Bericht niet afgeleverd',
  DUO_MELDING_GEWEIGERD: 'DUO-melding geweigerd',
  SWI_AANLEVEREN: 'SWI aanleveren bij het CBS',
  SWI_TE_LAAT: 'SWI-levering te laat',
  STARTVERZOEK_BEOORDEELD: 'Startverzoek beoordeeld',
  BIJSTAND_VASTSTELLEN: 'Bijstand vaststellen',
  AANBIEDER_TOEWIJZEN: 'Aanbieder toewijzen',
};

/** Status words: one vocabulary per concept, whatever the source (workflow or projection) says. */
export const TRAJECTORY_STATUS_LABELS: Record<string, string> = {
  ACTIEF: 'Actief',
  ACTIVE: 'Actief',
  GESCHORST: 'Geschorst',
  SUSPENDED: 'Geschorst',
  AFGESLOTEN: 'Afgesloten',
  CLOSED: 'Afgesloten',
  COMPLETED: 'Afgesloten',
  CANCELLED: 'Geannuleerd door beheer',
  GEANNULEERD: 'Geannuleerd door beheer',
  TERMINATED: 'Beëindigd door beheer',
  BEEINDIGD: 'Beëindigd door beheer',
};

export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  PENDING: 'wordt verstuurd',
  RETRYING: 'wordt opnieuw geprobeerd',
  DELIVERED: 'afgeleverd',
  FAILED: 'mislukt',
  REFUSED: 'geweigerd',
  HELD: 'wacht op machtiging',
  HELD_NO_CONSENT: 'wacht op machtiging',
  WACHT_OP_DUO: 'wacht op koppeling met DUO',
  WACHT_OP_PARTNER: 'wacht op toewijzing van een aanbieder',
  WACHT_OP_DAGOVERZICHT: 'wacht op het dagoverzicht',
  IN_DAGOVERZICHT: 'verstuurd in het dagoverzicht',
  NIET_GEMAILD: 'niet gemaild (alleen in de werkvoorraad)',
  RECEIVED: 'ontvangen',
  DISPATCHED: 'verwerkt',
  SIGNALLED: 'verwerkt',
  IGNORED: 'genegeerd',
};

/** A label, or the code itself when none is known (never an empty cell). */
export function labelOf(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return labels[code] ?? code;
}

const SHORT_DATE = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});

/** `2026-12-02` → `2 december 2026` (a calendar date: no time zone shift). */
export function dutchDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dutchCalendarDate(iso.slice(0, 10));
}

/** `2026-12-02` → `2 dec 2026`. */
export function dutchShortDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return SHORT_DATE.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)).replace('.', '');
}

/** An instant, shown in Europe/Amsterdam: `2 december 2026 om 14:05`. */
export function dutchDateTime(instant: string | Date | null | undefined): string {
  if (!instant) return '—';
  return DATE_TIME.format(typeof instant === 'string' ? new Date(instant) : instant).replace(', ', ' om ');
}
export { ONDERDEEL_LABELS, PARTICIPATIE_LABELS } from './pip-plan';
