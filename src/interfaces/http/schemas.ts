import { z } from '@hono/zod-openapi';

/** Every request body, query and response of the API, in one place: validation and the OpenAPI document share it. */
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

const TypeCounts = z.object({
  photorealistic: z.number().int(),
  bw_stylized: z.number().int(),
  color_stylized: z.number().int(),
});

export const JobSchema = z
  .object({
    id: z.string(),
    actorId: z.string(),
    status: z.enum(['queued', 'processing', 'completed', 'canceled', 'failed']),
    requestedImages: z.number().int(),
    typeTargets: TypeCounts,
    maxAttempts: z.number().int(),
    concurrency: z.number().int(),
    costCapUsd: z.number().nullable(),
    priceUsd: z.number(),
    provider: z.string(),
    providerOptions: z.record(z.string(), z.string()),
    currentAttempt: z.number().int(),
    completedImages: z.number().int(),
    finishedAttempts: z.number().int(),
    successRate: z.number().openapi({ description: 'Percent of finished attempts that kept an image, one decimal' }),
    spendUsd: z.number(),
    finishReason: z.string().nullable(),
    isCancelRequested: z.boolean(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

export const AttemptSchema = z
  .object({
    id: z.string(),
    jobId: z.string(),
    number: z.number().int(),
    status: z.enum(['pending', 'running', 'storing', 'succeeded', 'failed', 'canceled']),
    promptId: z.string(),
    prompt: z.string(),
    type: z.string(),
    seed: z.number().int(),
    failureClass: z.string().nullable(),
    failureCode: z.string().nullable(),
    message: z.string().nullable(),
    costUsd: z.number(),
    imageId: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('Attempt');

export const ImageSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    number: z.number().int().nullable(),
    type: z.string().nullable(),
    prompt: z.string().nullable(),
    promptId: z.string().nullable(),
    generatedAt: z.string(),
    generatedBy: z.string(),
    jobId: z.string().nullable(),
    width: z.number().int(),
    height: z.number().int(),
    sizeBytes: z.number().int(),
    url: z.string(),
    thumbnailUrl: z.string(),
  })
  .openapi('Image');

export const ActorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    descriptor: z.string(),
    createdAt: z.string(),
    baseImageUrl: z.string(),
    imageCount: z.number().int(),
    countsByType: TypeCounts,
    lastJob: JobSchema.nullable(),
  })
  .openapi('Actor');

export const GenerationBodySchema = z
  .object({
    actorId: z.string().min(1).max(200),
    count: z.number().int().optional(),
    types: z.string().max(200).optional(),
    maxAttempts: z.number().int().optional(),
    costCapUsd: z.number().optional(),
    concurrency: z.number().int().optional(),
    provider: z.string().max(40).optional(),
    scenario: z.string().max(40).optional(),
  })
  .strict()
  .openapi('GenerationRequest');

export const PreviewSchema = z
  .object({
    actorId: z.string(),
    requestedImages: z.number().int(),
    typeTargets: TypeCounts,
    maxAttempts: z.number().int(),
    defaultMaxAttempts: z.number().int(),
    concurrency: z.number().int(),
    provider: z.string(),
    providerOptions: z.record(z.string(), z.string()),
    priceUsd: z.number(),
    costCapUsd: z.number().nullable(),
    expectedSuccessRate: z.number(),
    keptImages: z.object({
      low: z.number().int(),
      expected: z.number(),
      high: z.number().int(),
      pComplete: z.number(),
    }),
    estimatedCostUsd: z.object({ min: z.number(), max: z.number() }),
  })
  .openapi('GenerationPreview');

export const ActorPatchSchema = z
  .object({ descriptor: z.string().max(60).optional(), name: z.string().max(200).optional() })
  .strict();

export const ConfigSchema = z
  .object({
    providers: z.array(z.string()),
    defaultProvider: z.string(),
    scenarios: z.array(z.string()),
    defaultScenario: z.string(),
    priceUsd: z.number(),
    defaultConcurrency: z.number().int(),
    maxConcurrency: z.number().int(),
    maxImagesPerJob: z.number().int(),
  })
  .openapi('Config');

export const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
export const ImageParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' } }),
  imageId: z.string().openapi({ param: { name: 'imageId', in: 'path' } }),
});
