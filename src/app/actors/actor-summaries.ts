import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../../domain/actors/actor.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { GenerationJob } from '../../domain/generation/job.js';
import { IMAGE_TYPES, type ImageType } from '../../domain/prompts/image-type.js';

type Deps = Pick<AppDeps, 'actors' | 'images' | 'jobs'>;

export interface ActorSummary {
  readonly actor: Actor;
  readonly imageCount: number;
  readonly countsByType: Readonly<Record<ImageType, number>>;
  readonly lastJob: GenerationJob | undefined;
}

/**
 * Actors with their image counts and newest job: three queries however many actors and images there are, so the
 * actors list stays cheap as sets grow.
 */
export async function summarizeActors(deps: Deps, actors: readonly Actor[], only?: ActorId): Promise<ActorSummary[]> {
  const [counts, latest] = await Promise.all([deps.images.countByType(only), deps.jobs.latestByActor(only)]);
  const lastJobs = new Map(latest.map((job) => [job.actorId, job]));
  return actors.map((actor) => {
    const mine = counts.filter((c) => c.actorId === actor.id);
    const countsByType = Object.fromEntries(
      IMAGE_TYPES.map((type) => [type, mine.find((c) => c.type === type)?.count ?? 0]),
    ) as Record<ImageType, number>;
    return {
      actor,
      imageCount: mine.reduce((sum, c) => sum + c.count, 0),
      countsByType,
      lastJob: lastJobs.get(actor.id),
    };
  });
}
