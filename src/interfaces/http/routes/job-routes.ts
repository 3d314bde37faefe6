import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { GenerationInput } from '../../../app/troupe.js';
import { providerOptionsFor } from '../../../app/generation/provider-options.js';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import { invalidInput } from '../../../domain/errors/troupe-error.js';
import { JOB_STATUSES, type JobStatus } from '../../../domain/generation/job.js';
import type { HttpDeps } from '../http-deps.js';
import { attemptJson, jobJson, ledgerJson, oddsJson, usd } from '../json.js';
import { paidLedger } from '../../../domain/generation/paid-ledger.js';
import {
  AttemptSchema,
  ErrorSchema,
  GenerationBodySchema,
  IdParam,
  JobSchema,
  LedgerSchema,
  PreviewSchema,
} from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = {
  400: json(ErrorSchema, 'Invalid request'),
  404: json(ErrorSchema, 'Not found'),
  409: json(ErrorSchema, 'Conflict'),
  422: json(ErrorSchema, 'Odds below the early-stop threshold before the start, not confirmed (LOW_ODDS)'),
  502: json(ErrorSchema, 'Provider unusable'),
};
const body = { content: { 'application/json': { schema: GenerationBodySchema } }, required: true };

export function jobRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe, queue } = deps;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/jobs/preview',
      request: { body },
      responses: { 200: json(z.object({ preview: PreviewSchema }), 'What the job would do'), ...errors },
    }),
    async (c) => {
      const preview = await troupe.previewJob(
        toInput(c.req.valid('json'), troupe.defaults.provider, troupe.defaults.providerOptions),
      );
      const { job } = preview;
      return c.json(
        {
          preview: {
            actorId: job.actorId,
            requestedImages: job.requestedImages,
            typeTargets: { ...job.typeTargets },
            maxAttempts: job.maxAttempts,
            defaultMaxAttempts: preview.defaultMaxAttempts,
            concurrency: job.concurrency,
            mode: job.mode,
            earlyStopBelow: job.earlyStopBelow,
            odds: oddsJson(job.forecast),
            observedAttempts: preview.observedAttempts,
            retiredPrompts: [...preview.retiredPrompts],
            provider: job.provider,
            providerOptions: { ...job.providerOptions },
            priceUsd: usd(job.priceMicroUsd),
            costCapUsd: job.costCapMicroUsd === null ? null : usd(job.costCapMicroUsd),
            expectedSuccessRate: preview.expectedSuccessRate,
            keptImages: preview.keptImages,
            estimatedCostUsd: {
              min: usd(preview.estimatedCostMicroUsd.min),
              max: usd(preview.estimatedCostMicroUsd.max),
            },
            lowOddsReason: preview.lowOddsReason,
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/jobs',
      request: { body },
      responses: { 202: json(z.object({ job: JobSchema }), 'Queued; follow it on /api/jobs/{id}/events'), ...errors },
    }),
    async (c) => {
      const job = await troupe.createJob(
        toInput(c.req.valid('json'), troupe.defaults.provider, troupe.defaults.providerOptions),
      );
      await queue.enqueue(job.id);
      return c.json({ job: jobJson(job) }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs',
      request: { query: z.object({ actorId: z.string().optional(), status: z.string().optional() }) },
      responses: { 200: json(z.object({ jobs: z.array(JobSchema) }), 'Jobs, oldest first'), ...errors },
    }),
    async (c) => {
      const { actorId, status } = c.req.valid('query');
      if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
        throw invalidInput(`status "${status}" is not a job status: use one of ${JOB_STATUSES.join(', ')}.`);
      }
      const jobs = await troupe.listJobs({
        actorId: actorId === undefined ? undefined : parseActorId(actorId),
        status: status as JobStatus | undefined,
      });
      return c.json({ jobs: jobs.map(jobJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{id}',
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({ job: JobSchema, attempts: z.array(AttemptSchema), ledger: LedgerSchema }),
          'A job with its attempts and its ledger of predictions',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const job = await troupe.getJobOrThrow(c.req.valid('param').id);
      const attempts = await troupe.listAttempts(job.id);
      return c.json(
        { job: jobJson(job), attempts: attempts.map(attemptJson), ledger: ledgerJson(paidLedger(attempts)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/jobs/{id}/cancel',
      request: { params: IdParam },
      responses: { 200: json(z.object({ job: JobSchema }), 'Cancel requested'), ...errors },
    }),
    async (c) => {
      const job = await troupe.cancelJob(c.req.valid('param').id);
      return c.json({ job: jobJson(job) }, 200);
    },
  );
  return app;
}

function toInput(
  body: z.infer<typeof GenerationBodySchema>,
  defaultProvider: string,
  defaults: Readonly<Record<string, string>>,
): GenerationInput {
  const provider = body.provider;
  return {
    actorId: body.actorId,
    count: body.count,
    types: body.types,
    maxAttempts: body.maxAttempts,
    costCapUsd: body.costCapUsd,
    concurrency: body.concurrency,
    mode: body.mode,
    earlyStopBelow: body.earlyStopBelow,
    identity: body.identity,
    confirmLowOdds: body.confirmLowOdds,
    ...(provider === undefined ? {} : { provider }),
    providerOptions: providerOptionsFor(provider ?? defaultProvider, body.scenario, defaults),
  };
}
