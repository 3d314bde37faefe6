import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { balancePlanView } from '../../../app/balance/balance-plan-view.js';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import { usdToMicro } from '../../../domain/money/micro-usd.js';
import type { HttpDeps } from '../http-deps.js';
import { jobJson } from '../json.js';
import { ErrorSchema, IdParam, JobSchema } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const BalanceBody = z
  .object({
    target: z.string().max(200).optional(),
    maxDelete: z.number().int().min(0).optional(),
    isDeleting: z.boolean().optional(),
    provider: z.string().max(40).optional(),
    scenario: z.string().max(40).optional(),
    concurrency: z.number().int().optional(),
  })
  .strict()
  .openapi('BalanceRequest');

const PlanSchema = z.object({ plan: z.record(z.string(), z.unknown()) }).openapi('BalancePlan');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = { 400: json(ErrorSchema, 'Invalid request'), 404: json(ErrorSchema, 'No such actor') };

/** The balancer over HTTP: the plan (a dry run, writes nothing) and its execution (deletions now, top-up queued). */
export function balanceRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  const generationOf = (body: z.infer<typeof BalanceBody>) => {
    const provider = body.provider ?? troupe.defaults.provider;
    const providerOptions = providerOptionsFor(provider, body.scenario, troupe.defaults.providerOptions);
    return { provider, providerOptions, ...(body.concurrency === undefined ? {} : { concurrency: body.concurrency }) };
  };
  const plan = async (actorId: string, body: z.infer<typeof BalanceBody>) => {
    const planned = await troupe.planBalance({
      actorId,
      target: body.target || undefined,
      maxDelete: body.maxDelete,
      isDeleting: body.isDeleting,
    });
    const generation = generationOf(body);
    const successRate = await troupe.plannedSuccessRate(generation.provider, generation.providerOptions);
    return {
      planned,
      generation,
      view: balancePlanView(planned, {
        priceMicroUsd: usdToMicro(troupe.defaults.priceUsd),
        successRate,
        provider: generation.provider,
      }),
    };
  };
  const body = { content: { 'application/json': { schema: BalanceBody } }, required: true };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/balance/plan',
      request: { params: IdParam, body },
      responses: { 200: json(PlanSchema, 'What balancing would do; nothing is changed'), ...errors },
    }),
    async (c) => {
      const { view } = await plan(c.req.valid('param').id, c.req.valid('json'));
      return c.json({ plan: view }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/balance/execute',
      request: { params: IdParam, body },
      responses: {
        202: json(
          z.object({
            plan: z.record(z.string(), z.unknown()),
            log: z.array(z.string()),
            runId: z.string(),
            steps: z.array(z.record(z.string(), z.unknown())),
            job: JobSchema.nullable(),
          }),
          'Deletions done; top-up queued',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { planned, generation, view } = await plan(c.req.valid('param').id, c.req.valid('json'));
      const log: string[] = [];
      const executed = await troupe.executeBalance(planned, generation, (line) => log.push(line), view);
      if (executed.job) await deps.queue.enqueue(executed.job.id);
      const job = executed.job ? jobJson(executed.job) : null;
      return c.json({ plan: view, log, runId: executed.runId, steps: [...executed.steps], job }, 202);
    },
  );
  return app;
}
