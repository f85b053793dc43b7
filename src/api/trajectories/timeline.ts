/**
 * The dossier's timeline for people: what happened (decisions, partner and DUO events, phase
 * changes, messages sent to partners and DUO with their delivery status) and what is due (PIP
 * deadline, termijn end, ontzorgen end, next voortgangsgesprek …), as Dutch sentences on one
 * time axis, in date order. Pure: built from the workflow's view and the inbox/outbox rows, so
 * API clients and the werkplek read the same sentences.
 *
 * Over 300 lines because of its sentence tables (one per kind of code, so every code has its
 * Dutch text in one place); the building itself is buildTimeline at the end.
 */
import { daysBetween } from '../../domain/dates';
import {
  CLOSE_REASON_LABELS,
  DELIVERY_STATUS_LABELS,
  HOUR_KIND_LABELS,
  LEERBAARHEID_LABELS,
  LEERROUTE_NAMES,
  ONTHEFFING_GROUND_LABELS,
  PARTNER_KIND_LABELS,
  PHASE_LABELS,
  VOORTGANG_OUTCOME_LABELS,
  WARME_OVERDRACHT_FORM_LABELS,
  dutchShortDate,
  labelOf,
} from '../../domain/labels';
import { BIJSTAND_EINDE_REDEN_LABELS, BIJSTAND_SOORT_LABELS } from '../../domain/bijstand';
import { ONTZORGEN_EVALUATIE_LABELS } from '../../domain/ontzorgen';
import { AFZIEN_REDEN_LABELS } from '../../domain/enforcement';
import { centsToEuroText } from '../../domain/money';
import { COMPLETED_MODULE_LABELS } from '../../domain/partner-reports';
import { PARTICIPATIE_STATUS_LABELS } from '../../domain/participatie';
import { PARTICIPATIE_LABELS, type ParticipatieStatus } from '../../domain/pip-plan';
import type { IsoDate } from '../../domain/types';
import { todayInAmsterdam } from '../../domain/today';
import type { DecisionView, TrajectoryView } from '../../workflows/trajectory/messages';

export type TimelineKind = 'GEBEURD' | 'VERWACHT';
export type TimelineCategory = 'BESLISSING' | 'GEBEURTENIS' | 'FASE' | 'BERICHT' | 'TERMIJN';

export interface TimelineItem {
  date: IsoDate;
  kind: TimelineKind;
  category: TimelineCategory;
  /** What happened or is due, in Dutch, without the date. */
  text: string;
  /** The same with the date in front: "10 nov 2026 — Warme overdracht (videobellen)". */
  sentence: string;
}

