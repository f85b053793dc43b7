/**
 * `/openapi.json` and a browsable reference at `/docs`: Swagger UI from the swagger-ui-dist
 * package (served from node_modules, no CDN), initialised by a separate script so the strict
 * Content-Security-Policy stays intact.
 */
import express from 'express';
import swaggerUiDist from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Inburgering Orchestrator API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;

/** `document` returns the current document as JSON text (see `documentForToday`). */
export function docsRouter(document: () => string): express.Router {
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document());
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  return router;
}
