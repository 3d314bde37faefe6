import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpDeps } from '../http-deps.js';
import { ConfigSchema } from '../schemas.js';

export function configRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  const { defaults } = deps.troupe;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/config',
      responses: {
        200: { content: { 'application/json': { schema: ConfigSchema } }, description: 'What a new job can choose' },
      },
    }),
    (c) =>
      c.json(
        {
          providers: [...deps.options.providers],
          defaultProvider: defaults.provider,
          scenarios: [...deps.options.scenarios],
          defaultScenario: defaults.providerOptions.scenario ?? 'high',
          priceUsd: defaults.priceUsd,
          defaultConcurrency: defaults.concurrency,
          maxConcurrency: deps.options.maxConcurrency,
          maxImagesPerJob: deps.options.maxImagesPerJob,
        },
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      responses: {
        200: { content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } }, description: 'Alive' },
      },
    }),
    (c) => c.json({ ok: true as const }, 200),
  );
  return app;
}
