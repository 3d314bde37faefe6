import type { AppDeps } from '../app-deps.js';
import { manifestFileName, type ActorId } from '../../domain/actors/actor-id.js';
import { buildManifest, type Manifest } from '../../domain/manifest/manifest.js';
import { triggerWordOf } from '../../domain/captions/trigger-word.js';

type Deps = Pick<AppDeps, 'actors' | 'images' | 'jobs' | 'manifests' | 'captions'>;

/**
 * Rewrites an actor's manifest from the database. Writes for one actor are queued in this process (calls while one
 * is queued share it) and take the manifest's lock across processes, so a slow rewrite of an older snapshot can
 * never land after a newer one.
 */
export class ManifestWriter {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly pathRoot: string,
  ) {}

  sync(actorId: ActorId): Promise<void> {
    // A rewrite that has not started yet reads the database after this change too: join it instead of adding one,
    // so a burst of successes rebuilds the manifest once per write, not once per success.
    const waiting = this.waiting.get(actorId);
    if (waiting) return waiting;
    const previous = this.queues.get(actorId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        this.waiting.delete(actorId);
        return this.write(actorId);
      });
    this.waiting.set(actorId, next);
    this.queues.set(actorId, next);
    void next
      .finally(() => {
        if (this.queues.get(actorId) === next) this.queues.delete(actorId);
      })
      .catch(() => undefined);
    return next;
  }

  /** The manifest the database projects for the actor now; undefined when there is no such actor. */
  async project(actorId: ActorId): Promise<Manifest | undefined> {
    const actor = await this.deps.actors.get(actorId);
    if (!actor) return undefined;
    const [images, jobs, byImageId] = await Promise.all([
      this.deps.images.listByActor(actorId),
      this.deps.jobs.list({ actorId }),
      this.deps.captions.listByActor(actorId),
    ]);
    const captions = { trigger: triggerWordOf(actor), captionClass: actor.descriptor, byImageId };
    return buildManifest({ actor, images, jobs, pathRoot: this.pathRoot, captions });
  }

  private async write(actorId: ActorId): Promise<void> {
    // The projection is taken under the lock, so of two processes the later writer also read the database later.
    await this.deps.manifests.writeLatest(manifestFileName(actorId), () => this.project(actorId));
  }
}
