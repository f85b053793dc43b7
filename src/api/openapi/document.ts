/**
 * The OpenAPI 3.1 document, generated from the same route objects that express mounts
 * (`registerRoutes`), so every route is documented with its zod schemas.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { registerHealth } from '../health/router';
import { registerRoutes, type RouteDefinition } from '../http/route';

export function buildOpenApiDocument(routes: RouteDefinition[]) {
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
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Inburgering Orchestrator API',
      version: '1.0.0',
      description:
        'REST-API voor consulenten, beheerders en partnersystemen (Wet inburgering 2021). Fouten zijn RFC 9457 `application/problem+json` met een `correlationId` (ook in de header `X-Request-Id`).',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Trajecten' },
      { name: 'Beslissingen' },
      { name: 'Werkvoorraad' },
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
}
