/**
 * Zod building blocks shared by the resource schemas. Every string a client sends goes through
 * one of these (or an enum): none admits control characters (NUL reaches PostgreSQL as an error,
 * the rest disguise text in logs and screens) or Unicode bidi overrides (which turn a name around
 * on screen). The documented patterns are exactly what the server accepts, so the OpenAPI
 * document is no looser than the server (see test/api/schema-strictness.test.ts).
 */
import { z } from 'zod';
import { isValidIsoDate } from '../../domain/dates';
import { dateWindowFor, isWithinDateWindow, type DateWindowKind } from '../../domain/date-windows';
import { todayInAmsterdam } from '../../domain/today';

/**
 * Characters no client text may hold: C0 controls other than TAB/LF/CR, DEL, C1 controls, the
 * bidi embedding/override/isolate controls and the byte-order mark. Multi-line text may hold
 * TAB, LF and CR; single-line text none of them.
 */
const FORBIDDEN_ALWAYS =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF';
const FORBIDDEN_SINGLE_LINE = `\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF`;

/**
 * Whitespace exactly as JavaScript's `trim()` sees it (written out: `\\s` differs between
 * JavaScript and the Python that fuzzes the documented patterns).
 */
const WHITESPACE = ' \\t\\n\\r\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

/** `^<optional whitespace><one visible character><more allowed characters>$`: never blank. */
const SPACES = ' \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const textPattern = (forbidden: string, leading: string) =>
  `^[${leading}]*[^${WHITESPACE}${forbidden}][^${forbidden}]*$`;
export const SINGLE_LINE_TEXT = new RegExp(textPattern(FORBIDDEN_SINGLE_LINE, SPACES));
export const MULTI_LINE_TEXT = new RegExp(textPattern(FORBIDDEN_ALWAYS, `${SPACES}\\t\\n\\r`));
const FORBIDDEN_ANYWHERE = new RegExp(`[${FORBIDDEN_ALWAYS}]`);

const CONTROL_MESSAGE = 'Leeg, of bevat niet-toegestane tekens (stuurtekens of tekstrichting-tekens)';

/** Free text: trimmed, never blank, no control characters; `multiline` allows TAB/LF/CR. */
export function zText(options: { max: number; multiline?: boolean }) {
  return z
    .string()
    .max(options.max)
    .regex(options.multiline ? MULTI_LINE_TEXT : SINGLE_LINE_TEXT, CONTROL_MESSAGE)
    .trim();
}

/**
 * The first location in a parsed request value (body, query, params) holding a string with a
 * forbidden character — also in object keys — or undefined. The route layer refuses such a
 * request before any schema runs, so nothing with a NUL reaches PostgreSQL even where a schema
 * forgot to use the primitives above.
 */
export function findForbiddenCharacter(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return FORBIDDEN_ANYWHERE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findForbiddenCharacter(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_ANYWHERE.test(key)) return `${path}.(sleutel)`;
      const found = findForbiddenCharacter(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

export const zIsoDate = z
  .string()
  .refine((value) => isValidIsoDate(value), { message: 'Verwacht een datum JJJJ-MM-DD', abort: true })
  .meta({ format: 'date', example: '2026-03-01' });

/**
 * A date in its plausible window (src/domain/date-windows.ts), relative to today in
 * Europe/Amsterdam. The OpenAPI document carries the window as `x-date-window`; its builder
 * turns that into the exact `pattern` of the window on the day the document is served.
 */
export function zDateIn(kind: DateWindowKind) {
  return zIsoDate
    .refine((value) => isWithinDateWindow(value, kind, todayInAmsterdam(new Date())), {
      error: () => {
        const window = dateWindowFor(kind, todayInAmsterdam(new Date()));
        return `Datum buiten het aannemelijke venster (${window.earliest} t/m ${window.latest})`;
      },
    })
    .meta({
      format: 'date',
      'x-date-window': kind,
      description: `Aannemelijk venster: ${dateWindowFor(kind, '2026-01-01').description}.`,
      example: kind === 'birth' ? '1990-05-17' : '2026-03-01',
    });
}

/** Ids in paths and queries: letters, digits, `_` and `-` (trajectory ids, UUIDs). */
export const zId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'Ongeldig kenmerk');

export const zTrajectoryId = z
  .string()
  .regex(/^[a-z0-9_-]{1,80}$/, 'Ongeldig trajectnummer')
  .meta({ example: 'trj_4f3c2a1b9d8e7f60a1b2c3d4' });

/** A gemeente id as configured in GEMEENTEN (`altena`); unknown ones are refused by the handler. */
export const zGemeente = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,59}$/, 'Ongeldige gemeente')
  .refine((value) => servedGemeenten === undefined || servedGemeenten.includes(value), {
    error: () => `Onbekende gemeente; een van: ${servedGemeenten?.join(', ')}`,
  })
  .meta({ 'x-gemeente': true, description: 'Een gemeente van deze installatie (GEMEENTEN).' });

