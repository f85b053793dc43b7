/**
 * The OpenAPI 3.1 document, generated from the same route objects that express mounts
 * (`registerRoutes`), so every route is documented with its zod schemas. Two corrections after
 * generation keep the document exactly as strict as the server:
 * - a nullable reference comes out of the generator as `allOf: [$ref, {type: [object, null]}]`,
 *   which no `null` satisfies: it becomes `anyOf: [$ref, {type: null}]`;
 * - `x-json-schema` on a schema is merged into it: cross-field rules of zod refinements (e.g.
 *   StartTrajectory's current PIP only with start phase OPSTARTKLAS or LEERROUTE) as `if/then`;
 * - a gemeente id (`x-gemeente`) becomes the enum of the installation's gemeenten;
 * - a windowed date (`x-date-window`, src/domain/date-windows.ts) gets the exact `pattern` of
 *   its window for the day the document is built (`documentForToday` rebuilds it daily).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { dateWindowFor, isoDateRangePattern, type DateWindowKind } from '../../domain/date-windows';
import { todayInAmsterdam } from '../../domain/today';
import { registerHealth } from '../health/router';
import { registerRoutes, type RouteDefinition } from '../http/route';

export function buildOpenApiDocument(
  routes: RouteDefinition[],
  today = todayInAmsterdam(new Date()),
  gemeenten?: readonly string[],
) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'API-sleutel `ibo_<prefix>.<geheim>` (rollen consulent, beheerder, partner).',
  });
  registerHealth(registry);
  registerRoutes(registry, routes);
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'Dit document',
    tags: ['Documentatie'],
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    summary: 'Leesbare API-referentie (HTML)',
    tags: ['Documentatie'],
    responses: { 200: { description: 'HTML-pagina', content: { 'text/html': { schema: z.string() } } } },
  });
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Inburgering Orchestrator API',
      version: '1.0.0',
      description:
        'REST-API voor consulenten, beheerders en partnersystemen (Wet inburgering 2021). Fouten zijn RFC 9457 `application/problem+json` met een `correlationId` (ook in de header `X-Request-Id`). Geen enkele tekst mag stuurtekens (zoals NUL) of tekstrichting-tekens bevatten; datums hebben een aannemelijk venster (`x-date-window`).',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Trajecten' },
      { name: 'Beslissingen' },
      { name: 'Werkvoorraad' },
      {
        name: 'Meldingen',
        description:
          'Meldingen van taken per e-mail (nieuwe taak binnen 7 dagen, escalatie, weigering door DUO): alleen de titel en een link naar de werkplek. Per consulent: direct, dagoverzicht of uit.',
      },
      { name: 'Beheer' },
      {
        name: 'monitor',
        description:
          'Monitor en verantwoording: cijfers per gemeente en voor de regio per periode (`?periode=2026-Q4`, `2026-11`, `2026-H2`, `2026`, of `?van=&tot=`), geld (voorzieningen, prestatiebekostiging) en de kwartaallevering aan het CBS (SWI). Elke tabel ook als CSV (`;`, UTF-8 met BOM). Een gemeentelijke beheerder ziet alleen de eigen gemeente; de regionale beheerder elke gemeente en de regio.',
      },
      { name: 'Beheer: sleutels en partners' },
      { name: 'Partners' },
      { name: 'Gezondheid' },
      { name: 'Documentatie' },
    ],
  });
  correctSchemas(document, today, gemeenten);
  return document;
}

/** The document of today, rebuilt when the Amsterdam date changes (the date windows move). */
export function documentForToday(routes: RouteDefinition[], gemeenten?: readonly string[]): () => string {
  let cached: { today: string; json: string } | undefined;
  return () => {
    const today = todayInAmsterdam(new Date());
    if (cached?.today !== today) {
      cached = { today, json: JSON.stringify(buildOpenApiDocument(routes, today, gemeenten)) };
    }
    return cached.json;
  };
}

function correctSchemas(node: unknown, today: string, gemeenten: readonly string[] | undefined): void {
  if (Array.isArray(node)) {
    for (const item of node) correctSchemas(item, today, gemeenten);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 2 && isNullableObjectMarker(allOf[1])) {
    const marker = allOf[1] as { description?: string };
    delete schema.allOf;
    schema.anyOf = [allOf[0], { type: 'null' }];
    if (marker.description && !schema.description) schema.description = marker.description;
  }
  // A cross-field rule a zod refinement enforces, written out for the document (JSON Schema).
  const extra = schema['x-json-schema'];
  if (extra && typeof extra === 'object') {
    delete schema['x-json-schema'];
    Object.assign(schema, extra);
  }
  const kind = schema['x-date-window'] as DateWindowKind | undefined;
  if (typeof kind === 'string') {
    const window = dateWindowFor(kind, today);
    schema.pattern = isoDateRangePattern(window.earliest, window.latest);
    schema.description = `Aannemelijk venster: ${window.description} (vandaag: ${window.earliest} t/m ${window.latest}).`;
  }
  // A gemeente id: the installation's gemeenten (GEMEENTEN), when the document knows them.
  if (schema['x-gemeente'] === true) {
    delete schema['x-gemeente'];
    if (gemeenten?.length) {
      delete schema.pattern;
      schema.enum = [...gemeenten];
    }
  }
  for (const value of Object.values(schema)) correctSchemas(value, today, gemeenten);
}

function isNullableObjectMarker(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const keys = Object.keys(value).filter((key) => key !== 'description');
  const type = (value as { type?: unknown }).type;
  return keys.length === 1 && keys[0] === 'type' && Array.isArray(type) && type.includes('null');
}
