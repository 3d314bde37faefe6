import { NO_SPEND } from '../../domain/generation/paid-ledger.js';
import type { AppDeps } from '../app-deps.js';
import { ProviderCallError } from '../ports.js';
import { classifyFailure } from '../../domain/generation/failure-class.js';
import { parseActorId, type ActorId } from '../../domain/actors/actor-id.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { launchModeOf, type GeneratedBy, type GenerationJob } from '../../domain/generation/job.js';
import { defaultMaxAttempts } from '../../domain/generation/max-attempts.js';
import { keptImagesRange, type KeptImagesRange } from '../../domain/generation/kept-images-range.js';
import { resolveTypeTargets, sumTargets, MAX_IMAGES_PER_JOB } from '../../domain/generation/type-targets.js';
import { requireProbability, requireUsd, requireWholeNumber } from '../../domain/input/whole-number.js';
import { formatUsd, usdToMicro } from '../../domain/money/micro-usd.js';
import { countPromptsByType } from '../../domain/prompts/prompt-library.js';
import { mean } from '../../domain/policy/beta-estimate.js';
import { derivedAttemptBudget } from '../../domain/policy/attempt-budget.js';
import { DEFAULT_EARLY_STOP_THRESHOLD } from '../../domain/policy/early-stop.js';
import { forecast } from '../../domain/policy/job-odds.js';
import { LAUNCH_MODES, type LaunchMode } from '../../domain/policy/launch-modes.js';
import { lowOddsReason as lowOddsReasonOf } from '../../domain/policy/start-check.js';
import { stateOdds, type StatedOdds } from '../../domain/policy/stated-odds.js';
import { loadProviderEstimate } from './success-estimates.js';
import { countOf } from '../../domain/text/count-noun.js';
import { loadRetiredPrompts } from './retired-prompts.js';

export interface GenerationRequest {
  readonly actorId: string;
  readonly count?: number | string;
  /** `photorealistic=5,bw_stylized=3` or `photorealistic,bw_stylized`. */
  readonly types?: string;
  readonly maxAttempts?: number | string;
  readonly costCapUsd?: number | string;
  readonly concurrency?: number | string;
  /** `fast` (default), `thrifty`, or `seed` (the seed's behaviour: one at a time, max attempts min(2N+3, 25)). */
  readonly mode?: string;
  /** Stop early once P(reach N) falls below this probability (0 to 1); 0 never stops early. */
  readonly earlyStopBelow?: number | string;
  readonly provider: string;
  readonly providerOptions: Readonly<Record<string, string>>;
  readonly promptsPath?: string | null;
  readonly priceUsd: number;
  readonly generatedBy?: GeneratedBy;
  /** `on` (the default when the actor has a reference face) or `off`: whether off-model outputs fail the attempt. */
  readonly identity?: string;
  /** Starts the job although its odds are below the early-stop threshold before it begins (the CLI's --yes). */
  readonly confirmLowOdds?: boolean;
}

export const MAX_CONCURRENCY = 32;
export const MAX_ATTEMPTS_LIMIT = 10_000;
export const MAX_COST_CAP_USD = 1000;
export const DEFAULT_CONCURRENCY = 4;

type Deps = Pick<
  AppDeps,
  | 'actors'
  | 'jobs'
  | 'attempts'
  | 'prompts'
  | 'providers'
  | 'outcomeCounts'
  | 'ids'
  | 'clock'
  | 'faceReferences'
  | 'promptResets'
>;

/** Validates a request in full, checks the provider can be used, and records the job as queued. */
export async function createGenerationJob(deps: Deps, request: GenerationRequest): Promise<GenerationJob> {
  const { job, lowOddsReason } = await planWithEstimate(deps, request);
  await preflight(deps, request);
  if (lowOddsReason !== null && request.confirmLowOdds !== true) {
    throw new TroupeError(
      'LOW_ODDS',
      `${lowOddsReason} Nothing was started. To start it anyway, pass --yes (HTTP API: "confirmLowOdds": true).`,
    );
  }
  await deps.jobs.insert(job);
  return job;
}

