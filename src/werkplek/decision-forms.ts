/**
 * The werkplek's decision forms, one entry per decision: its fields (Dutch labels and help),
 * the options it offers (only legal ones, given the dossier), how the filled-in form becomes the
 * API's request body (validated by the API's own zod schema, so the messages are the same), and
 * which task types open it. Adding a decision is one entry here.
 */
import {
  BIJSTAND_EINDE_REDENEN,
  BIJSTAND_EINDE_REDEN_LABELS,
  BIJSTAND_SOORTEN,
  BIJSTAND_SOORT_LABELS,
} from '../domain/bijstand';
import { AFZIEN_REDENEN, AFZIEN_REDEN_LABELS, ENFORCEMENT_REASONS } from '../domain/enforcement';
import {
  ONTZORGEN_EVALUATIE_LABELS,
  ONTZORGEN_EVALUATIE_UITKOMSTEN,
  VASTE_LASTEN,
  VASTE_LAST_LABELS,
} from '../domain/ontzorgen';
import { COMPLETED_MODULES, COMPLETED_MODULE_LABELS } from '../domain/partner-reports';
import {
  CLOSE_REASON_LABELS,
  HOUR_KIND_LABELS,
  LEEFGEBIED_LABELS,
  LEERBAARHEID_LABELS,
  LEERROUTE_NAMES,
  ONTHEFFING_GROUND_LABELS,
  PARTNER_KIND_LABELS,
  VOORTGANG_OUTCOME_LABELS,
  WARME_OVERDRACHT_FORM_LABELS,
} from '../domain/labels';
import { PIP_DERDEN, type PipDerde } from '../domain/pip-deadline';
import {
  ONDERDEEL_LABELS,
  PARTICIPATIE_LABELS,
  PARTICIPATIE_SOORTEN,
  PIP_ONDERDELEN,
  type PipOnderdeel,
} from '../domain/pip-plan';
import { PARTICIPATIE_MELDING_STATUSSEN, PARTICIPATIE_STATUS_LABELS } from '../domain/participatie';
import type { TaskType } from '../domain/tasks';
import {
  CLOSE_REASONS,
  HOUR_KINDS,
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  ONTHEFFING_GROUNDS,
  PARTNER_KINDS,
  WARME_OVERDRACHT_FORMS,
  type Leerroute,
  type Level,
} from '../domain/types';
import type { TrajectoryView } from '../workflows/trajectory/messages';

export type FormValues = Record<string, string | string[] | undefined>;

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  type: 'text' | 'date' | 'select' | 'radio' | 'checkbox' | 'checkboxes' | 'number' | 'textarea';
  autocomplete?: string;
  options?: Option[];
  required?: boolean;
}

export interface DecisionForm {
  /** The API's decision segment (`/trajectories/:id/decisions/<segment>`), or a task-only form. */
  segment: string;
  title: string;
  intro: string;
  /** Completing these task types opens this form; `taskKey` is the key of the result in the task body. */
  task?: { types: TaskType[]; key: string };
  /** Only the task completion knows this decision (no decision route). */
  taskOnly?: boolean;
  fields(view: TrajectoryView | null): FieldSpec[];
  prefill(view: TrajectoryView | null, today: string): FormValues;
  toBody(values: FormValues): Record<string, unknown>;
  /** Form field of a body path (`leerroute` → `routeNiveau`); default: the first path segment. */
  fieldOf?(path: string, values?: FormValues): string;
}

