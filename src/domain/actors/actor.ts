import type { ActorId } from './actor-id.js';

/** A character whose training set Troupe makes and keeps. */
export interface Actor {
  readonly id: ActorId;
  readonly name: string;
  /** The word prompts use for the actor: "woman", "man", "character". */
  readonly descriptor: string;
  /** The token captions start with; absent: the default made from the id (see defaultTriggerWord). */
  readonly triggerWord?: string;
  /** Path of the base image, relative to the data directory. */
  readonly baseImagePath: string;
  readonly createdAt: string;
}

export const DESCRIPTOR_PATTERN = /^[a-z][a-z -]{0,39}$/;