export interface GenerationPreview {
  readonly job: GenerationJob & { readonly forecast: StatedOdds };
  /** The seed's cap for this many images, min(2N+3, 25), for comparison. */
  readonly defaultMaxAttempts: number;
  /** The success rate the plan assumes: what earlier jobs on this provider/model taught, else a typical rate. */
  readonly expectedSuccessRate: number;
  /** Attempts with that rate recorded so far (0: the rate is a prior guess). */
  readonly observedAttempts: number;
  /** Images the job keeps in 8 of 10 runs (10th to 90th percentile), and what they cost. */
  readonly keptImages: KeptImagesRange;
  readonly estimatedCostMicroUsd: { readonly min: number; readonly max: number };
  /** Prompt ids the filter refused again and again for this actor: skipped while others remain. */
  readonly retiredPrompts: readonly string[];
  /** Why the job will not start unless confirmed: its odds are below the early-stop threshold already; else null. */
  readonly lowOddsReason: string | null;
}

/** What a request would do, without recording anything or calling the provider: the retry configuration preview. */
export async function previewGenerationJob(deps: Deps, request: GenerationRequest): Promise<GenerationPreview> {
  const { job, estimate, observedAttempts, lowOddsReason } = await planWithEstimate(deps, request);
  const expectedSuccessRate = mean(estimate);
  const keptImages = keptImagesRange(job.requestedImages, job.maxAttempts, expectedSuccessRate);
  const subject = deps.providers.estimateSubject(job.provider, job.providerOptions);
  const retired = await loadRetiredPrompts(deps, job.actorId, subject);
  return {
    job,
    defaultMaxAttempts: defaultMaxAttempts(job.requestedImages),
    expectedSuccessRate,
    observedAttempts,
    keptImages,
    estimatedCostMicroUsd: { min: keptImages.low * job.priceMicroUsd, max: keptImages.high * job.priceMicroUsd },
    retiredPrompts: [...retired].sort(),
    lowOddsReason,
  };
}

async function planWithEstimate(deps: Deps, request: GenerationRequest) {
  const draft = await draftJob(deps, request);
  const { estimate, observedAttempts } = await loadProviderEstimate(
    deps.outcomeCounts,
    deps.providers.estimateSubject(draft.provider, draft.providerOptions),
    deps.providers.successPrior(draft.provider, draft.providerOptions),
  );
  const p = mean(estimate);
  // Budget and odds over the estimate's whole uncertainty: on a fresh install it is a weak prior, and planning at its
  // mean would cap a first job for a rate nobody has measured.
  const maxAttempts = draft.maxAttempts ?? derivedAttemptBudget(draft.requestedImages, estimate);
  const odds = stateOdds(
    forecast({
      n: draft.requestedImages,
      estimate,
      concurrency: draft.concurrency,
      maxAttempts,
      costCapAttempts:
        draft.costCapMicroUsd === null ? undefined : Math.floor(draft.costCapMicroUsd / draft.priceMicroUsd),
      mode: launchModeOf(draft.mode),
    }),
    p,
    draft.priceMicroUsd,
    deps.providers.typicalLatencyMs(draft.provider, draft.providerOptions),
  );
  // A job the user starts against odds already below the threshold was warned before it began; stopping it at
  // once would only refuse what they chose.
  const earlyStopBelow = odds.pReachN < draft.earlyStopBelow ? 0 : draft.earlyStopBelow;
  const job = { ...draft, maxAttempts, earlyStopBelow, forecast: odds };
  const lowOddsReason =
    lowOddsReasonOf({
      pReachN: odds.pReachN,
      threshold: draft.earlyStopBelow,
      requestedImages: draft.requestedImages,
      estimate,
      maxAttempts,
      costCapMicroUsd: draft.costCapMicroUsd,
      priceMicroUsd: draft.priceMicroUsd,
    }) ?? null;
  return { job, estimate, observedAttempts, lowOddsReason };
}

type DraftJob = Omit<GenerationJob, 'maxAttempts' | 'forecast'> & { readonly maxAttempts: number | undefined };

