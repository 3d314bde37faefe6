import type { BlobStore, Clock, ImageProvider, ProviderFactory } from '../app/ports.js';
import type { ReplicateConfig } from '../config/load-config.js';
import { baseImageKey } from '../domain/actors/dataset-layout.js';
import { parseActorId } from '../domain/actors/actor-id.js';
import { invalidInput, TroupeError } from '../domain/errors/troupe-error.js';
import { PROVIDER_NAMES } from '../domain/generation/provider-names.js';
import {
  FRESH_PROVIDER_PSEUDO_COUNT,
  SCENARIO_PSEUDO_COUNT,
  priorEstimate,
  type BetaEstimate,
} from '../domain/policy/beta-estimate.js';
import { ReplicateApi } from '../adapters/provider/replicate/replicate-api.js';
import { ReplicateImageProvider } from '../adapters/provider/replicate/replicate-image-provider.js';
import { TokenBucket } from '../adapters/provider/replicate/token-bucket.js';
import { SimImageProvider } from '../adapters/provider/sim-image-provider.js';
import {
  isSimScenario,
  SIM_OFF_MODEL_SHARE,
  SIM_SCENARIOS,
  type SimScenario,
} from '../adapters/provider/sim-scenarios.js';
import { readFile } from 'node:fs/promises';

export interface ProviderSettings {
  readonly clock: Clock;
  readonly blobs: BlobStore;
  readonly sim: { readonly latencyMs: { readonly min: number; readonly max: number } };
  readonly replicate: ReplicateConfig;
  /** Tests pass a fetch that tracks requests in flight. */
  readonly fetch?: typeof fetch;
}

export { PROVIDER_NAMES } from '../domain/generation/provider-names.js';
const HTTP_TIMEOUT_MS = 60_000;
const MAX_THROTTLED_CREATES = 20;
/** Another person's face for the sim's `drift` scenario (a face-api demo photo, MIT: see assets/demo/README.md). */
const IMPOSTOR_IMAGE = new URL('../../assets/demo/impostor.jpg', import.meta.url);
/** The seed's "typical scenario with good prompts and stable API". */
const TYPICAL_REPLICATE_SUCCESS_RATE = 0.85;
/** flux-kontext-pro usually answers in 5-10 s. */
const TYPICAL_REPLICATE_LATENCY_MS = 8_000;

/**
 * Providers by name. Each job stores its provider name and options and gets the same provider back on resume;
 * one instance per provider and options, so all jobs in the process share one rate limit.
 */
export class ConfiguredProviderFactory implements ProviderFactory {
  private readonly instances = new Map<string, ImageProvider>();

  constructor(private readonly settings: ProviderSettings) {}

  validate(name: string, options: Readonly<Record<string, string>>): void {
    if (name === 'sim') {
      const scenario = options.scenario ?? 'high';
      if (!isSimScenario(scenario))
        throw invalidInput(`Unknown sim scenario "${scenario}": use one of ${Object.keys(SIM_SCENARIOS).join(', ')}.`);
      return;
    }
    if (name === 'replicate') {
      if (options.scenario !== undefined)
        throw invalidInput('A scenario applies to the sim provider only; drop it for replicate.');
      if (this.settings.replicate.token === undefined) {
        throw new TroupeError(
          'INVALID_CONFIG',
          'REPLICATE_API_TOKEN is not set: create a token at https://replicate.com/account/api-tokens and export REPLICATE_API_TOKEN=<token>.',
        );
      }
      return;
    }
    throw invalidInput(`Unknown provider "${name}": use one of ${PROVIDER_NAMES.join(', ')}.`);
  }

  expectedSuccessRate(name: string, options: Readonly<Record<string, string>>): number {
    this.validate(name, options);
    return name === 'sim' ? SIM_SCENARIOS[(options.scenario ?? 'high') as SimScenario] : TYPICAL_REPLICATE_SUCCESS_RATE;
  }

  successPrior(name: string, options: Readonly<Record<string, string>>): BetaEstimate {
    const weight = name === 'sim' ? SCENARIO_PSEUDO_COUNT : FRESH_PROVIDER_PSEUDO_COUNT;
    return priorEstimate(this.expectedSuccessRate(name, options), weight);
  }

  typicalLatencyMs(name: string, options: Readonly<Record<string, string>>): number {
    this.validate(name, options);
    const { min, max } = this.settings.sim.latencyMs;
    return name === 'sim' ? Math.round((min + max) / 2) : TYPICAL_REPLICATE_LATENCY_MS;
  }

  estimateSubject(name: string, options: Readonly<Record<string, string>>): string {
    this.validate(name, options);
    return name === 'sim' ? `sim/${options.scenario ?? 'high'}` : `replicate/${this.settings.replicate.model}`;
  }

  create(name: string, options: Readonly<Record<string, string>>): ImageProvider {
    this.validate(name, options);
    const key = `${name}:${JSON.stringify(options)}`;
    let provider = this.instances.get(key);
    if (!provider) {
      provider = name === 'replicate' ? this.replicate() : this.sim((options.scenario ?? 'high') as SimScenario);
      this.instances.set(key, provider);
    }
    return provider;
  }

  private sim(scenario: SimScenario): ImageProvider {
    return new SimImageProvider({
      // The drift scenario's runs fail like high's; a share of its successes then show someone else.
      successRate: scenario === 'drift' ? SIM_SCENARIOS.high : SIM_SCENARIOS[scenario],
      latencyMs: this.settings.sim.latencyMs,
      clock: this.settings.clock,
      loadBaseImage: async (actorId) => {
        const bytes = await this.settings.blobs.get(baseImageKey(parseActorId(actorId)));
        if (!bytes) throw new TroupeError('STORAGE', `The base image of actor ${actorId} is missing.`);
        return bytes;
      },
      offModelShare: scenario === 'drift' ? SIM_OFF_MODEL_SHARE : 0,
      loadImpostorImage: async () => new Uint8Array(await readFile(IMPOSTOR_IMAGE)),
    });
  }

  private replicate(): ImageProvider {
    const config = this.settings.replicate;
    return new ReplicateImageProvider({
      api: new ReplicateApi({
        baseUrl: config.baseUrl,
        token: config.token ?? '',
        fetch: this.settings.fetch,
        requestTimeoutMs: HTTP_TIMEOUT_MS,
      }),
      clock: this.settings.clock,
      model: config.model,
      bucket: new TokenBucket(this.settings.clock, config.createsPerMinute),
      waitSeconds: config.waitSeconds,
      cancelAfter: config.cancelAfter,
      pollIntervalMs: config.pollIntervalMs,
      maxThrottledCreates: MAX_THROTTLED_CREATES,
      safetyTolerance: config.safetyTolerance,
      promptUpsampling: false,
    });
  }
}
