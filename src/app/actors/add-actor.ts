import type { AppDeps } from '../app-deps.js';
import type { ManifestWriter } from '../manifest/manifest-writer.js';
import type { Actor } from '../../domain/actors/actor.js';
import { normalizeDescriptor, normalizeName } from './update-actor.js';
import { manifestFileName, manifestPrefix, parseActorId } from '../../domain/actors/actor-id.js';
import { baseImageKey, INCOMING_FOLDER } from '../../domain/actors/dataset-layout.js';
import { TroupeError, invalidInput } from '../../domain/errors/troupe-error.js';
import { rejectionReason } from '../../domain/images/image-acceptance.js';
import { analyzeFaces } from '../identity/analyze-faces.js';
import { takeBaseReference, type IdentitySetup } from '../identity/face-references.js';
import { parseTriggerWord } from '../../domain/captions/trigger-word.js';

export interface AddActorInput {
  readonly id: string;
  readonly baseImage: Uint8Array;
  /** How to name the base image in messages: its path or upload name. */
  readonly baseImageName: string;
  readonly descriptor?: string;
  readonly name?: string;
  /** The token captions start with; default: one made from the id. */
  readonly triggerWord?: string;
}

type Deps = Pick<
  AppDeps,
  'actors' | 'blobs' | 'inspector' | 'clock' | 'faces' | 'faceCache' | 'faceReferences' | 'ids'
>;

/** The new actor, and whether its images can be checked for its face (with what to do when not). */
export type AddedActor = Actor & { readonly identity: IdentitySetup };

export const MAX_BASE_IMAGE_BYTES = 30 * 1024 * 1024;
const BASE_IMAGE_MAX_SIDE_PX = 2048;

/** Registers an actor: validates everything first, then writes the base image, the row and the manifest. */
export async function addActor(deps: Deps, manifests: ManifestWriter, input: AddActorInput): Promise<AddedActor> {
  const id = parseActorId(input.id);
  const descriptor = normalizeDescriptor(input.descriptor ?? 'character');
  const name = normalizeName(input.name ?? id);
  const triggerWord = input.triggerWord === undefined ? undefined : parseTriggerWord(input.triggerWord);
  await assertFree(deps, id);

  if (input.baseImage.byteLength > MAX_BASE_IMAGE_BYTES) {
    throw invalidInput(
      `Base image ${input.baseImageName} is ${input.baseImage.byteLength} bytes; the limit is ${MAX_BASE_IMAGE_BYTES} bytes.`,
    );
  }
  const jpeg = await prepareBaseImage(deps, input.baseImage, input.baseImageName);
  // Before anything is written: the face analysis is the step that can still fail (and it is cached for below).
  await analyzeFaces(deps, jpeg);
  const key = baseImageKey(id);
  const actor: Actor = {
    id,
    name,
    descriptor,
    baseImagePath: key,
    createdAt: new Date(deps.clock.now()).toISOString(),
    ...(triggerWord === undefined ? {} : { triggerWord }),
  };
  // Two adds of one id at once both pass the checks above: the row decides who wins (a unique id), and the loser
  // never touches the base image, which is written under a name of its own first and moved in only by the winner.
  const staged = `${INCOMING_FOLDER}/${deps.ids.next('img')}.base.jpg`;
  await deps.blobs.put(staged, jpeg);
  try {
    await deps.actors.insert(actor);
  } catch (error) {
    await deps.blobs.delete(staged);
    throw error;
  }
  await deps.blobs.move(staged, key);
  const identity = await takeBaseReference(deps, id, jpeg);
  await manifests.sync(id);
  return { ...actor, identity };
}

async function assertFree(deps: Deps, id: ReturnType<typeof parseActorId>): Promise<void> {
  if (await deps.actors.get(id)) {
    throw new TroupeError(
      'ACTOR_EXISTS',
      `Actor ${id} already exists: pick another id, or use it as it is (troupe actors show ${id}).`,
    );
  }
  const prefix = manifestPrefix(id);
  const clash = (await deps.actors.list()).find((other) => manifestPrefix(other.id) === prefix);
  if (clash) {
    throw new TroupeError(
      'MANIFEST_CONFLICT',
      `Actor ${id} would share the manifest ${manifestFileName(id)} with actor ${clash.id}: give it a different leading number.`,
    );
  }
  if (await deps.blobs.exists(`actor_manifests/${manifestFileName(id)}`)) {
    throw new TroupeError(
      'MANIFEST_CONFLICT',
      `A manifest ${manifestFileName(id)} already exists but belongs to no actor Troupe knows: import that data (troupe import) or choose another leading number.`,
    );
  }
}

/** Checks an image the user gives (decodes, big enough, not blank) and re-encodes it as JPEG. */
export async function prepareBaseImage(
  deps: Pick<AppDeps, 'inspector'>,
  bytes: Uint8Array,
  shownPath: string,
  what = 'Base image',
): Promise<Uint8Array> {
  let metrics;
  try {
    metrics = await deps.inspector.inspect(bytes);
  } catch (error) {
    throw new TroupeError(
      'INVALID_IMAGE',
      `${what} ${shownPath} is not a readable image: use a JPEG, PNG or WebP file.`,
      { cause: error },
    );
  }
  const reason = rejectionReason(metrics);
  if (reason) throw new TroupeError('INVALID_IMAGE', `${what} ${shownPath} cannot be used: ${reason}.`);
  return deps.inspector.toJpeg(bytes, BASE_IMAGE_MAX_SIDE_PX);
}
