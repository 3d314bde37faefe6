import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import type { HttpDeps } from '../http-deps.js';
import { ErrorSchema, IdParam } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const ResetBody = z
  .object({ provider: z.string().max(40).optional(), scenario: z.string().max(40).optional() })
  .strict()
  .openapi('PromptResetRequest');

const ResetSchema = z
  .object({
    actorId: z.string(),
    subject: z.string(),
    givenBack: z.array(z.object({ promptId: z.string(), subject: z.string() })),
  })
  .openapi('PromptReset');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** Retired prompts given back: the retry plan's "give them back" button. */
export function promptRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/prompts/reset',
      request: { params: IdParam, body: { content: { 'application/json': { schema: ResetBody } }, required: true } },
      responses: {
        200: json(ResetSchema, "The actor's retired prompts are back in rotation"),
        400: json(ErrorSchema, 'Invalid request'),
        404: json(ErrorSchema, 'No such actor'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const provider =
        body.provider === undefined
          ? undefined
          : {
              name: body.provider,
              options: providerOptionsFor(body.provider, body.scenario, troupe.defaults.providerOptions),
            };
      const reset = await troupe.resetPrompts({ actorId: c.req.valid('param').id, provider });
      return c.json({ ...reset, givenBack: [...reset.givenBack] }, 200);
    },
  );
  return app;
}