const one = (values: FormValues, name: string): string | undefined => {
  const value = values[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text.trim();
};
const many = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const checked = (values: FormValues, name: string) => one(values, name) === 'ja';
/** A number field: the number, or the text itself (so the schema names it as not a number). */
const numberOf = (values: FormValues, name: string): number | string | undefined => {
  const text = one(values, name);
  if (text === undefined) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : text;
};
/** An amount in euro (`650,50`) as whole cents, or the text itself (so the schema names it). */
const centsOf = (values: FormValues, name: string): number | string | undefined => {
  const text = one(values, name);
  if (text === undefined) return undefined;
  const bare = text.replace(/^€\s*/, '');
  // Dutch notation (1.250,50) when there is a comma; otherwise a dot is the decimal point.
  const euros = Number(bare.includes(',') ? bare.replace(/\./g, '').replace(',', '.') : bare);
  return Number.isFinite(euros) ? Math.round(euros * 100) : text;
};
const options = <T extends string>(codes: readonly T[], labels: Record<T, string>): Option[] =>
  codes.map((code) => ({ value: code, label: labels[code] }));
const dateField = (name: string, label: string, hint?: string): FieldSpec => ({
  name,
  label,
  type: 'date',
  required: true,
  ...(hint ? { hint } : {}),
});

/** Leerroute + niveau as one choice: only combinations the rules allow. */
const ROUTE_LEVELS: Array<{ leerroute: Leerroute; level: Level; bijstellingOnly?: boolean }> = [
  { leerroute: 'B1', level: 'B1' },
  { leerroute: 'B1', level: 'A2', bijstellingOnly: true },
  { leerroute: 'ONDERWIJS', level: 'B1' },
  { leerroute: 'ONDERWIJS', level: 'B2' },
  { leerroute: 'Z', level: 'A0' },
  { leerroute: 'Z', level: 'A1' },
  { leerroute: 'Z', level: 'A2' },
];

export function routeLevelOptions(view: TrajectoryView | null, bijstelling: boolean): Option[] {
  return ROUTE_LEVELS.filter((choice) => bijstelling || !choice.bijstellingOnly)
    .filter((choice) => !view?.requiredLeerroute || choice.leerroute === view.requiredLeerroute)
    .map((choice) => ({
      value: `${choice.leerroute}:${choice.level}`,
      label: `${LEERROUTE_NAMES[choice.leerroute]}, niveau ${choice.level}${choice.bijstellingOnly ? ' (afschalen)' : ''}`,
    }));
}

const DERDE_LABELS: Record<PipDerde, string> = {
  COA: 'COA',
  DUO: 'DUO',
  IND: 'IND',
  UWV: 'UWV',
  ZORGVERLENER: 'Zorgverlener',
  VORIGE_GEMEENTE: 'Vorige gemeente',
  ANDERS: 'Andere partij',
};

const ENFORCEMENT_LABELS: Record<(typeof ENFORCEMENT_REASONS)[number], string> = {
  BREDE_INTAKE_NIET_MEEGEWERKT: 'Niet meegewerkt aan de brede intake',
  PIP_NIET_MEEGEWERKT: 'Niet meegewerkt aan het opstellen van het PIP',
  PIP_AFSPRAKEN_NIET_NAGEKOMEN: 'Afspraken uit het PIP niet nagekomen',
  VOORTGANGSGESPREK_NIET_VERSCHENEN: 'Niet verschenen op het voortgangsgesprek',
};

/** The mandatory parts the form asks agreements on: those of the person's offer. */
function offeredOnderdelen(view: TrajectoryView | null): PipOnderdeel[] {
  if (!view) return [...PIP_ONDERDELEN];
  return PIP_ONDERDELEN.filter((part) => {
    switch (part) {
      case 'KNM':
        return view.offer.leerrouteOffer;
      case 'PVT':
        return view.offer.pvt;
      case 'MAP':
        return view.offer.map;
      case 'MAATSCHAPPELIJKE_BEGELEIDING':
        return view.offer.maatschappelijkeBegeleiding;
      case 'ONTZORGEN':
        return view.offer.ontzorgen;
    }
  });
}

/** The agreement rows filled in (start or provider), in form order: the body's `afspraken`. */
function filledAfspraken(values: FormValues): PipOnderdeel[] {
  return PIP_ONDERDELEN.filter(
    (part) => one(values, `afspraak_${part}_start`) || one(values, `afspraak_${part}_aanbieder`),
  );
}

function pipPlanFields(view: TrajectoryView | null): FieldSpec[] {
  const afspraken = offeredOnderdelen(view).flatMap((part): FieldSpec[] => [
    {
      name: `afspraak_${part}_start`,
      label: `Start ${ONDERDEEL_LABELS[part]}`,
      type: 'date',
      hint: 'Afspraak in het PIP: vul startdatum en aanbieder in.',
    },
    {
      name: `afspraak_${part}_aanbieder`,
      label: `Aanbieder ${ONDERDEEL_LABELS[part]}`,
      type: 'text',
      hint: 'De organisatie (geen persoonsnaam).',
    },
  ]);
  return [
    ...afspraken,
    {
      name: 'participatieSoort',
      label: 'Participatie (niet verplicht)',
      type: 'select',
      options: [
        { value: '', label: 'Geen participatieafspraak' },
        ...options(PARTICIPATIE_SOORTEN, PARTICIPATIE_LABELS),
      ],
    },
    { name: 'participatieStart', label: 'Start participatie', type: 'date' },
    { name: 'participatieAanbieder', label: 'Werkgever of organisatie van de participatie', type: 'text' },
    { name: 'participatieUren', label: 'Uren per week participatie', type: 'number' },
    ...(view?.targetGroup === 'asielstatushouder' || !view
      ? [
          {
            name: 'participatiewet',
            label: 'Beslissing op grond van de Participatiewet',
            type: 'checkbox' as const,
            hint: 'Alleen bij asielstatushouders (kader 8.1.4).',
          },
        ]
      : []),
    { name: 'instemmingAkkoord', label: 'De inburgeraar stemt in met het PIP', type: 'checkbox' },
    { name: 'instemmingDatum', label: 'Datum van instemming', type: 'date' },
  ];
}

function pipPlanPrefill(view: TrajectoryView | null): FormValues {
  const values: FormValues = {};
  for (const afspraak of view?.pip?.afspraken ?? []) {
    values[`afspraak_${afspraak.onderdeel}_start`] = afspraak.start;
    values[`afspraak_${afspraak.onderdeel}_aanbieder`] = afspraak.aanbieder;
  }
  const participatie = view?.pip?.participatie?.[0];
  if (participatie) {
    values.participatieSoort = participatie.soort;
    values.participatieStart = participatie.start;
    if (participatie.aanbieder) values.participatieAanbieder = participatie.aanbieder;
    if (participatie.urenPerWeek !== undefined) values.participatieUren = String(participatie.urenPerWeek);
    if (participatie.participatiewet) values.participatiewet = 'ja';
  }
  return values;
}

function pipPlanBody(values: FormValues): Record<string, unknown> {
  const afspraken = filledAfspraken(values).map((part) => ({
    onderdeel: part,
    start: one(values, `afspraak_${part}_start`),
    aanbieder: one(values, `afspraak_${part}_aanbieder`),
  }));
  const soort = one(values, 'participatieSoort');
  const uren = numberOf(values, 'participatieUren');
  const akkoord = checked(values, 'instemmingAkkoord');
  const instemmingDatum = one(values, 'instemmingDatum');
  return {
    ...(afspraken.length > 0 ? { afspraken } : {}),
    ...(soort
      ? {
          participatie: [
            {
              soort,
              start: one(values, 'participatieStart'),
              ...(one(values, 'participatieAanbieder') ? { aanbieder: one(values, 'participatieAanbieder') } : {}),
              ...(uren !== undefined ? { urenPerWeek: uren } : {}),
              ...(checked(values, 'participatiewet') ? { participatiewet: true } : {}),
            },
          ],
        }
      : {}),
    ...(akkoord || instemmingDatum ? { instemming: { akkoord, datum: instemmingDatum } } : {}),
  };
}

/** Form field of a path in the plan part of the body. */
function pipPlanFieldOf(path: string, values: FormValues | undefined): string | undefined {
  const [head, index, leaf] = path.split('.');
  if (head === 'afspraken' && values) {
    const part = filledAfspraken(values)[Number(index)];
    if (part) return `afspraak_${part}_${leaf === 'aanbieder' ? 'aanbieder' : 'start'}`;
  }
  if (head === 'participatie') {
    return leaf === 'aanbieder'
      ? 'participatieAanbieder'
      : leaf === 'urenPerWeek'
        ? 'participatieUren'
        : leaf === 'soort'
          ? 'participatieSoort'
          : 'participatieStart';
  }
  if (head === 'instemming') return index === 'datum' ? 'instemmingDatum' : 'instemmingAkkoord';
  return undefined;
}

function pipForm(bijstelling: boolean): DecisionForm {
  return {
    segment: bijstelling ? 'pip-bijstelling' : 'pip',
    title: bijstelling ? 'PIP bijstellen' : 'PIP vaststellen',
    intro: bijstelling
      ? 'Het PIP mag één keer worden bijgesteld. Afschalen naar A2 in de B1-route kan alleen na minstens 600 lesuren, waarvan de helft klassikaal.'
      : 'Het PIP is een besluit. Leg het vast binnen 10 weken na de inschrijving. De dagtekening is de datum van het besluit (niet in de toekomst).',
    ...(bijstelling ? {} : { task: { types: ['PIP_OPSTELLEN'] as TaskType[], key: 'pip' } }),
    fields: (view) => [
      dateField('dagtekening', 'Dagtekening van het PIP', 'De datum waarop het PIP is vastgesteld.'),
      {
        name: 'routeNiveau',
        label: 'Leerroute en niveau',
        type: 'radio',
        required: true,
        options: routeLevelOptions(view, bijstelling),
        hint: view?.requiredLeerroute
          ? `Na de verhuizing houdt het PIP de ${LEERROUTE_NAMES[view.requiredLeerroute]}.`
          : 'Alleen combinaties die de wet toestaat.',
      },
      { name: 'alfabetisering', label: 'Met alfabetisering', type: 'checkbox' },
      {
        name: 'b1Intensity',
        label: 'Geschatte uren B1-route (niet verplicht)',
        type: 'number',
        hint: 'Alleen voor asielstatushouders in de B1-route: hele uren, 1 tot 9999.',
      },
      ...(bijstelling
        ? [
            {
              name: 'inPersonLessonHours',
              label: 'Klassikale lesuren tot nu toe (niet verplicht)',
              type: 'number' as const,
              hint: 'Voor afschalen: zonder invullen tellen alle gemelde lesuren.',
            },
          ]
        : []),
      ...pipPlanFields(view),
    ],
    prefill: (view, today) => ({
      dagtekening: today,
      ...pipPlanPrefill(view),
      ...(view?.pip
        ? {
            routeNiveau: `${view.pip.leerroute}:${view.pip.level}`,
            alfabetisering: view.pip.alfabetisering ? 'ja' : undefined,
          }
        : {}),
    }),
    toBody: (values) => {
      const [leerroute, level] = (one(values, 'routeNiveau') ?? ':').split(':');
      return {
        dagtekening: one(values, 'dagtekening'),
        leerroute: leerroute || undefined,
        level: level || undefined,
        alfabetisering: checked(values, 'alfabetisering'),
        ...(numberOf(values, 'b1Intensity') !== undefined ? { b1Intensity: numberOf(values, 'b1Intensity') } : {}),
        ...(bijstelling && numberOf(values, 'inPersonLessonHours') !== undefined
          ? { inPersonLessonHours: numberOf(values, 'inPersonLessonHours') }
          : {}),
        ...pipPlanBody(values),
      };
    },
    fieldOf: (path, values) =>
      path === 'leerroute' || path === 'level' ? 'routeNiveau' : (pipPlanFieldOf(path, values) ?? path.split('.')[0]!),
  };
}

/** A decision that is a date and a reason from a list (handhaving, afsluiting). */
function dateAndReasonForm(segment: string, title: string, intro: string, reasons: Option[]): DecisionForm {
  return {
    segment,
    title,
    intro,
    fields: () => [
      dateField('date', 'Datum'),
      {
        name: 'reason',
        label: 'Reden',
        type: 'select',
        required: true,
        options: [{ value: '', label: 'Kies een reden' }, ...reasons],
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), reason: one(values, 'reason') }),
  };
}

