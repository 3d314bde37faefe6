// The server's actor id rule (src/domain/actors/actor-id.ts), checked in the browser before uploading.
const ACTOR_ID_MAX_LENGTH = 64;
const ACTOR_ID_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
const RULE = `use 1-${ACTOR_ID_MAX_LENGTH} lowercase letters, digits and underscores, starting with a letter or digit (e.g. 0001_european_20_female)`;

/** The problem with `raw` as an actor id, or undefined when it is valid. */
export function actorIdProblem(raw: string): string | undefined {
  if (raw.length === 0) return `Actor id is empty: ${RULE}.`;
  if (raw.length > ACTOR_ID_MAX_LENGTH) return `Actor id is ${raw.length} characters long: ${RULE}.`;
  if (!ACTOR_ID_PATTERN.test(raw)) return `Actor id "${raw}" is invalid: ${RULE}.`;
  return undefined;
}
