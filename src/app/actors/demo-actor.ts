import { parseActorId } from '../../domain/actors/actor-id.js';
import type { Actor } from '../../domain/actors/actor.js';
import type { Troupe } from '../troupe.js';

export const DEMO_ACTOR_ID = parseActorId('0000_demo_character');

/** The demo actor, created from the bundled synthetic portrait the first time it is asked for. */
export async function ensureDemoActor(
  troupe: Troupe,
  baseImagePath: string,
): Promise<{ actor: Actor; isNew: boolean }> {
  const existing = await troupe.deps.actors.get(DEMO_ACTOR_ID);
  if (existing) return { actor: existing, isNew: false };
  const actor = await troupe.addActorFromFile({
    id: DEMO_ACTOR_ID,
    baseImagePath,
    descriptor: 'woman',
    name: 'Demo character',
  });
  return { actor, isNew: true };
}
