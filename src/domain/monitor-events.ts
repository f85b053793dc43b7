/**
 * The contract of the `MonitorEvent` rows: which event types exist, what their `data` holds,
 * and which day each one counts on. The monitor figures (src/monitor/figures.ts) read exactly
 * these fields; a producer (the trajectory workflow, through the `recordMonitorEvent`
 * activity) writes them. Every row also carries `gemeente` (the gemeente the event belongs
 * to, at the moment it happened) and `occurredOn` (the day it counts on, see `dateField`).
 *
 * | type                      | data                                                     | counts on   | producer today |
 * |---------------------------|----------------------------------------------------------|-------------|----------------|
 * | PIP_TERMIJN_VERSTREKEN    | deadline, bron (SS139 / INSCHRIJVING / null)             | deadline    | workflow       |
 * | TERMIJN_VERSTREKEN        | einde                                                    | einde       | workflow       |
 * | VOORTGANGSGESPREK_TE_LAAT | gepland                                                  | gepland     | workflow       |
 * | TRAJECT_AFGESLOTEN        | reden (CloseReason), bron, datum?                        | datum       | workflow       |
 * | HANDHAVING_BESLOTEN       | datum, soort (WAARSCHUWING / BOETE / AFGEZIEN), bedragCent? | datum    | workflow (handhaving-besluit) |
 * | ONTHEFFING_VERLEEND       | datum, grond (MED / BIO), geheel                         | datum       | workflow (ontheffing) |
 * | ONTZORGEN_GEEVALUEERD     | datum, uitkomst (ZELFREDZAAM / BUDGETBEHEER_VERVOLG / SCHULDHULP) | datum | workflow (evaluatie) |
 * | UITSTROOM                 | datum, uitkomst (WERK / OPLEIDING / PARTICIPATIE / GEEN / ONBEKEND), urenPerWeek? | datum | workflow (closing) |
 * | VERHUISD_UIT              | datum, naarGemeente, vanGemeente                         | datum       | workflow (+ audit row) |
 *
 * `bedragCent` is money in whole euro cents (integer). A field marked `?` may be left out. When
 * the day field is missing (older TRAJECT_AFGESLOTEN rows) the row counts on the day it was
 * recorded (Europe/Amsterdam). A move to another gemeente (VERHUISD_UIT) counts as uitstroom
 * for the gemeente the person left; the trajectory itself then belongs to the new gemeente.
 */
import { isValidIsoDate } from './dates';
import { ONTZORGEN_EVALUATIE_UITKOMSTEN } from './ontzorgen';
import type { IsoDate } from './types';
import { CLOSE_REASONS, ONTHEFFING_GROUNDS } from './types';

export const HANDHAVING_SOORTEN = ['WAARSCHUWING', 'BOETE', 'AFGEZIEN'] as const;
/** The outcomes of the ontzorgen evaluation (src/domain/ontzorgen.ts), as the workflow records them. */
export const ONTZORGEN_UITKOMSTEN = ONTZORGEN_EVALUATIE_UITKOMSTEN;
export const UITSTROOM_UITKOMSTEN = ['WERK', 'OPLEIDING', 'PARTICIPATIE', 'GEEN', 'ONBEKEND'] as const;

type FieldKind = 'date' | 'text' | 'cents' | 'number' | 'boolean' | readonly string[];
interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  nullable?: boolean;
}

const date: FieldSpec = { kind: 'date' };

