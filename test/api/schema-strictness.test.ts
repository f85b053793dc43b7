/**
 * The fuzz findings of issue 14, each kept as a regression test: the served OpenAPI document
 * says exactly what the server accepts and answers. Each case checks both sides — the
 * documented (JSON Schema 2020-12, validated with Ajv) and the server's answer:
 * - a nullable reference (`state.view: null` of a stuck workflow) is documented as nullable;
 * - resending a DUO inbox row has its 409 documented;
 * - an undeclared method (TRACE) is a 405, not a 404;
 * - empty `type=`, page numbers beyond what the server takes, whitespace-only or NUL notes are
 *   refused by the document as by the server (422).
 */
import { Ajv2020 } from 'ajv/dist/2020';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let ajv: Ajv2020;
type Doc = {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema: object }> } & object>>;
};
let doc: Doc;

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  doc = (await request(h.app).get('/openapi.json')).body as Doc;
  ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ ...doc, $id: 'openapi.json' });
});
afterAll(async () => {
  await h?.close();
});

/** JSON pointer escaping of one path segment. */
const seg = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Whether the documented schema at `pointer` (inside the served document) accepts `value`. */
function documentedAccepts(pointer: string[], value: unknown): boolean {
  const validate = ajv.compile({ $ref: `openapi.json#/${pointer.map(seg).join('/')}` });
  return validate(value);
}

function queryParameterPointer(path: string, name: string): string[] {
  const parameters = doc.paths[path]!.get!.parameters!;
  const index = parameters.findIndex((p) => p.in === 'query' && p.name === name);
  expect(index, `${path} ?${name} is documented`).toBeGreaterThanOrEqual(0);
  return ['paths', path, 'get', 'parameters', String(index), 'schema'];
}

describe('fuzz findings: the document is exactly as strict as the server', () => {
  it('state.view of the inspection and view of the dossier are documented as nullable (a stuck workflow answers null)', () => {
    const inspection = [
      'paths',
      '/beheer/trajectories/{id}/workflow',
      'get',
      'responses',
      '200',
      'content',
      'application/json',
      'schema',
    ];
    const resolved = (pointer: string[]) => {
      // Follow a $ref at the end of the pointer (the response schema is a named component).
      let node: unknown = doc;
      for (const part of pointer) node = (node as Record<string, unknown>)[part];
      const ref = (node as { $ref?: string }).$ref;
      return ref ? ref.replace(/^#\//, '').split('/') : pointer;
    };
    const view = [...resolved(inspection), 'properties', 'state', 'properties', 'view'];
    expect(documentedAccepts(view, null)).toBe(true);
    expect(documentedAccepts(view, 'vastgelopen')).toBe(false);
    const dossier = [
      ...resolved(['paths', '/trajectories/{id}', 'get', 'responses', '200', 'content', 'application/json', 'schema']),
      'properties',
      'view',
    ];
    expect(documentedAccepts(dossier, null)).toBe(true);
  });

  it('resending a DUO inbox row: its 409 is documented', () => {
    const responses = (doc.paths['/beheer/inbox/{id}/resend']!.post as { responses: Record<string, unknown> })
      .responses;
    expect(Object.keys(responses)).toContain('409');
    expect(JSON.stringify(responses['409'])).toContain('DUO_NOTIFICATIE');
  });

  it('TRACE on a known path is a 405 with Allow, not a 404', async () => {
    const res = await request(h.app).trace('/tasks');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });

  it('an empty `type=` is refused by the document and the server (422)', async () => {
    expect(documentedAccepts(queryParameterPointer('/tasks', 'type'), '')).toBe(false);
    const res = await request(h.app).get('/tasks?type=').set(h.auth('consulent', 'altena'));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('query.type');
  });

  it('a page number beyond what the server takes (also beyond safe integers) is refused by both (422)', async () => {
    const page = queryParameterPointer('/beheer/outbox', 'page');
    expect(documentedAccepts(page, '2')).toBe(true);
    for (const value of ['9007199254740993', '1000000', '0', '-1', '1.5', ' 1']) {
      expect(documentedAccepts(page, value), value).toBe(false);
      const res = await request(h.app)
        .get(`/beheer/outbox?page=${encodeURIComponent(value)}`)
        .set(h.auth('beheerder', 'altena'));
      expect(res.status, value).toBe(422);
    }
    expect((await request(h.app).get('/beheer/outbox?page=2').set(h.auth('beheerder', 'altena'))).status).toBe(200);
  });

  it('a whitespace-only or NUL note text is refused by both (422); an ordinary multi-line note is documented as valid', async () => {
    const text = ['components', 'schemas', 'IntakeNoteInput', 'properties', 'text'];
    expect(documentedAccepts(text, 'Spreekt thuis Tigrinya.\nWil graag werken.')).toBe(true);
    for (const value of ['   ', '\n\t ', 'a\u0000b', '\u202Eomgekeerd']) {
      expect(documentedAccepts(text, value), JSON.stringify(value)).toBe(false);
      const res = await request(h.app)
        .post('/trajectories/trj_onbekend/decisions/brede-intake')
        .set(h.auth('consulent', 'altena'))
        .send({ date: '2026-03-01', leefgebieden: {}, notes: [{ text: value }] });
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).join(' ')).toMatch(/body\.notes/);
    }
  });
});
