import type { AppDeps } from '../app-deps.js';
import { ProviderCallError } from '../ports.js';
import { classifyFailure } from '../../domain/generation/failure-class.js';
import { parseActorId } from '../../domain/actors/actor-id.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import type { GeneratedBy, GenerationJob } from '../../domain/generation/job.js';
import { defaultMaxAttempts } from '../../domain/generation/max-attempts.js';
import { keptImagesRange, type KeptImagesRange } from '../../domain/generation/kept-images-range.js';
import { resolveTypeTargets, sumTargets, MAX_IMAGES_PER_JOB } from '../../domain/generation/type-targets.js';
import { requireUsd, requireWholeNumber } from '../../domain/input/whole-number.js';
import { formatUsd, usdToMicro } from '../../domain/money/micro-usd.js';
import { countPromptsByType } from '../../domain/prompts/prompt-library.js';

export interface GenerationRequest {
  readonly actorId: string;
  readonly count?: number | string;
  /** `photorealistic=5,bw_stylized=3` or `photorealistic,bw_stylized`. */
  readonly types?: string;
  readonly maxAttempts?: number | string;
  readonly costCapUsd?: number | string;
  readonly concurrency?: number | string;
  readonly provider: string;
  readonly providerOptions: Readonly<Record<string, string>>;
  readonly promptsPath?: string | null;
  readonly priceUsd: number;
  readonly generatedBy?: GeneratedBy;
}

export const MAX_CONCURRENCY = 32;
export const MAX_ATTEMPTS_LIMIT = 10_000;
export const MAX_COST_CAP_USD = 1000;
export const DEFAULT_CONCURRENCY = 4;

type Deps = Pick<AppDeps, 'actors' | 'jobs' | 'prompts' | 'providers' | 'ids' | 'clock'>;

/** Validates a request in full, checks the provider can be used, and records the job as queued. */
export async function createGenerationJob(deps: Deps, request: GenerationRequest): Promise<GenerationJob> {
  const job = await planGenerationJob(deps, request);
  await preflight(deps, request);
  await deps.jobs.insert(job);
  return job;
}

export interface GenerationPreview {
  readonly job: GenerationJob;
  readonly defaultMaxAttempts: number;
  readonly expectedSuccessRate: number;
  /** Images the job keeps in 8 of 10 runs (10th to 90th percentile), and what they cost. */
  readonly keptImages: KeptImagesRange;
  readonly estimatedCostMicroUsd: { readonly min: number; readonly max: number };
}

/** What a request would do, without recording anything or calling the provider: the retry configuration preview. */
export async function previewGenerationJob(deps: Deps, request: GenerationRequest): Promise<GenerationPreview> {
  const job = await planGenerationJob(deps, request);
  const expectedSuccessRate = deps.providers.expectedSuccessRate(job.provider, job.providerOptions);
  const keptImages = keptImagesRange(job.requestedImages, job.maxAttempts, expectedSuccessRate);
  return {
    job,
    defaultMaxAttempts: defaultMaxAttempts(job.requestedImages),
    expectedSuccessRate,
    keptImages,
    estimatedCostMicroUsd: { min: keptImages.low * job.priceMicroUsd, max: keptImages.high * job.priceMicroUsd },
  };
}

/** Validates a request in full and builds the job it describes; writes nothing. */
export async function planGenerationJob(deps: Deps, request: GenerationRequest): Promise<GenerationJob> {
  const actorId = parseActorId(request.actorId);
  const actor = await deps.actors.get(actorId);
  if (!actor) {
    throw new TroupeError(
      'NOT_FOUND',
      `Actor ${actorId} not found: add it first (troupe actors add ${actorId} --base-image <file>).`,
    );
  }
  const library = await deps.prompts.load(request.promptsPath ?? null);
  const count =
    request.count === undefined ? undefined : requireWholeNumber(request.count, 'Count', 1, MAX_IMAGES_PER_JOB);
  const typeTargets = resolveTypeTargets({ count, spec: request.types, weights: countPromptsByType(library) });
  const requestedImages = sumTargets(typeTargets);
  const maxAttempts = resolveMaxAttempts(request.maxAttempts, requestedImages);
  const concurrency = requireWholeNumber(request.concurrency ?? DEFAULT_CONCURRENCY, 'Concurrency', 1, MAX_CONCURRENCY);
  const costCap =
    request.costCapUsd === undefined ? null : usdToMicro(requireUsd(request.costCapUsd, 'Cost cap', MAX_COST_CAP_USD));
  const priceMicroUsd = usdToMicro(request.priceUsd);
  if (costCap !== null && costCap < priceMicroUsd) {
    throw invalidInput(
      `Cost cap ${formatUsd(costCap)} is below the price of one image (${formatUsd(priceMicroUsd)}): raise it or drop --cost-cap.`,
    );
  }
  deps.providers.validate(request.provider, request.providerOptions);

  return {
    id: deps.ids.next('job'),
    actorId,
    status: 'queued',
    requestedImages,
    typeTargets,
    maxAttempts,
    concurrency,
    costCapMicroUsd: costCap,
    priceMicroUsd,
    provider: request.provider,
    providerOptions: { ...request.providerOptions },
    generatedBy: request.generatedBy ?? 'troupe',
    promptsPath: request.promptsPath ?? null,
    currentAttempt: 0,
    completedImages: 0,
    finishedAttempts: 0,
    successRatePermille: 0,
    spendMicroUsd: 0,
    finishReason: null,
    isCancelRequested: false,
    createdAt: new Date(deps.clock.now()).toISOString(),
    startedAt: null,
    finishedAt: null,
    leaseOwner: null,
    leaseUntil: null,
  };
}

function resolveMaxAttempts(raw: number | string | undefined, requestedImages: number): number {
  if (raw === undefined) return defaultMaxAttempts(requestedImages);
  const value = requireWholeNumber(raw, 'Max attempts', 1, MAX_ATTEMPTS_LIMIT);
  if (value < requestedImages) {
    throw invalidInput(
      `Max attempts ${value} is below the ${requestedImages} images asked for: each image needs at least one attempt.`,
    );
  }
  return value;
}

/** A bad token or unknown model fails the request now, in one line, instead of failing a recorded job later. */
async function preflight(deps: Deps, request: GenerationRequest): Promise<void> {
  try {
    await deps.providers.create(request.provider, request.providerOptions).preflight();
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    const classified = classifyFailure(error.failure);
    const fix = classified.fix ?? 'check your network and the provider settings, then try again';
    throw new TroupeError('PROVIDER', `${error.message}: ${fix}.`, {
      isRetryable: classified.failureClass !== 'fatal',
      cause: error,
    });
  }
}