/** Field specifications per event type (`data` may hold more fields; these are the ones read). */
export const MONITOR_EVENT_CONTRACT = {
  PIP_TERMIJN_VERSTREKEN: {
    fields: { deadline: date, bron: { kind: ['SS139', 'INSCHRIJVING'], nullable: true } },
    dateField: 'deadline',
  },
  TERMIJN_VERSTREKEN: { fields: { einde: date }, dateField: 'einde' },
  VOORTGANGSGESPREK_TE_LAAT: { fields: { gepland: date }, dateField: 'gepland' },
  TRAJECT_AFGESLOTEN: {
    fields: { reden: { kind: CLOSE_REASONS }, bron: { kind: 'text' }, datum: { kind: 'date', optional: true } },
    dateField: 'datum',
  },
  HANDHAVING_BESLOTEN: {
    fields: { datum: date, soort: { kind: HANDHAVING_SOORTEN }, bedragCent: { kind: 'cents', optional: true } },
    dateField: 'datum',
  },
  ONTHEFFING_VERLEEND: {
    fields: { datum: date, grond: { kind: ONTHEFFING_GROUNDS }, geheel: { kind: 'boolean' } },
    dateField: 'datum',
  },
  ONTZORGEN_GEEVALUEERD: { fields: { datum: date, uitkomst: { kind: ONTZORGEN_UITKOMSTEN } }, dateField: 'datum' },
  UITSTROOM: {
    fields: {
      datum: date,
      uitkomst: { kind: UITSTROOM_UITKOMSTEN },
      urenPerWeek: { kind: 'number', optional: true },
    },
    dateField: 'datum',
  },
  VERHUISD_UIT: { fields: { datum: date, naarGemeente: { kind: 'text' } }, dateField: 'datum' },
} as const satisfies Record<string, { fields: Record<string, FieldSpec>; dateField: string }>;

export type MonitorEventType = keyof typeof MONITOR_EVENT_CONTRACT;
export const MONITOR_EVENT_TYPES = Object.keys(MONITOR_EVENT_CONTRACT) as MonitorEventType[];

/** The `data` shapes, for producers. */
export interface MonitorEventData {
  PIP_TERMIJN_VERSTREKEN: { deadline: IsoDate; bron: 'SS139' | 'INSCHRIJVING' | null };
  TERMIJN_VERSTREKEN: { einde: IsoDate };
  VOORTGANGSGESPREK_TE_LAAT: { gepland: IsoDate };
  TRAJECT_AFGESLOTEN: { reden: (typeof CLOSE_REASONS)[number]; bron: string; datum?: IsoDate };
  HANDHAVING_BESLOTEN: { datum: IsoDate; soort: (typeof HANDHAVING_SOORTEN)[number]; bedragCent?: number };
  ONTHEFFING_VERLEEND: { datum: IsoDate; grond: (typeof ONTHEFFING_GROUNDS)[number]; geheel: boolean };
  ONTZORGEN_GEEVALUEERD: { datum: IsoDate; uitkomst: (typeof ONTZORGEN_UITKOMSTEN)[number] };
  UITSTROOM: { datum: IsoDate; uitkomst: (typeof UITSTROOM_UITKOMSTEN)[number]; urenPerWeek?: number };
  VERHUISD_UIT: { datum: IsoDate; naarGemeente: string };
}

export function isMonitorEventType(type: string): type is MonitorEventType {
  return Object.hasOwn(MONITOR_EVENT_CONTRACT, type);
}

function fieldProblem(spec: FieldSpec, value: unknown): string | undefined {
  if (value === undefined) return spec.optional ? undefined : 'ontbreekt';
  if (value === null) return spec.nullable ? undefined : 'mag niet leeg zijn';
  const kind = spec.kind;
  if (Array.isArray(kind)) return kind.includes(value as string) ? undefined : `verwacht een van ${kind.join(', ')}`;
  switch (kind) {
    case 'date':
      return isValidIsoDate(value) ? undefined : 'verwacht een datum JJJJ-MM-DD';
    case 'text':
      return typeof value === 'string' && value.length > 0 ? undefined : 'verwacht tekst';
    case 'cents':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'verwacht hele centen (≥ 0)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'verwacht een getal ≥ 0';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'verwacht waar/onwaar';
  }
  return 'onbekend veldtype';
}

/**
 * Problems of an event's data against the contract ("veld: reden"), empty when it fits.
 * Types outside the contract are allowed (free-form, read by no figure).
 */
export function monitorEventProblems(type: string, data: Record<string, unknown>): string[] {
  if (!isMonitorEventType(type)) return [];
  const fields: Record<string, FieldSpec> = MONITOR_EVENT_CONTRACT[type].fields;
  return Object.entries(fields).flatMap(([name, spec]) => {
    const problem = fieldProblem(spec, data[name]);
    return problem ? [`${name}: ${problem}`] : [];
  });
}

/** The day an event counts on (from its data), or undefined when its data has none. */
export function monitorEventDate(type: string, data: Record<string, unknown>): IsoDate | undefined {
  if (!isMonitorEventType(type)) return undefined;
  const value = data[MONITOR_EVENT_CONTRACT[type].dateField];
  return isValidIsoDate(value) ? value : undefined;
}
