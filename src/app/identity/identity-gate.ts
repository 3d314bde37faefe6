import type { AppDeps } from '../app-deps.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import { judgeIdentity, type IdentityVerdict } from '../../domain/identity/identity-verdict.js';
import { DEFAULT_IDENTITY_THRESHOLDS } from '../../domain/identity/identity-thresholds.js';
import type { ImageType } from '../../domain/prompts/image-type.js';
import { analyzeFaces } from './analyze-faces.js';

type Deps = Pick<AppDeps, 'faces' | 'faceCache' | 'inspector' | 'faceReferences'>;

/**
 * The generation gate: judges a checked output against the actor's reference faces. Loaded once per job run; the
 * analysis is cached by content, so a resumed attempt judging the same bytes again costs a lookup.
 */
export class IdentityGate {
  private constructor(
    private readonly deps: Deps,
    private readonly references: readonly (readonly number[])[],
  ) {}

  static async load(deps: Deps, actorId: ActorId): Promise<IdentityGate> {
    const references = await deps.faceReferences.listByActor(actorId);
    return new IdentityGate(
      deps,
      references.map((r) => r.descriptor),
    );
  }

  async judge(jpeg: Uint8Array, type: ImageType): Promise<IdentityVerdict> {
    const analysis = await analyzeFaces(this.deps, jpeg);
    return judgeIdentity(analysis, this.references, type, DEFAULT_IDENTITY_THRESHOLDS);
  }

  /** What a refused output's attempt says: the distance against the limit for its type. */
  static refusalMessage(verdict: IdentityVerdict, type: ImageType): string {
    const limit = DEFAULT_IDENTITY_THRESHOLDS.bands[type].differentPerson;
    return `Different person: face distance ${verdict.distance?.toFixed(2) ?? '?'}, over this actor's limit of ${limit.toFixed(2)} for ${type}. Paid for, not kept: set aside for review (keep it anyway from the review list).`;
  }
}