export interface TimelineMessage {
  type: string;
  recipient: string;
  status: string;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface TimelineInboxEvent {
  id: string;
  type: string;
  partnerName: string;
  status: string;
}

export interface TimelineInput {
  view: Pick<TrajectoryView, 'decisions' | 'timeline' | 'deadlines'> | null;
  today: IsoDate;
  messages?: TimelineMessage[];
  inbox?: TimelineInboxEvent[];
}

const EVENT_TEXT: Record<string, string> = {
  SS101: 'DUO meldt: inburgeringsplicht ontstaan',
  SS128: 'DUO meldt: inburgeringsplicht ontstaan (AOW-leeftijd binnen 6 maanden)',
  SS139: 'DUO meldt: de PIP-termijn van 10 weken is gestart',
  SS102: 'DUO meldt: inburgeringstermijn gestart',
  SS103: 'DUO meldt: termijn ambtshalve verlengd',
  SS104: 'DUO meldt: termijn op verzoek verlengd',
  SS130: 'DUO meldt: tijdelijke vrijstelling ingetrokken, de plicht loopt weer',
  SS106: 'DUO meldt: diploma behaald',
  SS107: 'DUO meldt: volledige vrijstelling',
  SS108: 'DUO meldt: volledige ontheffing',
  SS109: 'DUO meldt: tijdelijke vrijstelling, de plicht is geschorst',
  SS110: 'DUO meldt: inburgeringsplicht ingetrokken',
  SS111: 'DUO meldt: overlijden',
  SS120: 'DUO meldt: verhuisd (zonder PIP)',
  SS121: 'DUO meldt: verhuisd (met PIP van de vorige gemeente)',
  SS124: 'DUO meldt: doelgroep gewijzigd naar gezins- of overige migrant',
  SS125: 'DUO meldt: doelgroep gewijzigd naar asielstatushouder',
  SS131: 'DUO meldt: uitslag leerbaarheidstoets',
  SS199: 'DUO meldt: examenuitslag',
  COA_OVERDRACHT: 'COA heeft de overdrachtsgegevens gestuurd',
  UREN: 'Uren gemeld door de aanbieder',
  MODULE_AFGEROND: 'Module afgerond (gemeld door de aanbieder)',
  MB_RAPPORTAGE: 'Rapportage maatschappelijke begeleiding',
  VERZUIM: 'Verzuim gemeld door de aanbieder',
  ONTZORGEN_STATUS: 'Stand van het ontzorgen gemeld',
  PARTICIPATIE_STATUS: 'Stand van een participatieactiviteit gemeld',
  BIJSTAND_GESTART: 'Afdeling inkomen meldt: bijstand gestart',
  BIJSTAND_BEEINDIGD: 'Afdeling inkomen meldt: bijstand beëindigd',
  LEERROUTE_GESTART: 'Taalaanbieder meldt: leerroute gestart (datum van het inburgeringsaanbod aan DUO)',
  HERVAT: 'De inburgeringsplicht loopt weer (schorsing voorbij)',
  VOLDAAN_TE_BEOORDELEN: 'Alle onderdelen lijken behaald: afronding beoordelen',
};

const UITSTROOM_TEXT: Record<string, string> = {
  WERK: 'naar werk',
  OPLEIDING: 'naar een opleiding',
  PARTICIPATIE: 'naar andere participatie',
  GEEN: 'zonder werk of opleiding',
};

const TIMER_TEXT: Record<string, string> = {
  'pip-waarschuwing': 'Signaal: het PIP moet binnenkort vastgesteld zijn',
  'pip-escalatie': 'De PIP-termijn van 10 weken is verstreken',
  'termijn-waarschuwing': 'Signaal: de inburgeringstermijn loopt af',
  'verwijtbaar-venster': 'Laatste twee maanden van de termijn: verwijtbaarheid doorgeven',
  'termijn-einde': 'Einde van de inburgeringstermijn',
  'ontzorgen-checkin': 'Maandelijkse check-in ontzorgen',
  'ontzorgen-evaluatie': 'Zes maanden ontzorgen voorbij: evaluatie',
  'voortgang-taak': 'Voortgangsgesprek gepland',
  'voortgang-escalatie': 'Voortgangsgesprek niet op tijd gevoerd',
  'opstartklas-einde': 'Einde van de opstartklas',
  'gevolgde-uren': 'Gevolgde uren naar DUO',
};

const DEADLINE_TEXT: Record<string, string> = {
  PIP: 'Uiterste datum PIP (10 weken)',
  PIP_WAARSCHUWING: 'Signaal: PIP-termijn bijna voorbij',
  TERMIJN_EINDE: 'Einde van de inburgeringstermijn',
  TERMIJN_WAARSCHUWING: 'Signaal: termijn loopt af',
  VERWIJTBAAR_VENSTER: 'Begin laatste twee maanden van de termijn',
  ONTZORGEN_EINDE: 'Einde van het ontzorgen (6 maanden)',
  VOORTGANGSGESPREK: 'Volgend voortgangsgesprek',
  OPSTARTKLAS_EINDE: 'Einde van de opstartklas',
};

const MESSAGE_TEXT: Record<string, string> = {
  PIP_VASTGESTELD: 'PIP',
  PIP_BIJGESTELD: 'bijgesteld PIP',
  START_PVT: 'aanmelding PVT',
  START_MAP: 'aanmelding MAP',
  ONTZORGEN_START: 'start ontzorgen',
  ONTZORGEN_EINDE: 'einde ontzorgen',
  ROUTE_BIJGESTELD: 'bijgestelde route',
  TRAJECT_GESCHORST: 'schorsing van de plicht',
  TRAJECT_HERVAT: 'hervatting van de plicht',
  VERHUIZING: 'verhuizing',
  ONTHEFFING_VERLEEND: 'ontheffing',
  TRAJECT_BEEINDIGD: 'einde van het traject',
  AANMELDING_LEERROUTE: 'aanmelding leerroute',
  AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING: 'aanmelding maatschappelijke begeleiding',
  AANMELDING_PARTICIPATIE: 'aanmelding participatie',
  CONTACTPERSOON: 'contactpersoon',
  INBURGERINGSAANBOD: 'inburgeringsaanbod',
  GEVOLGDE_UREN: 'gevolgde uren',
  PVT_ONDERTEKEND: 'ondertekende participatieverklaring (PVT)',
  MAP_EINDGESPREK: 'eindgesprek MAP',
  Z_ROUTE_AFGEROND: 'afronding Z-route',
};

/** Why ontzorgen ended, as the workflow's timeline codes it (ONTZORGEN_EINDE:<reason>). */
const ONTZORGEN_EINDE_TEXT: Record<string, string> = {
  ZES_MAANDEN_VERSTREKEN: 'zes maanden verstreken',
  DOELGROEP_GEWIJZIGD: 'doelgroep gewijzigd',
  BIJSTAND_BEEINDIGD_WERK: 'bijstand beëindigd wegens werk',
  BIJSTAND_BEEINDIGD_OPLEIDING: 'bijstand beëindigd wegens opleiding',
  BIJSTAND_BEEINDIGD_VERHUIZING: 'bijstand beëindigd wegens verhuizing',
  BIJSTAND_BEEINDIGD_ANDERS: 'bijstand beëindigd',
};

/** Why a reported participation status was ignored (the rule of src/domain/participatie.ts). */
const PARTICIPATIE_REGEL_TEXT: Record<string, string> = {
  PARTICIPATIE_OVERGANG_ONGELDIG: 'deze overgang kan niet vanuit de huidige stand',
  PARTICIPATIE_DATUM_VOOR_VORIGE: 'de datum ligt vóór de vorige melding',
  PARTICIPATIE_UREN_ONGELDIG: 'ongeldig aantal uren',
  PARTICIPATIE_UREN_ALLEEN_BIJ_START: 'uren horen alleen bij een start',
  PARTICIPATIE_UREN_ONTBREKEN: 'de uren per week ontbreken',
};

/** A label inside a sentence: first letter lower case, unless it starts an abbreviation ("B1", "MAP"). */
const inSentence = (label: string) =>
  /^[A-Z][A-Z0-9]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

function humanize(code: string): string {
  const words = code
    .replace(/[_:-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** One decision as a sentence (its details are codes and dates, never personal data). */
export function describeDecision(decision: Pick<DecisionView, 'kind' | 'details'>): string {
  const d = decision.details;
  switch (decision.kind) {
    case 'SLEUTELDATA':
      return 'Sleuteldata vastgelegd';
    case 'WARME_OVERDRACHT': {
      const form = str(d.form);
      return `Warme overdracht${form ? ` (${labelOf(WARME_OVERDRACHT_FORM_LABELS, form)})` : ''}`;
    }
    case 'MACHTIGING': {
      const scope = Array.isArray(d.scope) ? d.scope.map((kind) => labelOf(PARTNER_KIND_LABELS, kind)) : [];
      return `Machtiging vastgelegd${scope.length ? ` voor ${scope.join(', ')}` : ''}`;
    }
    case 'BREDE_INTAKE': {
      const toets = str(d.leerbaarheidstoets);
      return `Brede intake afgerond${toets ? ` (leerbaarheidstoets: ${inSentence(labelOf(LEERBAARHEID_LABELS, toets))})` : ''}`;
    }
    case 'PIP_VASTGESTELD':
    case 'PIP_BIJGESTELD': {
      const route = str(d.leerroute);
      const level = str(d.level);
      const verb = decision.kind === 'PIP_VASTGESTELD' ? 'PIP vastgesteld' : 'PIP bijgesteld';
      return `${verb}${route ? `: ${labelOf(LEERROUTE_NAMES, route)}${level ? `, niveau ${level}` : ''}` : ''}`;
    }
    case 'PIP_TERMIJN_VERLENGD': {
      const until = str(d.nieuweDeadline);
      return `PIP-termijn verlengd (wachten op informatie van derden)${until ? ` tot ${until}` : ''}`;
    }
    case 'OPSTARTKLAS':
      return 'Opstartklas gepland';
    case 'VOORTGANGSGESPREK': {
      const outcome = str(d.uitkomst) ?? str(d.outcome);
      return `Voortgangsgesprek${outcome ? ` (${inSentence(labelOf(VOORTGANG_OUTCOME_LABELS, outcome))})` : ''}`;
    }
    case 'ONTHEFFING': {
      const ground = str(d.ground);
      return `Ontheffing${d.whole === true ? ' (volledig)' : d.whole === false ? ' (gedeeltelijk)' : ''}${ground ? `: ${inSentence(labelOf(ONTHEFFING_GROUND_LABELS, ground))}` : ''}`;
    }
    case 'HANDHAVING_VOORSTEL':
      return 'Handhavingsvoorstel gevraagd';
    case 'HANDHAVING_BESLUIT': {
      const besluit = str(d.besluit);
      if (besluit === 'WAARSCHUWING') return 'Handhaving: waarschuwing gegeven';
      if (besluit === 'BOETE')
        return `Handhaving: boete opgelegd${typeof d.bedragCent === 'number' ? ` van € ${centsToEuroText(d.bedragCent)}` : ''}`;
      const reden = str(d.reden);
      return `Handhaving: afgezien van een sanctie${reden ? ` (${inSentence(labelOf(AFZIEN_REDEN_LABELS, reden))})` : ''}`;
    }
    case 'VERWIJTBAARHEID':
      return 'Verwijtbaarheid doorgegeven aan DUO';
    case 'CONSULENT_TOEGEWEZEN':
      return d.vorige !== undefined ? 'Andere consulent toegewezen' : 'Consulent toegewezen';
    case 'UREN_VASTGELEGD': {
      const kind = str(d.soort);
      const hours = typeof d.uren === 'number' ? `${String(d.uren).replace('.', ',')} uur` : 'Uren';
      const period = str(d.van) && str(d.tot) ? `, ${str(d.van)} tot en met ${str(d.tot)}` : '';
      return `${kind ? `${labelOf(HOUR_KIND_LABELS, kind)}: ` : ''}${hours} vastgelegd door de gemeente${period}`;
    }
    case 'VERZUIM_VASTGELEGD': {
      const kind = str(d.soort);
      const hours = typeof d.uren === 'number' ? `${String(d.uren).replace('.', ',')} uur` : 'Uren';
      return `Verzuim: ${hours}${kind ? ` ${labelOf(HOUR_KIND_LABELS, kind).toLowerCase()}` : ''} gemist (vastgelegd door de gemeente)`;
    }
    case 'LEERROUTE_GESTART':
      return `Leerroute gestart${str(d.start) ? ` op ${str(d.start)}` : ''} (vastgelegd door de gemeente; datum van het inburgeringsaanbod aan DUO)`;
    case 'MODULE_VASTGELEGD': {
      const module = str(d.module);
      return `${module ? labelOf(COMPLETED_MODULE_LABELS, module) : 'Module afgerond'} (vastgelegd door de gemeente)`;
    }
    case 'MODULE_BEOORDEELD':
      return `${str(d.module) ?? 'Module'} door de gemeente beoordeeld als afgerond`;
    case 'PARTICIPATIE_VASTGELEGD': {
      const soort = str(d.soort);
      const status = str(d.status);
      const uren = typeof d.urenPerWeek === 'number' ? `, ${String(d.urenPerWeek).replace('.', ',')} uur per week` : '';
      return `${soort ? capitalised(labelOf(PARTICIPATIE_LABELS, soort)) : 'Participatie'}: ${status ? (PARTICIPATIE_STATUS_LABELS[status as ParticipatieStatus] ?? status.toLowerCase()) : 'stand'}${uren} (vastgelegd door de gemeente)`;
    }
    case 'BIJSTAND_VASTGELEGD': {
      const soort = str(d.soort);
      const reden = str(d.reden);
      const head = soort ? labelOf(BIJSTAND_SOORT_LABELS, soort) : 'Bijstand vastgelegd';
      const since = soort === 'GESTART' && str(d.datum) ? ` per ${str(d.datum)}` : '';
      const until = soort === 'BEEINDIGD' && str(d.datum) ? ` per ${str(d.datum)}` : '';
      return `${head}${since}${until}${reden ? ` (${inSentence(labelOf(BIJSTAND_EINDE_REDEN_LABELS, reden))})` : ''}`;
    }
    case 'ONTZORGEN_GEEVALUEERD': {
      const uitkomst = str(d.uitkomst);
      return `Ontzorgen geëvalueerd${uitkomst ? `: ${inSentence(labelOf(ONTZORGEN_EVALUATIE_LABELS, uitkomst))}` : ''}`;
    }
    case 'AFGESLOTEN': {
      const reason = str(d.reden);
      return `Traject afgesloten${reason ? `: ${inSentence(labelOf(CLOSE_REASON_LABELS, reason))}` : ''}`;
    }
  }
}

/** One of the workflow's own timeline codes as a sentence (decisions are described from `decisions`). */
export function describeTimelineCode(what: string): { text: string; category: TimelineCategory } {
  const [head = '', ...rest] = what.split(':');
  const tail = rest.join(':');
  if (head === 'START') return { text: `Traject gestart in de fase ${labelOf(PHASE_LABELS, tail)}`, category: 'FASE' };
  if (head === 'FASE') return { text: `Nieuwe fase: ${labelOf(PHASE_LABELS, tail)}`, category: 'FASE' };
  if (head === 'TIMER') {
    const kind = rest[0] ?? '';
    return { text: TIMER_TEXT[kind] ?? humanize(kind), category: 'TERMIJN' };
  }
  if (head === 'ONTZORGEN_EINDE')
    return {
      text: `Ontzorgen beëindigd (${ONTZORGEN_EINDE_TEXT[tail] ?? humanize(tail).toLowerCase()})`,
      category: 'GEBEURTENIS',
    };
  if (head === 'PARTICIPATIE') {
    const [soort = '', status = ''] = rest;
    const stand = PARTICIPATIE_STATUS_LABELS[status as ParticipatieStatus] ?? humanize(status).toLowerCase();
    return { text: `${capitalised(labelOf(PARTICIPATIE_LABELS, soort))}: ${stand}`, category: 'GEBEURTENIS' };
  }
  if (head === 'UITSTROOM') {
    const [uitkomst = '', uren] = rest;
    const text = UITSTROOM_TEXT[uitkomst] ?? humanize(uitkomst).toLowerCase();
    return {
      text: `Uitstroom: ${text}${uren ? `, ${uren.replace('.', ',')} uur per week` : ''}`,
      category: 'GEBEURTENIS',
    };
  }
  if (head === 'PARTICIPATIE_GENEGEERD')
    return {
      text: `Gemelde stand van participatie genegeerd (${PARTICIPATIE_REGEL_TEXT[tail] ?? humanize(tail).toLowerCase()})`,
      category: 'GEBEURTENIS',
    };
  if (rest[0] === 'GENEGEERD')
    return {
      text: `${EVENT_TEXT[head] ?? humanize(head)} (genegeerd: ${rest[1] ?? 'onbekend'})`,
      category: 'GEBEURTENIS',
    };
  if (tail === 'ONGELDIGE_VERLENGING')
    return { text: `${EVENT_TEXT[head] ?? humanize(head)} (ongeldige verlenging, genegeerd)`, category: 'GEBEURTENIS' };
  return { text: EVENT_TEXT[head] ?? humanize(what), category: 'GEBEURTENIS' };
}

function describeMessage(message: TimelineMessage): string {
  const what = MESSAGE_TEXT[message.type] ?? humanize(message.type).toLowerCase();
  const to = labelOf(PARTNER_KIND_LABELS, message.recipient);
  return `Bericht ${what} aan ${to}: ${labelOf(DELIVERY_STATUS_LABELS, message.status)}`;
}

const DECISION_CODES = new Set([
  'SLEUTELDATA',
  'WARME_OVERDRACHT',
  'MACHTIGING',
  'BREDE_INTAKE',
  'PIP_VASTGESTELD',
  'PIP_BIJGESTELD',
  'PIP_TERMIJN_VERLENGD',
  'OPSTARTKLAS',
  'VOORTGANGSGESPREK',
  'ONTHEFFING',
  'HANDHAVING_VOORSTEL',
  'HANDHAVING_BESLUIT',
  'VERWIJTBAARHEID',
  'CONSULENT_TOEGEWEZEN',
  'UREN_VASTGELEGD',
  'VERZUIM_VASTGELEGD',
  'MODULE_VASTGELEGD',
  'LEERROUTE_GESTART',
  'MODULE_BEOORDEELD',
  'PARTICIPATIE_VASTGELEGD',
  'BIJSTAND_VASTGELEGD',
  'ONTZORGEN_GEEVALUEERD',
  'AFGESLOTEN',
]);

/** The Dutch calendar date of an instant (the one definition: src/domain/today.ts). */
const amsterdamDate = (instant: Date): IsoDate => todayInAmsterdam(instant);

export function buildTimeline(input: TimelineInput): TimelineItem[] {
  const items: Array<Omit<TimelineItem, 'sentence'> & { order: number }> = [];
  let order = 0;
  const push = (date: IsoDate, kind: TimelineKind, category: TimelineCategory, text: string) =>
    items.push({ date, kind, category, text, order: order++ });
  const view = input.view;
  const inboxById = new Map((input.inbox ?? []).map((event) => [event.id, event]));
  const signalled = new Set<string>();

  // Decisions are described from `decisions` (with their details), at their place in the
  // workflow's own order; any the bounded timeline no longer holds come after.
  const pendingDecisions = [...(view?.decisions ?? [])];
  const takeDecision = (kind: string) => {
    const index = pendingDecisions.findIndex((decision) => decision.kind === kind);
    return index < 0 ? undefined : pendingDecisions.splice(index, 1)[0];
  };
  for (const entry of view?.timeline ?? []) {
    if (DECISION_CODES.has(entry.what)) {
      const decision = takeDecision(entry.what);
      push(
        entry.on,
        'GEBEURD',
        'BESLISSING',
        describeDecision(decision ?? { kind: entry.what as DecisionView['kind'], details: {} }),
      );
      continue;
    }
    const described = describeTimelineCode(entry.what);
    const inbox = entry.eventId ? inboxById.get(entry.eventId) : undefined;
    if (entry.eventId) signalled.add(entry.eventId);
    push(entry.on, 'GEBEURD', described.category, inbox ? `${described.text} (${inbox.partnerName})` : described.text);
  }
  for (const decision of pendingDecisions) push(decision.date, 'GEBEURD', 'BESLISSING', describeDecision(decision));
  for (const message of input.messages ?? []) {
    push(amsterdamDate(message.deliveredAt ?? message.createdAt), 'GEBEURD', 'BERICHT', describeMessage(message));
  }
  // Partner reports not (yet) in the workflow: received, waiting or failed.
  for (const event of input.inbox ?? []) {
    if (signalled.has(event.id) || event.status === 'DELIVERED') continue;
    const text = EVENT_TEXT[event.type] ?? humanize(event.type);
    push(
      input.today,
      'GEBEURD',
      'GEBEURTENIS',
      `${text} (${event.partnerName}): ${labelOf(DELIVERY_STATUS_LABELS, event.status)}, nog niet verwerkt`,
    );
  }
  for (const deadline of view?.deadlines ?? []) {
    if (daysBetween(input.today, deadline.date) < 0) continue;
    const text = DEADLINE_TEXT[deadline.kind] ?? humanize(deadline.kind);
    push(deadline.date, 'VERWACHT', 'TERMIJN', deadline.paused ? `${text} (loopt niet: plicht geschorst)` : text);
  }
  items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  return items.map(({ order: _order, ...item }) => ({
    ...item,
    sentence: `${dutchShortDate(item.date)} — ${item.text}`,
  }));
}
