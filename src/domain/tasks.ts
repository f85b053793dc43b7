/**
 * The task catalogue: every task the trajectory can put in someone's werkvoorraad, with its
 * Dutch title and the audience that receives it.
 */
import { dutchDate, dutchMonth, quarterName } from './period';
import { LEERROUTE_LABELS } from './pip-rules';
import type { IsoDate, Leerroute } from './types';

export const TASK_AUDIENCES = ['CONSULENT', 'TEAMLEIDER', 'BEHEERDER'] as const;
export type TaskAudience = (typeof TASK_AUDIENCES)[number];

export const TASK_TYPES = [
  'CONSULENT_TOEWIJZEN',
  'WARME_OVERDRACHT',
  'MACHTIGING_VASTLEGGEN',
  'BREDE_INTAKE',
  'PIP_OPSTELLEN',
  'PIP_DEADLINE_WAARSCHUWING',
  'PIP_DEADLINE_ESCALATIE',
  'OPSTARTKLAS_AFGELOPEN',
  'VOORTGANGSGESPREK',
  'VOORTGANGSGESPREK_ESCALATIE',
  'VOORTGANG_OPVOLGEN',
  'MB_AANDACHT_NODIG',
  'VERZUIM_OPVOLGEN',
  'TERMIJN_WAARSCHUWING',
  'VERWIJTBAARHEID_DOORGEVEN',
  'TERMIJN_VERSTREKEN_BEOORDELEN',
  'ONTZORGEN_CHECKIN',
  'ONTZORGEN_EVALUATIE',
  'HANDHAVING_BEOORDELEN',
  'VERHUIZING_BEOORDELEN',
  'DOELGROEP_GEWIJZIGD',
  'ONTHEFFING_VERWERKEN',
  'AFRONDING_BEOORDELEN',
  'TRAJECT_CONTROLEREN',
  'PLICHT_GESCHORST',
  'AFLEVERING_MISLUKT',
  'DUO_MELDING_GEWEIGERD',
  'SWI_AANLEVEREN',
  'SWI_TE_LAAT',
  'STARTVERZOEK_BEOORDEELD',
  'AANBIEDER_TOEWIJZEN',
  'BIJSTAND_VASTSTELLEN',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Optional details some titles mention. Never personal data: titles end up in task lists. */
export interface TaskParams {
  dueDate?: IsoDate;
  deadline?: IsoDate;
  /** TERMIJN_WAARSCHUWING: months before the end of the termijn. */
  monthsBefore?: number;
  /** ONTZORGEN_CHECKIN: month number 1..5. */
  month?: number;
  leerroute?: Leerroute;
  /** AFLEVERING_MISLUKT, DUO_MELDING_GEWEIGERD: the outbox message type (a code, e.g. PIP_VASTGESTELD). */
  messageType?: string;
  /** AFLEVERING_MISLUKT: the partner organisation (never a person). */
  partner?: string;
  /** AFLEVERING_MISLUKT: the partner's HTTP status. */
  httpStatus?: number;
  /** AFLEVERING_MISLUKT: attempts made before the delivery gave up (the partner stayed unavailable). */
  attempts?: number;
  /** DUO_MELDING_GEWEIGERD: DUO refused it (DUO) or our pre-check found DUO would (VOORCONTROLE). */
  refusedBy?: 'DUO' | 'VOORCONTROLE';
  /** DUO_MELDING_GEWEIGERD: DUO's or the rule's reason (facts, no personal data). */
  reason?: string;
  /** SWI_AANLEVEREN, SWI_TE_LAAT: the quarter, e.g. `2026-Q4`. */
  quarter?: string;
  /** AFLEVERING_MISLUKT: what failed, in a few words (facts, no personal data). */
  failure?: string;
  /** AANBIEDER_TOEWIJZEN: the partner kind a message waits for. */
  partnerKind?: string;
  /** STARTVERZOEK_BEOORDEELD: the regional beheerder started the trajectory (true) or declined. */
  started?: boolean;
  /** VOORTGANG_OPVOLGEN: what the follow-up asks (a follow-up talk, or contact after a missed one). */
  opvolging?: 'GESPREK_INPLANNEN' | 'CONTACT_OPNEMEN';
  /** VERZUIM_OPVOLGEN: the month (`2026-03`) and its missed hours. */
  maand?: string;
  verzuimUren?: number;
}

interface TaskDefinition {
  audience: TaskAudience;
  title: (params: TaskParams) => string;
}

/** `SWI Q4 2026`: the CBS Statistiek Wet inburgering delivery of a quarter. */
const swi = (p: TaskParams): string => (p.quarter ? `SWI ${quarterName({ label: p.quarter })}` : 'SWI');
/** People read dates in Dutch (`uiterlijk 2 december 2026`), never as ISO codes. */
const by = (date: IsoDate | undefined): string => (date ? ` (uiterlijk ${dutchDate(date)})` : '');

const TASK_CATALOGUE: Record<TaskType, TaskDefinition> = {
  CONSULENT_TOEWIJZEN: {
    audience: 'CONSULENT',
    title: () => 'Wijs een consulent toe aan dit traject (de vaste contactpersoon, ook voor DUO)',
  },
  WARME_OVERDRACHT: {
    audience: 'CONSULENT',
    title: () => 'Neem contact op met de COA-casemanager voor de warme overdracht',
  },
  MACHTIGING_VASTLEGGEN: {
    audience: 'CONSULENT',
    title: () =>
      'Leg de machtiging (toestemming gegevensuitwisseling) van de inburgeraar vast, uiterlijk bij de brede intake',
  },
  BREDE_INTAKE: {
    audience: 'CONSULENT',
    title: () => 'Voer de brede intake uit (13 leefgebieden en leerbaarheidstoets)',
  },
  PIP_OPSTELLEN: {
    audience: 'CONSULENT',
    title: (p) => `Stel het PIP op met de inburgeraar${by(p.deadline)}`,
  },
  PIP_DEADLINE_WAARSCHUWING: {
    audience: 'CONSULENT',
    title: (p) => `Het PIP moet binnenkort vastgesteld zijn${by(p.deadline)}`,
  },
  PIP_DEADLINE_ESCALATIE: {
    audience: 'TEAMLEIDER',
    title: (p) =>
      `PIP-termijn van 10 weken verstreken${p.deadline ? ` op ${dutchDate(p.deadline)}` : ''}: zorg dat het PIP wordt vastgesteld`,
  },
  OPSTARTKLAS_AFGELOPEN: {
    audience: 'CONSULENT',
    title: (p) => `De opstartklas is afgelopen: start de ${p.leerroute ? LEERROUTE_LABELS[p.leerroute] : 'leerroute'}`,
  },
  VOORTGANGSGESPREK: {
    audience: 'CONSULENT',
    title: (p) => `Voer het voortgangsgesprek${by(p.dueDate)}`,
  },
  VOORTGANGSGESPREK_ESCALATIE: {
    audience: 'TEAMLEIDER',
    title: (p) =>
      `Voortgangsgesprek niet gevoerd${p.dueDate ? ` (gepland ${dutchDate(p.dueDate)})` : ''}: bespreek met de consulent`,
  },
  VOORTGANG_OPVOLGEN: {
    audience: 'CONSULENT',
    title: (p) =>
      p.opvolging === 'CONTACT_OPNEMEN'
        ? `Niet verschenen op het voortgangsgesprek: neem contact op met de inburgeraar${by(p.dueDate)}`
        : `Achterstand uit het voortgangsgesprek: plan een vervolggesprek${by(p.dueDate)}`,
  },
  MB_AANDACHT_NODIG: {
    audience: 'CONSULENT',
    title: (p) => `De maatschappelijk begeleider meldt: aandacht nodig. Neem contact op${by(p.dueDate)}`,
  },
  VERZUIM_OPVOLGEN: {
    audience: 'CONSULENT',
    title: (p) =>
      `Verzuim${p.verzuimUren !== undefined ? `: ${String(p.verzuimUren).replace('.', ',')} uur gemist` : ''}${p.maand ? ` in ${dutchMonth(p.maand)}` : ''}. Neem contact op met de inburgeraar${by(p.dueDate)}`,
  },
  TERMIJN_WAARSCHUWING: {
    audience: 'CONSULENT',
    title: (p) =>
      p.monthsBefore !== undefined
        ? `De inburgeringstermijn eindigt over ${p.monthsBefore} ${p.monthsBefore === 1 ? 'maand' : 'maanden'}: bespreek de voortgang`
        : 'De inburgeringstermijn eindigt binnenkort: bespreek de voortgang',
  },
  VERWIJTBAARHEID_DOORGEVEN: {
    audience: 'CONSULENT',
    title: () => 'Laatste twee maanden van de termijn: geef zo nodig MAP/PVT met verwijtbaarheid door aan DUO',
  },
  TERMIJN_VERSTREKEN_BEOORDELEN: {
    audience: 'CONSULENT',
    title: (p) =>
      `De inburgeringstermijn is verstreken zonder dat de plicht is voldaan: beoordeel de verwijtbaarheid (MAP/PVT aan DUO) en of handhaving nodig is${by(p.dueDate)}`,
  },
  ONTZORGEN_CHECKIN: {
    audience: 'CONSULENT',
    title: (p) => `Check-in ontzorgen${p.month !== undefined ? ` (maand ${p.month})` : ''}`,
  },
  ONTZORGEN_EVALUATIE: {
    audience: 'CONSULENT',
    title: () => 'Evalueer het ontzorgen: is de inburgeraar financieel zelfredzaam of is vervolg nodig?',
  },
  HANDHAVING_BEOORDELEN: {
    audience: 'CONSULENT',
    title: () => 'Beoordeel het handhavingsvoorstel (een medewerker beslist, nooit automatisch)',
  },
  VERHUIZING_BEOORDELEN: {
    audience: 'CONSULENT',
    title: () => 'De inburgeraar is verhuisd: beoordeel de overdracht van het traject',
  },
  DOELGROEP_GEWIJZIGD: {
    audience: 'CONSULENT',
    title: () => 'De doelgroep is gewijzigd: controleer het aanbod en het PIP',
  },
  ONTHEFFING_VERWERKEN: {
    audience: 'CONSULENT',
    title: () => 'Verwerk de ontheffing in het traject en het PIP',
  },
  AFRONDING_BEOORDELEN: {
    audience: 'CONSULENT',
    title: () => 'Beoordeel de afronding van de inburgering',
  },
  TRAJECT_CONTROLEREN: {
    audience: 'BEHEERDER',
    title: () => 'Controleer het traject: een stap is vastgelopen of mislukt',
  },
  PLICHT_GESCHORST: {
    audience: 'CONSULENT',
    title: () =>
      'De inburgeringsplicht is tijdelijk geschorst (tijdelijke vrijstelling, DUO SS109): pauzeer het traject bij de aanbieders',
  },
  AFLEVERING_MISLUKT: {
    audience: 'BEHEERDER',
    title: (p) => {
      const message = `Bericht ${p.messageType ?? ''}`.trimEnd();
      if (p.partner && p.attempts !== undefined)
        return `${message} kon na ${p.attempts} pogingen niet worden afgeleverd bij ${p.partner} (niet bereikbaar): controleer het endpoint en verstuur opnieuw`;
      const what = p.failure ? `: ${p.failure}` : '';
      if (p.partner && p.httpStatus !== undefined)
        return `${message} geweigerd door ${p.partner} (HTTP ${p.httpStatus}${what}): controleer en verstuur opnieuw`;
      if (p.partner) return `${message} niet afgeleverd aan ${p.partner}${what}: herstel en verstuur opnieuw`;
      return `${message} niet afgeleverd${what}: zie de toelichting, herstel en verstuur opnieuw`;
    },
  },
  DUO_MELDING_GEWEIGERD: {
    audience: 'CONSULENT',
    title: (p) => {
      const melding = `Melding ${p.messageType ?? ''}`.trimEnd();
      const head =
        p.refusedBy === 'VOORCONTROLE'
          ? `${melding} niet naar DUO gestuurd: DUO zou haar weigeren`
          : `${melding} geweigerd door DUO`;
      return p.reason ? `${head} (${p.reason})` : head;
    },
  },
  SWI_AANLEVEREN: {
    audience: 'BEHEERDER',
    title: (p) => `Lever ${swi(p)} aan bij het CBS${p.deadline ? `, uiterlijk ${dutchDate(p.deadline)}` : ''}`,
  },
  SWI_TE_LAAT: {
    audience: 'TEAMLEIDER',
    title: (p) =>
      `${swi(p)} is niet op tijd bij het CBS aangeleverd${p.deadline ? ` (uiterlijk ${dutchDate(p.deadline)})` : ''}: zorg dat de beheerder levert`,
  },
  AANBIEDER_TOEWIJZEN: {
    audience: 'CONSULENT',
    title: (p) =>
      `Wijs een aanbieder toe${p.partnerKind ? ` (${p.partnerKind})` : ''}: een bericht wacht op een partner van die soort`,
  },
  BIJSTAND_VASTSTELLEN: {
    audience: 'CONSULENT',
    title: () => 'Stel vast of de inburgeraar bijstand heeft, en sinds wanneer (recht op 6 maanden ontzorgen)',
  },
  STARTVERZOEK_BEOORDEELD: {
    audience: 'CONSULENT',
    title: (p) =>
      p.started
        ? 'Uw startverzoek is beoordeeld: de regionale beheerder heeft het traject gestart'
        : 'Uw startverzoek is beoordeeld: de regionale beheerder heeft het afgewezen',
  },
};

/** Task titles are at most this long (the werkvoorraad shows them in one line). */
export const TASK_TITLE_MAX_LENGTH = 200;

export function taskTitle(type: TaskType, params: TaskParams = {}): string {
  const title = TASK_CATALOGUE[type].title(params);
  return title.length > TASK_TITLE_MAX_LENGTH ? `${title.slice(0, TASK_TITLE_MAX_LENGTH - 1)}…` : title;
}

export function taskAudience(type: TaskType): TaskAudience {
  return TASK_CATALOGUE[type].audience;
}