export const DECISION_FORMS: DecisionForm[] = [
  {
    segment: 'warme-overdracht',
    title: 'Warme overdracht vastleggen',
    intro: 'Het contact met de COA-casemanager: hoe het ging en of de achtergrondinformatie is overgedragen.',
    task: { types: ['WARME_OVERDRACHT'], key: 'warmeOverdracht' },
    fields: () => [
      dateField('date', 'Datum van de overdracht'),
      {
        name: 'form',
        label: 'Vorm',
        type: 'radio',
        required: true,
        options: options(WARME_OVERDRACHT_FORMS, WARME_OVERDRACHT_FORM_LABELS),
      },
      {
        name: 'backgroundHandedOver',
        label: 'Achtergrondinformatie is overgedragen',
        type: 'checkbox',
        hint: 'Activiteiten in het azc, houding, motivatie en verwachtingen.',
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({
      date: one(values, 'date'),
      form: one(values, 'form'),
      backgroundHandedOver: checked(values, 'backgroundHandedOver'),
    }),
  },
  {
    segment: 'machtiging',
    title: 'Machtiging vastleggen',
    intro:
      'De inburgeraar geeft toestemming om gegevens te delen. Zonder machtiging krijgt een partner geen gegevens (DUO wel: dat is wettelijk).',
    task: { types: ['MACHTIGING_VASTLEGGEN'], key: 'machtiging' },
    fields: () => [
      dateField('date', 'Datum van ondertekening'),
      {
        name: 'scope',
        label: 'Voor welke partners geldt de machtiging?',
        type: 'checkboxes',
        required: true,
        options: options(PARTNER_KINDS, PARTNER_KIND_LABELS),
      },
    ],
    prefill: (view, today) => ({ date: today, scope: view?.consent?.scope ?? [] }),
    toBody: (values) => ({ date: one(values, 'date'), scope: many(values, 'scope') }),
  },
  {
    segment: 'brede-intake',
    title: 'Brede intake vastleggen',
    intro:
      'Bespreek alle 13 leefgebieden. De leerbaarheidstoets is verplicht: vul de uitslag in als DUO die nog niet meldde.',
    task: { types: ['BREDE_INTAKE'], key: 'bredeIntake' },
    fields: () => [
      dateField('date', 'Datum van de intake'),
      {
        name: 'leefgebieden',
        label: 'Besproken leefgebieden',
        type: 'checkboxes',
        required: true,
        options: options(LEEFGEBIEDEN, LEEFGEBIED_LABELS),
      },
      {
        name: 'leerbaarheidstoets',
        label: 'Uitslag leerbaarheidstoets',
        type: 'select',
        options: [
          { value: '', label: 'Nog niet bekend (DUO meldt de uitslag)' },
          ...options(LEERBAARHEID_RESULTS, LEERBAARHEID_LABELS),
        ],
      },
      {
        name: 'note',
        label: 'Notitie (niet verplicht)',
        type: 'textarea',
        hint: 'Alleen zichtbaar voor consulenten van uw gemeente. Kan gezondheidsgegevens bevatten: schrijf alleen op wat nodig is.',
      },
    ],
    prefill: (view, today) => ({
      date: today,
      leefgebieden: view?.bredeIntake?.done ?? [...LEEFGEBIEDEN],
      ...(view?.leerbaarheidstoets ? { leerbaarheidstoets: view.leerbaarheidstoets.result } : {}),
    }),
    toBody: (values) => {
      const done = new Set(many(values, 'leefgebieden'));
      const note = one(values, 'note');
      return {
        date: one(values, 'date'),
        leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, done.has(name)])),
        ...(one(values, 'leerbaarheidstoets') ? { leerbaarheidstoets: one(values, 'leerbaarheidstoets') } : {}),
        notes: note ? [{ text: note }] : [],
      };
    },
    fieldOf: (path) => (path.startsWith('notes') ? 'note' : path.split('.')[0]!),
  },
  pipForm(false),
  pipForm(true),
  {
    segment: 'pip-termijn-verlenging',
    title: 'PIP-termijn verlengen',
    intro:
      'Wachtte de gemeente op informatie van een ander (bijvoorbeeld COA of een zorgverlener)? Dan loopt de termijn voor het PIP tot twee weken nadat die informatie binnenkwam (Besluit inburgering art. 5.3).',
    fields: () => [
      dateField('date', 'Datum van de beslissing'),
      {
        name: 'derde',
        label: 'Informatie van',
        type: 'select',
        required: true,
        options: [{ value: '', label: 'Kies van wie' }, ...options(PIP_DERDEN, DERDE_LABELS)],
      },
      dateField('informatieOntvangenOp', 'Informatie ontvangen op'),
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({
      date: one(values, 'date'),
      derde: one(values, 'derde'),
      informatieOntvangenOp: one(values, 'informatieOntvangenOp'),
    }),
  },
  {
    segment: 'opstartklas',
    title: 'Opstartklas plannen',
    intro: 'Een opstartklas duurt 1 tot 2 maanden, vóór de start van de leerroute.',
    fields: () => [dateField('start', 'Eerste dag'), dateField('end', 'Laatste dag')],
    prefill: (view) => ({ ...(view?.modules.opstartklas ?? {}) }),
    toBody: (values) => ({ start: one(values, 'start'), end: one(values, 'end') }),
  },
  {
    segment: 'voortgangsgesprek',
    title: 'Voortgangsgesprek vastleggen',
    intro: 'Hoe staat de inburgeraar ervoor, gemeten aan het PIP?',
    task: { types: ['VOORTGANGSGESPREK'], key: 'voortgangsgesprek' },
    fields: () => [
      dateField('date', 'Datum van het gesprek'),
      {
        name: 'outcome',
        label: 'Uitkomst',
        type: 'radio',
        required: true,
        options: options(['OP_SCHEMA', 'ACHTERSTAND', 'NIET_VERSCHENEN'] as const, VOORTGANG_OUTCOME_LABELS),
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), outcome: one(values, 'outcome') }),
  },
  {
    segment: 'ontheffing',
    title: 'Ontheffing vastleggen',
    intro: 'Een ontheffing van (een deel van) de inburgeringsplicht.',
    fields: () => [
      dateField('date', 'Datum van het besluit'),
      {
        name: 'ground',
        label: 'Grond',
        type: 'radio',
        required: true,
        options: options(ONTHEFFING_GROUNDS, ONTHEFFING_GROUND_LABELS),
      },
      {
        name: 'whole',
        label: 'Volledige ontheffing',
        type: 'checkbox',
        hint: 'Niet aangevinkt: gedeeltelijk (kies de onderdelen).',
      },
      {
        name: 'parts',
        label: 'Onderdelen (bij gedeeltelijke ontheffing)',
        type: 'checkboxes',
        options: [
          { value: 'LE', label: 'Lezen' },
          { value: 'LU', label: 'Luisteren' },
          { value: 'SC', label: 'Schrijven' },
          { value: 'SP', label: 'Spreken' },
          { value: 'KNM', label: 'KNM' },
        ],
      },
      { name: 'maxParticipatieHours', label: 'Hoogstens uren participatie (Z-route, niet verplicht)', type: 'number' },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({
      date: one(values, 'date'),
      ground: one(values, 'ground'),
      whole: checked(values, 'whole'),
      ...(many(values, 'parts').length ? { parts: many(values, 'parts') } : {}),
      ...(numberOf(values, 'maxParticipatieHours') !== undefined
        ? { maxParticipatieHours: numberOf(values, 'maxParticipatieHours') }
        : {}),
    }),
  },
  dateAndReasonForm(
    'handhaving',
    'Handhavingsvoorstel vragen',
    'De werkplek doet een voorstel; een medewerker beslist. Eerst vertrouwen en persoonlijk contact, een boete alleen als laatste middel.',
    options(ENFORCEMENT_REASONS, ENFORCEMENT_LABELS),
  ),
  {
    segment: 'handhaving-besluit',
    title: 'Besluit over het handhavingsvoorstel',
    intro:
      'Een medewerker beslist, nooit de werkplek. Een boete (ten hoogste € 800) kan pas na een gegeven waarschuwing; voor een asielstatushouder nooit als standaard (Raad van State 2025, 2026).',
    task: { types: ['HANDHAVING_BEOORDELEN'], key: 'handhavingBesluit' },
    fields: (view) => [
      dateField('date', 'Datum van het besluit'),
      {
        name: 'besluit',
        label: 'Besluit',
        type: 'radio',
        required: true,
        options: [
          { value: 'WAARSCHUWING', label: 'Waarschuwing gegeven' },
          { value: 'BOETE', label: 'Boete opgelegd' },
          { value: 'AFGEZIEN', label: 'Afgezien van een sanctie' },
        ],
      },
      {
        name: 'bedragEuro',
        label: 'Bedrag van de boete in euro (alleen bij een boete)',
        type: 'number',
        hint: 'Ten hoogste 800, bijv. 250 of 125,50.',
      },
      ...(view === null || view.targetGroup === 'asielstatushouder'
        ? [
            {
              name: 'individueleAfweging',
              label: 'De omstandigheden van deze persoon zijn individueel afgewogen',
              type: 'checkbox' as const,
              hint: 'Verplicht bij een boete voor een asielstatushouder: een boete is voor hen nooit standaardpraktijk.',
            },
          ]
        : []),
      {
        name: 'reden',
        label: 'Reden om af te zien (alleen bij afzien)',
        type: 'select',
        options: [{ value: '', label: 'Kies een reden' }, ...options(AFZIEN_REDENEN, AFZIEN_REDEN_LABELS)],
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => {
      const besluit = one(values, 'besluit');
      const base = { date: one(values, 'date'), besluit };
      if (besluit === 'BOETE') {
        const euro = numberOf(values, 'bedragEuro');
        return {
          ...base,
          bedragCent: typeof euro === 'number' ? Math.round(euro * 100) : euro,
          ...(checked(values, 'individueleAfweging') ? { individueleAfweging: true } : {}),
        };
      }
      if (besluit === 'AFGEZIEN') return { ...base, reden: one(values, 'reden') };
      return base;
    },
    fieldOf: (path) => (path === 'bedragCent' ? 'bedragEuro' : path.split('.')[0]!),
  },
  {
    ...dateAndReasonForm(
      'afsluiting',
      'Traject afsluiten',
      'Sluit het traject af. Dit kan niet ongedaan worden gemaakt. De uitkomst (werk, opleiding) telt in de monitor en de CBS-levering; niet ingevuld: afgeleid van de participatie die nu loopt.',
      options(CLOSE_REASONS, CLOSE_REASON_LABELS),
    ),
    fields: () => [
      dateField('date', 'Datum'),
      {
        name: 'reason',
        label: 'Reden',
        type: 'select',
        required: true,
        options: [{ value: '', label: 'Kies een reden' }, ...options(CLOSE_REASONS, CLOSE_REASON_LABELS)],
      },
      {
        name: 'uitkomst',
        label: 'Uitkomst',
        type: 'select',
        options: [
          { value: '', label: 'Afleiden van de participatie' },
          { value: 'WERK', label: 'Uitstroom naar werk' },
          { value: 'OPLEIDING', label: 'Opleiding' },
          { value: 'PARTICIPATIE', label: 'Andere participatie' },
          { value: 'GEEN', label: 'Geen werk of opleiding' },
        ],
      },
      { name: 'urenPerWeek', label: 'Uren per week (bij werk)', type: 'number' },
    ],
    toBody: (values) => ({
      date: one(values, 'date'),
      reason: one(values, 'reason'),
      ...(one(values, 'uitkomst')
        ? {
            uitstroom: {
              uitkomst: one(values, 'uitkomst'),
              ...(numberOf(values, 'urenPerWeek') !== undefined
                ? { urenPerWeek: numberOf(values, 'urenPerWeek') }
                : {}),
            },
          }
        : {}),
    }),
    fieldOf: (path) => (path.startsWith('uitstroom.') ? path.slice('uitstroom.'.length) : (path.split('.')[0] ?? path)),
  },
  {
    segment: 'consulent',
    title: 'Consulent toewijzen',
    intro:
      'De vaste consulent van de inburgeraar, ook de contactpersoon bij DUO. Open taken van de vorige consulent gaan mee; DUO krijgt de nieuwe contactpersoon.',
    task: { types: ['CONSULENT_TOEWIJZEN'], key: 'consulent' },
    fields: () => [
      dateField('date', 'Datum'),
      {
        name: 'consulentId',
        label: 'Gebruikers-id van de consulent',
        hint: 'Een consulent van dezelfde gemeente, bijvoorbeeld uzelf (zie "Overdragen" bij een taak voor de collega\'s).',
        type: 'text',
        required: true,
        autocomplete: 'off',
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), consulentId: one(values, 'consulentId') }),
  },
  {
    segment: 'bijstand',
    title: 'Bijstand vastleggen',
    intro:
      'Bijstand gestart, beëindigd of geen bijstand. Een asielstatushouder in de bijstand wordt zes maanden ontzorgd vanaf de start van de bijstand; eindigt de bijstand (bijv. door werk), dan stopt het ontzorgen ook. Bedragen per maand in euro; wat u leeg laat komt uit het beleid van de gemeente.',
    task: { types: ['BIJSTAND_VASTSTELLEN'], key: 'bijstand' },
    fields: () => [
      {
        name: 'soort',
        label: 'Wat legt u vast?',
        type: 'radio',
        required: true,
        options: options(BIJSTAND_SOORTEN, BIJSTAND_SOORT_LABELS),
      },
      dateField('datum', 'Datum', 'Start: eerste dag van de bijstand. Einde: de dag dat de bijstand stopt.'),
      {
        name: 'reden',
        label: 'Reden van het einde (alleen bij beëindigd)',
        type: 'select',
        options: options(BIJSTAND_EINDE_REDENEN, BIJSTAND_EINDE_REDEN_LABELS),
      },
      ...VASTE_LASTEN.map((last): FieldSpec => ({
        name: last,
        label: `${VASTE_LAST_LABELS[last]} per maand in euro (alleen bij gestart, niet verplicht)`,
        type: 'number',
      })),
    ],
    prefill: (_view, today) => ({ datum: today }),
    toBody: (values) => {
      const vasteLasten = Object.fromEntries(
        VASTE_LASTEN.flatMap((last) => {
          const amount = centsOf(values, last);
          return amount === undefined ? [] : [[last, amount]];
        }),
      );
      return {
        soort: one(values, 'soort'),
        datum: one(values, 'datum'),
        ...(one(values, 'reden') !== undefined ? { reden: one(values, 'reden') } : {}),
        ...(Object.keys(vasteLasten).length > 0 ? { vasteLasten } : {}),
      };
    },
    fieldOf: (path) => (path.startsWith('vasteLasten.') ? path.split('.')[1]! : path.split('.')[0]!),
  },
  {
    segment: 'ontzorgen-evaluatie',
    title: 'Ontzorgen evalueren',
    intro:
      'Het ontzorgen is voorbij. Is de inburgeraar financieel zelfredzaam, is vervolg met budgetbeheer nodig, of schuldhulpverlening? De uitkomst telt in de monitor.',
    task: { types: ['ONTZORGEN_EVALUATIE'], key: 'evaluatie' },
    fields: () => [
      dateField('date', 'Datum van de evaluatie'),
      {
        name: 'uitkomst',
        label: 'Uitkomst',
        type: 'radio',
        required: true,
        options: options(ONTZORGEN_EVALUATIE_UITKOMSTEN, ONTZORGEN_EVALUATIE_LABELS),
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), uitkomst: one(values, 'uitkomst') }),
  },
  {
    segment: 'uren',
    title: 'Gevolgde uren vastleggen',
    intro:
      'Voor een aanbieder zonder eigen systeem: de uren over een periode (bijvoorbeeld van de presentielijst). Eén registratie per soort uren en periode.',
    fields: () => [
      {
        name: 'kind',
        label: 'Soort uren',
        type: 'radio',
        required: true,
        options: options(HOUR_KINDS, HOUR_KIND_LABELS),
      },
      { name: 'hours', label: 'Aantal uren', type: 'number', required: true, hint: 'In kwartieren, bijv. 4,75.' },
      {
        name: 'inPersonHours',
        label: 'Waarvan klassikaal (alleen bij lesuren, niet verplicht)',
        type: 'number',
      },
      dateField('van', 'Eerste dag van de periode'),
      dateField('tot', 'Laatste dag van de periode'),
    ],
    prefill: (_view, today) => ({ tot: today }),
    toBody: (values) => ({
      kind: one(values, 'kind'),
      hours: numberOf(values, 'hours'),
      ...(numberOf(values, 'inPersonHours') !== undefined ? { inPersonHours: numberOf(values, 'inPersonHours') } : {}),
      van: one(values, 'van'),
      tot: one(values, 'tot'),
    }),
  },
  {
    segment: 'participatie',
    title: 'Stand van participatie vastleggen',
    intro:
      'Werk, vrijwilligerswerk, stage, werkervaringsplaats, opleiding of dagbesteding: gestart, gestopt of afgerond. Een activiteit die niet in het PIP staat kan ook starten. Bij de start van betaald werk horen de uren per week.',
    fields: (view) => [
      dateField('date', 'Datum'),
      {
        name: 'soort',
        label: 'Soort participatie',
        type: 'radio',
        required: true,
        options: options(PARTICIPATIE_SOORTEN, PARTICIPATIE_LABELS),
      },
      {
        name: 'status',
        label: 'Nieuwe stand',
        type: 'radio',
        required: true,
        options: PARTICIPATIE_MELDING_STATUSSEN.map((status) => ({
          value: status,
          label: PARTICIPATIE_STATUS_LABELS[status],
        })),
      },
      { name: 'urenPerWeek', label: 'Uren per week (bij de start)', type: 'number', hint: 'In kwartieren, bijv. 24.' },
      // Framework 8.1.4: no Participatiewet decisions for gezinsmigranten and overige migranten.
      ...(view?.targetGroup === 'asielstatushouder'
        ? [
            {
              name: 'participatiewet',
              label: 'Beslissing op grond van de Participatiewet',
              type: 'checkbox' as const,
              hint: 'Alleen bij asielstatushouders (kader 8.1.4).',
            },
          ]
        : []),
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({
      date: one(values, 'date'),
      soort: one(values, 'soort'),
      status: one(values, 'status'),
      ...(numberOf(values, 'urenPerWeek') !== undefined ? { urenPerWeek: numberOf(values, 'urenPerWeek') } : {}),
      ...(checked(values, 'participatiewet') ? { participatiewet: true } : {}),
    }),
  },
  {
    segment: 'verzuim',
    title: 'Verzuim vastleggen',
    intro:
      'Gemiste uren, voor een aanbieder zonder eigen systeem. De uren tellen op per maand; bereikt een maand de drempel van de gemeente, dan volgt een taak om contact op te nemen.',
    fields: () => [
      dateField('date', 'Datum', 'Een dag in de maand van het verzuim.'),
      {
        name: 'kind',
        label: 'Soort uren',
        type: 'radio',
        required: true,
        options: options(HOUR_KINDS, HOUR_KIND_LABELS),
      },
      { name: 'hours', label: 'Gemiste uren', type: 'number', required: true, hint: 'In kwartieren, bijv. 4,75.' },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), kind: one(values, 'kind'), hours: numberOf(values, 'hours') }),
  },
  {
    segment: 'leerroute-gestart',
    title: 'Start van de leerroute vastleggen',
    intro:
      'Voor een aanbieder zonder eigen systeem: de dag van de eerste les. Die datum gaat naar DUO als datum van het inburgeringsaanbod (asielstatushouders). Eén keer, niet vóór de dagtekening van het PIP.',
    fields: () => [dateField('start', 'Startdatum van de leerroute')],
    prefill: (_view, today) => ({ start: today }),
    toBody: (values) => ({ start: one(values, 'start') }),
  },
  {
    segment: 'module-resultaat',
    title: 'Afgeronde module vastleggen',
    intro:
      'Voor een aanbieder zonder eigen systeem. Een examenuitslag (ook KNM) komt alleen van DUO en staat hier dus niet tussen.',
    fields: () => [
      dateField('date', 'Datum'),
      {
        name: 'module',
        label: 'Module',
        type: 'radio',
        required: true,
        options: options(COMPLETED_MODULES, COMPLETED_MODULE_LABELS),
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), module: one(values, 'module') }),
  },
  {
    segment: 'module-beoordeling',
    title: 'PVT of MAP beoordelen als afgerond',
    intro:
      'Het oordeel van de gemeente (kader 4.5.2–4.5.3). Het telt ook als niet alle uren zijn gemeld; de ondertekening (PVT) of het eindgesprek (MAP) moet wel vastliggen.',
    fields: () => [
      dateField('date', 'Datum van het oordeel'),
      {
        name: 'module',
        label: 'Module',
        type: 'radio',
        required: true,
        options: [
          { value: 'PVT', label: 'PVT (participatieverklaringstraject)' },
          { value: 'MAP', label: 'MAP (module arbeidsmarkt en participatie)' },
        ],
      },
    ],
    prefill: (_view, today) => ({ date: today }),
    toBody: (values) => ({ date: one(values, 'date'), module: one(values, 'module') }),
  },
  {
    segment: 'sleuteldata',
    title: 'Sleuteldata vastleggen',
    intro: 'Datums uit de BRP en van DUO. De PIP-termijn telt vanaf de inschrijving (of de melding van DUO).',
    fields: () => [
      { name: 'inschrijving', label: 'Inschrijving in de gemeente', type: 'date' },
      { name: 'vestiging', label: 'Vestiging in de gemeente', type: 'date' },
      { name: 'plichtStart', label: 'Start van de inburgeringsplicht', type: 'date' },
    ],
    prefill: (view) => ({ ...(view?.dates ?? {}) }),
    toBody: (values) => ({
      ...(one(values, 'inschrijving') ? { inschrijving: one(values, 'inschrijving') } : {}),
      ...(one(values, 'vestiging') ? { vestiging: one(values, 'vestiging') } : {}),
      ...(one(values, 'plichtStart') ? { plichtStart: one(values, 'plichtStart') } : {}),
    }),
  },
  {
    segment: 'verwijtbaarheid',
    title: 'Verwijtbaarheid doorgeven aan DUO',
    intro: "DUO neemt 'Nee' alleen aan in de laatste twee maanden van de termijn, 'Ja' pas als de termijn voorbij is.",
    task: { types: ['VERWIJTBAARHEID_DOORGEVEN'], key: 'verwijtbaarheid' },
    taskOnly: true,
    fields: () => {
      const choice: Option[] = [
        { value: '', label: 'Niets te melden' },
        { value: 'ja', label: 'Ja, verwijtbaar' },
        { value: 'nee', label: 'Nee, niet verwijtbaar' },
      ];
      return [
        dateField('date', 'Datum'),
        { name: 'mapVerwijtbaar', label: 'MAP niet afgerond', type: 'radio', options: choice },
        { name: 'pvtVerwijtbaar', label: 'PVT niet ondertekend', type: 'radio', options: choice },
      ];
    },
    prefill: (_view, today) => ({ date: today, mapVerwijtbaar: '', pvtVerwijtbaar: '' }),
    toBody: (values) => {
      const yesNo = (name: string) =>
        one(values, name) === 'ja' ? true : one(values, name) === 'nee' ? false : undefined;
      return {
        date: one(values, 'date'),
        ...(yesNo('mapVerwijtbaar') !== undefined ? { mapVerwijtbaar: yesNo('mapVerwijtbaar') } : {}),
        ...(yesNo('pvtVerwijtbaar') !== undefined ? { pvtVerwijtbaar: yesNo('pvtVerwijtbaar') } : {}),
      };
    },
  },
];

