/**
 * The one error type of the API and its mapping to RFC 9457 problem details.
 *
 * Handlers throw `AppError` with a code; the error middleware (`problem-middleware.ts`)
 * turns it into `application/problem+json`. Titles are Dutch (they are read by consulenten).
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'IDEMPOTENCY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

interface CodeDefinition {
  status: number;
  title: string;
}

export const ERROR_DEFINITIONS: Record<ErrorCode, CodeDefinition> = {
  BAD_REQUEST: { status: 400, title: 'Ongeldig verzoek' },
  MALFORMED_JSON: { status: 400, title: 'Ongeldige JSON' },
  UNAUTHENTICATED: { status: 401, title: 'Niet geauthenticeerd' },
  FORBIDDEN: { status: 403, title: 'Geen toegang' },
  NOT_FOUND: { status: 404, title: 'Niet gevonden' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Methode niet toegestaan' },
  CONFLICT: { status: 409, title: 'Conflict' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency-Key al gebruikt voor een ander verzoek' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Verzoek te groot' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Niet-ondersteund inhoudstype' },
  VALIDATION_FAILED: { status: 422, title: 'Validatie mislukt' },
  RATE_LIMITED: { status: 429, title: 'Te veel verzoeken' },
  INTERNAL: { status: 500, title: 'Interne fout' },
  UNAVAILABLE: { status: 503, title: 'Dienst tijdelijk niet beschikbaar' },
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail ?? ERROR_DEFINITIONS[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_DEFINITIONS[code].status;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
  }
}

/** Field errors from a zod error; `location` prefixes the path (`body`, `query`, `params`, `headers`). */
export function fieldErrorsFromZod(error: z.ZodError, location?: string): FieldError[] {
  const fieldOf = (path: PropertyKey[]) =>
    [location, path.map(String).join('.')].filter(Boolean).join('.') || (location ?? '(root)');
  // An unknown field is named itself (body.reden), not the object it stands in.
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: issue.message }))
      : [{ field: fieldOf(issue.path), message: issue.message }],
  );
}

export const PROBLEM_TYPE_BASE = 'https://inburgering.example/problems/';

export function problemType(code: ErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}

export const ZProblem = z
  .object({
    type: z.string().meta({ example: problemType('NOT_FOUND') }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(ERROR_CODES),
    correlationId: z.string().meta({ description: 'Ook in de `X-Request-Id`-header; noem dit bij een melding.' }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });
export type Problem = z.infer<typeof ZProblem>;
