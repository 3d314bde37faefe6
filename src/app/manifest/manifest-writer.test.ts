import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors/actor.js';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { Manifest } from '../../domain/manifest/manifest.js';
import { ManifestWriter } from './manifest-writer.js';

const ACTOR = { id: '0001_a', name: 'A', descriptor: 'woman', createdAt: '2026-01-01T00:00:00Z' } as Actor;

/** Counts how often the set is read and the file written; a write is held open until released. */
function counting() {
  let reads = 0;
  const written: Manifest[] = [];
  let release: () => void = () => undefined;
  let held = new Promise<void>((resolve) => (release = resolve));
  const deps = {
    actors: { get: async () => ACTOR },
    images: {
      listByActor: async () => {
        reads += 1;
        return [];
      },
    },
    jobs: { list: async () => [] },
    captions: { listByActor: async () => new Map() },
    manifests: {
      writeLatest: async (_name: string, project: () => Promise<Manifest | undefined>) => {
        const manifest = await project();
        await held;
        if (manifest) written.push(manifest);
      },
      read: async () => undefined,
    },
  };
  return {
    writer: new ManifestWriter(deps as never, 'data'),
    reads: () => reads,
    written,
    release: () => {
      release();
      held = Promise.resolve();
    },
  };
}

describe('ManifestWriter', () => {
  it('joins calls made while a rewrite waits its turn: ten successes during one write rebuild the manifest twice', async () => {
    const c = counting();
    const id = ACTOR.id as ActorId;
    const first = c.writer.sync(id);
    await new Promise((resolve) => setImmediate(resolve));
    const burst = Array.from({ length: 10 }, () => c.writer.sync(id));
    c.release();
    await Promise.all([first, ...burst]);
    expect(c.reads()).toBe(2);
    expect(c.written).toHaveLength(2);
  });
});