/** Validates a request in full and builds the job it describes, but for the odds and the budget they imply. */
async function draftJob(deps: Deps, request: GenerationRequest): Promise<DraftJob> {
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
  const policy = parsePolicy(request.mode);
  const isSeed = policy === 'seed';
  const maxAttempts = resolveMaxAttempts(request.maxAttempts, requestedImages, isSeed);
  const concurrency = requireWholeNumber(
    request.concurrency ?? (isSeed ? 1 : DEFAULT_CONCURRENCY),
    'Concurrency',
    1,
    MAX_CONCURRENCY,
  );
  const earlyStopBelow =
    request.earlyStopBelow === undefined
      ? DEFAULT_EARLY_STOP_THRESHOLD
      : requireProbability(request.earlyStopBelow, 'Early stop');
  const costCap =
    request.costCapUsd === undefined ? null : usdToMicro(requireUsd(request.costCapUsd, 'Cost cap', MAX_COST_CAP_USD));
  const priceMicroUsd = usdToMicro(request.priceUsd);
  if (costCap !== null && costCap < priceMicroUsd) {
    throw invalidInput(
      `Cost cap ${formatUsd(costCap)} is below the price of one image (${formatUsd(priceMicroUsd)}): raise it or drop --cost-cap.`,
    );
  }
  deps.providers.validate(request.provider, request.providerOptions);
  const isIdentityGated = await resolveIdentityGate(deps, actorId, request.identity);

  return {
    id: deps.ids.next('job'),
    actorId,
    status: 'queued',
    requestedImages,
    typeTargets,
    maxAttempts,
    concurrency,
    mode: policy,
    earlyStopBelow,
    costCapMicroUsd: costCap,
    priceMicroUsd,
    provider: request.provider,
    providerOptions: { ...request.providerOptions },
    generatedBy: request.generatedBy ?? 'troupe',
    isIdentityGated,
    promptsPath: request.promptsPath ?? null,
    currentAttempt: 0,
    completedImages: 0,
    finishedAttempts: 0,
    successRatePermille: 0,
    spendMicroUsd: 0,
    spendSplit: NO_SPEND,
    finishReason: null,
    isCancelRequested: false,
    createdAt: new Date(deps.clock.now()).toISOString(),
    startedAt: null,
    finishedAt: null,
    leaseOwner: null,
    leaseUntil: null,
  };
}

/** On by default once the actor has a reference face; asked for explicitly without one, it says how to get one. */
async function resolveIdentityGate(deps: Deps, actorId: ActorId, raw: string | undefined): Promise<boolean> {
  if (raw !== undefined && raw !== 'on' && raw !== 'off')
    throw invalidInput(`Unknown identity setting "${raw}": use on or off.`);
  if (raw === 'off') return false;
  const hasReference = (await deps.faceReferences.listByActor(actorId)).length > 0;
  if (raw === 'on' && !hasReference)
    throw invalidInput(
      `Actor ${actorId} has no reference face, so outputs cannot be checked: add one with troupe actors add-reference ${actorId} --image <file>, or use --identity off.`,
    );
  return hasReference;
}

/** `seed` is not a launch mode of its own: the seed's behaviour is thrifty, one at a time, with the seed's cap. */
const POLICIES = [...LAUNCH_MODES, 'seed'] as const;

function parsePolicy(raw: string | undefined): LaunchMode | 'seed' {
  if (raw === undefined) return 'fast';
  const policy = POLICIES.find((p) => p === raw);
  if (policy === undefined) throw invalidInput(`Unknown mode "${raw}": use one of ${POLICIES.join(', ')}.`);
  return policy;
}

/** The user's cap, or the seed's when asked for seed behaviour; undefined lets the odds set the budget. */
function resolveMaxAttempts(
  raw: number | string | undefined,
  requestedImages: number,
  isSeed: boolean,
): number | undefined {
  if (raw === undefined) return isSeed ? defaultMaxAttempts(requestedImages) : undefined;
  const value = requireWholeNumber(raw, 'Max attempts', 1, MAX_ATTEMPTS_LIMIT);
  if (value < requestedImages) {
    throw invalidInput(
      `Max attempts ${value} is below the ${countOf(requestedImages, 'image')} asked for: each image needs at least one attempt.`,
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
