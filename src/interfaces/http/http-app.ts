import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HostAllowList } from './allowed-hosts.js';
import { requireApiKey } from './api-key.js';
import { errorBody, handleError } from './error-handler.js';
import type { HttpDeps } from './http-deps.js';
import { guardRequests } from './request-guard.js';
import { actorRoutes } from './routes/actor-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { balanceRoutes } from './routes/balance-routes.js';
import { captionRoutes } from './routes/caption-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { imageRoutes } from './routes/image-routes.js';
import { identityRoutes } from './routes/identity-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { promptRoutes } from './routes/prompt-routes.js';

/** The whole HTTP surface: JSON API under /api, its OpenAPI document, live events, and the web UI. */
export function createHttpApp(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  app.onError((error, c) => handleError(error, c, deps.logError));
  const loopback = HostAllowList.forBinding('127.0.0.1', 80, []);
  app.use('*', guardRequests(deps.options.allowedHosts ?? (() => loopback)));
  if (deps.options.apiKey) app.use('/api/*', requireApiKey(deps.options.apiKey));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.options.maxUploadBytes,
      onError: (c) =>
        c.json(errorBody('PAYLOAD_TOO_LARGE', `The upload is larger than ${deps.options.maxUploadBytes} bytes.`), 413),
    }),
  );
  for (const routes of [
    configRoutes(deps),
    auditRoutes(deps),
    actorRoutes(deps),
    imageRoutes(deps),
    jobRoutes(deps),
    balanceRoutes(deps),
    promptRoutes(deps),
    captionRoutes(deps),
    exportRoutes(deps),
    identityRoutes(deps),
  ])
    app.route('/api', routes);
  app.route('/api', eventRoutes(deps));
  app.doc('/api/openapi.json', { openapi: '3.0.0', info: { title: 'Troupe API', version: '1' } });
  app.all('/api/*', (c) =>
    c.json(errorBody('NOT_FOUND', `No API route ${c.req.method} ${c.req.path}: see /api/openapi.json.`), 404),
  );
  if (deps.options.webRoot) app.get('*', (c) => serveUi(deps.options.webRoot!, c.req.path));
  return app;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Static files of the built UI; any other path is the single-page app's index (client-side routes). */
async function serveUi(webRoot: string, requestPath: string): Promise<Response> {
  const root = path.resolve(webRoot);
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return new Response('Not found.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const wanted = path.resolve(root, `.${decoded}`);
  const isInside = wanted === root || wanted.startsWith(root + path.sep);
  const file = isInside && path.extname(wanted) !== '' ? wanted : path.join(root, 'index.html');
  try {
    const bytes = await readFile(file);
    const isAsset = file.includes(`${path.sep}assets${path.sep}`);
    return new Response(bytes, {
      headers: {
        'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  } catch {
    const message = path.extname(wanted) === '' ? 'The web UI is not built: run npm run build.' : 'Not found.';
    return new Response(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
