/**
 * Regressions of the fuzz findings on the monitor and SWI routes (Schemathesis, `npm run fuzz`):
 * - ST101: `POST /beheer/swi/0000-Q1/oosterhout/genereer` answered 500 (a year-0000 quarter
 *   reached the extract) — a client's mistake is a 4xx naming the parameter, never a 500;
 * - ST202: schema-valid requests were refused (the document allowed any string for periode,
 *   van, tot, jaar, kwartaal and gemeente) — now the document says exactly what the server
 *   accepts: the edges of every pattern are accepted, one step beyond is refused, and every
 *   parameter of a `monitor` operation carries a pattern or an enum.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const regio = () => h.auth('beheerder', 'regio');

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
});
afterAll(async () => {
  await h?.close();
});

function expectProblem(res: request.Response, status: number, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('ST101: a quarter the server cannot use is the client’s mistake, not a 500', () => {
  it('POST /beheer/swi/0000-Q1/oosterhout/genereer → 422 naming params.kwartaal; nothing stored', async () => {
    for (const kwartaal of ['0000-Q1', '1999-Q4', '2101-Q1', '2026-Q5']) {
      const res = await request(h.app).post(`/beheer/swi/${kwartaal}/oosterhout/genereer`).set(regio());
      expectProblem(res, 422, 'params.kwartaal');
    }
    expect(await h.db.prisma.swiDelivery.count()).toBe(0);
    expect(await h.db.prisma.task.count({ where: { type: 'SWI_AANLEVEREN' } })).toBe(0);
  });

  it('a quarter that has not ended yet → 409 KWARTAAL_NIET_VOORBIJ (2100-Q4 is schema-valid); a past one → 200', async () => {
    const future = await request(h.app).post('/beheer/swi/2100-Q4/oosterhout/genereer').set(regio());
    expectProblem(future, 409);
    expect(future.body.reason).toBe('KWARTAAL_NIET_VOORBIJ');
    const past = await request(h.app).post('/beheer/swi/2000-Q1/oosterhout/genereer').set(regio());
    expect(past.status, JSON.stringify(past.body)).toBe(200);
    expect(past.body).toMatchObject({ gemeente: 'oosterhout', kwartaal: '2000-Q1', status: 'OPEN', records: 0 });
  });

  it('geleverd and bestand: an unknown gemeente → 422, another gemeente → 404, no delivery → 404', async () => {
    expectProblem(
      await request(h.app).post('/beheer/swi/2025-Q4/Altena/geleverd').set(regio()),
      422,
      'params.gemeente',
    );
    expectProblem(
      await request(h.app).post('/beheer/swi/2025-Q4/oosterhout/geleverd').set(h.auth('beheerder', 'altena')),
      404,
      'params.gemeente',
    );
    expectProblem(await request(h.app).post('/beheer/swi/2025-Q4/altena/geleverd').set(regio()), 404);
    expectProblem(await request(h.app).get('/beheer/swi/0000-Q1/altena/bestand').set(regio()), 422, 'params.kwartaal');
  });
});

describe('ST202: what the document allows, the server accepts (and the edge beyond is refused)', () => {
  it.each([
    ['periode=2000', 200],
    ['periode=2100-Q4', 200],
    ['periode=2100-12', 200],
    ['periode=2026-H2', 200],
    ['van=2000-01-01&tot=2000-01-01', 200],
    ['van=2091-01-01&tot=2100-12-31', 200],
    ['van=2024-02-29&tot=2024-03-01', 200],
    ['gemeente=geertruidenberg', 200],
    ['periode=1999', 422],
    ['periode=2101-Q1', 422],
    ['periode=0000-Q1', 422],
    ['periode=2026-13', 422],
    ['periode=%202026', 422],
    ['van=2023-02-29&tot=2023-03-01', 422],
    ['van=1999-12-31&tot=2000-01-01', 422],
    ['gemeente=Altena', 422],
    ['gemeente=bestaatniet', 422],
  ])('GET /beheer/monitor/cijfers?%s → %i', async (query, status) => {
    const res = await request(h.app).get(`/beheer/monitor/cijfers?${query}`).set(regio());
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(status);
    if (status === 422) {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].field).toBe(`query.${query.split('=')[0]}`);
    }
  });

  it('one table, money and a money table accept the edges of their patterns', async () => {
    for (const url of [
      '/beheer/monitor/cijfers/instroom?periode=2100&formaat=csv',
      '/beheer/monitor/cijfers/pip?van=2000-01-01&tot=2009-12-31',
      '/beheer/monitor/geld?jaar=2000',
      '/beheer/monitor/geld/prestatiebekostiging?jaar=2100&gemeente=drimmelen',
      '/beheer/monitor/geld/voorzieningen?formaat=csv',
    ]) {
      const res = await request(h.app).get(url).set(regio());
      expect(res.status, url).toBe(200);
    }
    for (const [url, field] of [
      ['/beheer/monitor/geld?jaar=1999', 'query.jaar'],
      ['/beheer/monitor/geld/voorzieningen?jaar=2101', 'query.jaar'],
      ['/beheer/monitor/geld?gemeente=bestaatniet', 'query.gemeente'],
    ] as const) {
      expectProblem(await request(h.app).get(url).set(regio()), 422, field);
    }
  });

  it('the rules one parameter cannot say stay 400 naming the parameter (documented in the descriptions)', async () => {
    for (const [query, field] of [
      ['van=2026-10-01&tot=2026-09-30', 'query.tot'],
      ['van=2026-10-01', 'query.tot'],
      ['tot=2026-10-01', 'query.van'],
      ['periode=2026&van=2026-01-01&tot=2026-02-01', 'query.periode'],
      ['van=2000-01-01&tot=2026-01-01', 'query.tot'],
    ] as const) {
      expectProblem(await request(h.app).get(`/beheer/monitor/cijfers?${query}`).set(regio()), 400, field);
    }
  });

  it('every parameter of a monitor operation is constrained in the document (pattern or enum)', async () => {
    const document = (await request(h.app).get('/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          { tags?: string[]; parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }> }
        >
      >;
    };
    let checked = 0;
    for (const [p, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation.tags?.includes('monitor')) continue;
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query' && parameter.in !== 'path') continue;
          const schema = parameter.schema;
          checked++;
          expect(
            schema.pattern !== undefined || schema.enum !== undefined,
            `${method.toUpperCase()} ${p} ${parameter.in}.${parameter.name}: ${JSON.stringify(schema)}`,
          ).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    const cijfers = document.paths['/beheer/monitor/cijfers']!.get!.parameters!;
    const gemeente = cijfers.find((p) => p.name === 'gemeente')!;
    expect(gemeente.schema.enum).toEqual(['altena', 'drimmelen', 'geertruidenberg', 'oosterhout']);
    const periode = new RegExp(String(cijfers.find((p) => p.name === 'periode')!.schema.pattern));
    expect(['2000', '2100-Q4', '2026-H1', '2026-07'].every((v) => periode.test(v))).toBe(true);
    expect(['1999', '2101', '0000-Q1', '2026-Q5', '2026-00'].some((v) => periode.test(v))).toBe(false);
  });
});