export function decisionForm(segment: string): DecisionForm | undefined {
  return DECISION_FORMS.find((form) => form.segment === segment);
}

/** The decision form a task opens, or undefined (the task is completed with a short form). */
export function formForTask(type: string): DecisionForm | undefined {
  return DECISION_FORMS.find((form) => form.task?.types.includes(type as TaskType));
}

/** Field errors keyed by form field, from the API's `{ field: 'body.x.y', message }` errors. */
export function errorsByField(
  form: Pick<DecisionForm, 'fieldOf'>,
  errors: Array<{ field: string; message: string }>,
  prefix = 'body.',
  values?: FormValues,
) {
  const out: Record<string, string> = {};
  for (const error of errors) {
    const path = error.field.startsWith(prefix) ? error.field.slice(prefix.length) : error.field;
    const field = form.fieldOf ? form.fieldOf(path, values) : path.split('.')[0]!;
    out[field] ??= error.message;
  }
  return out;
}

/** The warnings a decision's result carries (a PIP that contradicts the leerbaarheidstoets), as one sentence. */
export function warningsOf(result: unknown): string {
  if (typeof result !== 'object' || result === null || !('waarschuwingen' in result)) return '';
  const warnings = (result as { waarschuwingen?: Array<{ melding?: unknown }> }).waarschuwingen ?? [];
  const texts = warnings.map((warning) => warning.melding).filter((text): text is string => typeof text === 'string');
  return texts.length > 0 ? ` Let op: ${texts.join(' ')}` : '';
}
