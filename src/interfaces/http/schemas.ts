import { z } from '@hono/zod-openapi';

/** Every request body, query and response of the API, in one place: validation and the OpenAPI document share it. */
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

const TypeCounts = z.object({
  photorealistic: z.number().int(),
  bw_stylized: z.number().int(),
  color_stylized: z.number().int(),
});

export const OddsSchema = z
  .object({
    successRate: z
      .number()
      .openapi({ description: 'The estimated success rate of one attempt (0-1): the mean of what the odds are over' }),
    pReachN: z.number().openapi({
      description:
        'P(reach the requested images within the caps), 0-1, over the whole uncertainty of the success estimate',
    }),
    ceilingAttempts: z
      .number()
      .int()
      .nullable()
      .openapi({
        description:
          'The most attempts the job may start (attempt cap, or what the cost cap pays for); a job meeting a lower rate ' +
          'than expected goes on up to it, never past it. Null for jobs older than ceilings',
      }),
    ceilingCostUsd: z.number().nullable().openapi({ description: 'The ceiling priced: the most the job may cost' }),
    expectedAttempts: z.number(),
    attemptsP05: z.number().int(),
    attemptsP95: z.number().int(),
    expectedCostUsd: z.number().openapi({ description: 'If every attempt is billed' }),
    costRangeUsd: z.object({ p05: z.number(), p95: z.number() }),
    expectedWallSeconds: z.number(),
    wallP95Seconds: z.number(),
    method: z.enum(['exact', 'simulation']),
  })
  .openapi('Odds');

const ModeSchema = z.enum(['fast', 'thrifty', 'seed']);

export const JobSchema = z
  .object({
    id: z.string(),
    actorId: z.string(),
    status: z.enum(['queued', 'processing', 'completed', 'canceled', 'failed']),
    partial: z
      .boolean()
      .openapi({ description: 'Completed with fewer images than requested (a job that kept none is failed)' }),
    requestedImages: z.number().int(),
    typeTargets: TypeCounts,
    maxAttempts: z.number().int(),
    concurrency: z.number().int(),
    mode: ModeSchema,
    earlyStopBelow: z.number(),
    forecast: OddsSchema.nullable().openapi({ description: 'The odds stated before the start' }),
    costCapUsd: z.number().nullable(),
    priceUsd: z.number(),
    provider: z.string(),
    providerOptions: z.record(z.string(), z.string()),
    currentAttempt: z.number().int(),
    completedImages: z.number().int(),
    finishedAttempts: z.number().int(),
    successRate: z.number().openapi({ description: 'Percent of finished attempts that kept an image, one decimal' }),
    spendUsd: z.number().openapi({ description: 'Every prediction billed, kept or not' }),
    spendSplit: z.object({ keptUsd: z.number(), sparesUsd: z.number(), discardedUsd: z.number() }).openapi({
      description: 'spendUsd by what it bought: kept images, spares not kept, discarded or expired outputs',
    }),
    finishReason: z.string().nullable(),
    isCancelRequested: z.boolean(),
    isIdentityGated: z.boolean(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

export const LedgerSchema = z
  .object({
    predictions: z.number().int(),
    paid: z.number().int(),
    kept: z.number().int(),
    spares: z.number().int(),
    discarded: z.number().int(),
    expired: z.number().int(),
    providerFailures: z.number().int(),
    open: z.number().int(),
    paidWithoutImage: z.array(z.object({ runId: z.string(), ending: z.string() })),
  })
  .openapi('Ledger', { description: 'Every prediction of the job, counted once by how it ended' });

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
    triggerWord: z.string().openapi({ description: 'The token captions start with' }),
    isTriggerWordDefault: z.boolean(),
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
    mode: z
      .enum(['fast', 'thrifty', 'seed'])
      .optional()
      .openapi({ description: 'fast (default), thrifty, or seed: one at a time with max attempts min(2N+3, 25)' }),
    earlyStopBelow: z.number().optional().openapi({ description: 'Stop once P(reach N) falls below this; 0: never' }),
    provider: z.string().max(40).optional(),
    scenario: z.string().max(40).optional(),
    identity: z.enum(['on', 'off']).optional().openapi({
      description: 'Fail outputs that show another face (default: on when the actor has a reference face)',
    }),
    confirmLowOdds: z.boolean().optional().openapi({
      description: 'Start although the odds are below the early-stop threshold before the start (else 422 LOW_ODDS)',
    }),
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
    mode: ModeSchema,
    earlyStopBelow: z.number(),
    odds: OddsSchema,
    observedAttempts: z.number().int().openapi({ description: 'Attempts the success rate was learned from' }),
    retiredPrompts: z.array(z.string()),
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
    lowOddsReason: z.string().nullable().openapi({
      description: 'Why POST /api/jobs refuses this plan unless confirmLowOdds is true; null when it starts',
    }),
  })
  .openapi('GenerationPreview');

export const ActorPatchSchema = z
  .object({
    descriptor: z.string().max(60).optional(),
    name: z.string().max(200).optional(),
    triggerWord: z.string().max(40).optional(),
  })
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

const RepairKindSchema = z.enum(['download', 'upload', 'rewrite_manifest']);

export const AuditSchema = z
  .object({
    actorId: z.string(),
    isHealthy: z.boolean(),
    counts: z.object({
      rows: z.number().int().openapi({ description: 'Images in the database, which is taken as the truth' }),
      manifestEntries: z.number().int().nullable().openapi({ description: 'Null when the manifest cannot be read' }),
      diskFiles: z.number().int(),
      s3Objects: z.number().int().nullable().openapi({ description: 'Null when no S3 mirror is configured' }),
    }),
    findings: z.array(
      z.object({
        kind: z.enum([
          'missing_file',
          'disk_mismatch',
          'missing_object',
          'object_mismatch',
          'orphan_file',
          'orphan_object',
          'missing_manifest_entry',
          'stale_manifest_entry',
          'manifest_outdated',
          'manifest_unreadable',
        ]),
        fileName: z.string().openapi({ description: 'The image file, or the manifest file for manifest findings' }),
        problem: z.string(),
        repair: RepairKindSchema.nullable().openapi({ description: 'What a repair would do about it' }),
        leftBecause: z.string().nullable().openapi({ description: 'Why a repair leaves it, and what to do instead' }),
      }),
    ),
    jobsAtWork: z.number().int().openapi({ description: "The actor's jobs running while the audit looked" }),
    inProgress: z
      .array(z.object({ kind: z.string(), fileName: z.string(), problem: z.string() }))
      .openapi({ description: 'Gaps a running job is about to close: work, not damage, and not in findings' }),
  })
  .openapi('Audit');

export const RepairSchema = z
  .object({
    before: AuditSchema,
    applied: z.array(z.object({ kind: RepairKindSchema, fileName: z.string() })),
    failed: z.array(z.object({ kind: RepairKindSchema, fileName: z.string(), reason: z.string() })),
    after: AuditSchema.openapi({ description: 'A fresh audit after the repair' }),
  })
  .openapi('Repair');

export const HealthSchema = z
  .object({
    ok: z.boolean(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  })
  .openapi('Health');

export const SyncBodySchema = z
  .object({ actorId: z.string().min(1).max(200).optional() })
  .strict()
  .openapi('SyncRequest');

export const SyncSchema = z
  .object({
    uploaded: z.number().int(),
    pending: z.number().int().openapi({ description: 'Images still not in the S3 mirror' }),
    reason: z.string().nullable().openapi({ description: 'Why the last upload failed, when any did' }),
  })
  .openapi('SyncResult');
