/**
 * DUO's vendored OpenAPI files (spec/duo/<API>/openapi.yml), loaded as DUO wrote them. The
 * only change made at load time is `servers`, so that a validator matches paths under the
 * mount point we serve or call them at (DUO's README: base path `/v{major}`, not in the spec).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DuoApiName } from './client';

export const DUO_SPEC_DIR = fileURLToPath(new URL('../../../spec/duo/', import.meta.url));

export function duoSpecPath(api: DuoApiName): string {
  return `${DUO_SPEC_DIR}${api}/openapi.yml`;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string }>>;
  [key: string]: unknown;
}

/**
 * The spec of one API, with `servers` set to `serverUrl` (e.g. '/v1'). A fresh copy each call.
 * Patterns are made valid for Unicode-mode regular expressions (what ajv compiles): DUO
 * writes `\\,` (an identity escape of a comma, fine in plain JS regexes, an error with the
 * `u` flag); `,` means the same.
 */
export function loadDuoSpec(api: DuoApiName, serverUrl = '/'): OpenApiDocument {
  const document = parse(readFileSync(duoSpecPath(api), 'utf8')) as OpenApiDocument;
  return { ...normalisePatterns(document), servers: [{ url: serverUrl }] };
}

function normalisePatterns<T>(node: T): T {
  if (Array.isArray(node)) return node.map(normalisePatterns) as T;
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === 'pattern' && typeof value === 'string' ? value.replace(/\\,/g, ',') : normalisePatterns(value),
    ]),
  ) as T;
}