/**
 * The gemeenten this process serves (config GEMEENTEN), set by `createApp`: a gemeente in a
 * body or query is one of them (the document lists them as an enum). One list per process.
 */
let servedGemeenten: readonly string[] | undefined;
export function setServedGemeenten(gemeenten: readonly string[]): void {
  servedGemeenten = [...gemeenten];
}

/** A partner organisation id (`dev-taalaanbieder`). */
export const zPartnerId = z.string().regex(/^[a-z0-9-]{2,60}$/, 'Kleine letters, cijfers en -');

/** A stable user or system name (`j.jansen@altena`, `partner:dev-coa`): one line, no spaces. */
export const zSubject = z
  .string()
  .regex(
    new RegExp(`^[^${WHITESPACE}${FORBIDDEN_SINGLE_LINE}]{1,200}$`),
    'Eén woord zonder spaties of stuurtekens (max. 200 tekens)',
  );

/**
 * A search text (name, BSN, trajectory id): one line, no control characters, at least two
 * visible characters (surrounding blanks allowed and trimmed), at most 100 characters.
 */
export const zSearchText = z
  .string()
  .max(100)
  .regex(
    new RegExp(
      `^[${SPACES}]*[^${WHITESPACE}${FORBIDDEN_SINGLE_LINE}][^${FORBIDDEN_SINGLE_LINE}]*[^${WHITESPACE}${FORBIDDEN_SINGLE_LINE}][${SPACES}]*$`,
    ),
    'Geef minstens 2 tekens om op te zoeken',
  )
  .trim();

/** A status filter: an upper-case token (`FAILED`, `DUO_PULL_FAILED`). */
export const zStatusToken = z.string().regex(/^[A-Z][A-Z_]{0,39}$/, 'Een status in hoofdletters, bijv. FAILED');

/** A reason for the audit log: 3–1000 characters, no surrounding whitespace, no control characters. */
export const zReason = z
  .string()
  .min(3, 'Geef een reden (minstens 3 tekens)')
  .max(1000)
  .regex(
    new RegExp(`^[^${WHITESPACE}${FORBIDDEN_ALWAYS}]([^${FORBIDDEN_ALWAYS}]*[^${WHITESPACE}${FORBIDDEN_ALWAYS}])?$`),
    'Een reden zonder stuurtekens en zonder spaties aan begin of eind',
  )
  .meta({ description: 'Waarom (wordt vastgelegd in het audit-log).' });

/** Hours in quarters (a lesson of 45 minutes is 0.75; 0.0001 is no lesson). */
export function zQuarterHours(min: number, max: number) {
  return z.number().min(min).max(max).multipleOf(0.25).meta({ multipleOf: 0.25 });
}

/** Query-string booleans: `true`/`false`/`1`/`0`. */
export const zQueryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/**
 * Positive integers as the query string carries them: digits only (no `1e3`, no `+1`, no
 * blanks), the bound written into the pattern itself so the documented schema is exactly what
 * the server accepts. Bounds keep `(page - 1) * pageSize` a safe integer for OFFSET.
 */
export function zQueryInt(pattern: RegExp, max: number, fallback: number) {
  return z
    .string()
    .regex(pattern, `Een geheel getal van 1 t/m ${max}`)
    .optional()
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .pipe(z.number().int().min(1).max(max))
    .meta({ description: `Standaard ${fallback}; hoogstens ${max}.` });
}
export const MAX_PAGE = 999_999;
export const zPage = zQueryInt(/^[1-9][0-9]{0,5}$/, MAX_PAGE, 1);
export const zPageSize = zQueryInt(/^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$/, 200, 25);

export const ZPageInfo = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const ZIdParams = z.object({ id: zId });

export const ZAuditedAction = z.object({ reason: zReason }).strict().meta({ id: 'AuditedAction' });

/** Today in the Netherlands (src/domain/today.ts). */
export function todayIso(now = new Date()): string {
  return todayInAmsterdam(now);
}
