import { invalidInput } from '../errors/troupe-error.js';
import { IMAGE_TYPES, isImageType, type ImageType } from '../prompts/image-type.js';

/** How many images of each type a job must deliver. */
export type TypeTargets = Readonly<Record<ImageType, number>>;

export function sumTargets(targets: TypeTargets): number {
  return IMAGE_TYPES.reduce((sum, type) => sum + targets[type], 0);
}

/**
 * Parses `--types`: either counts (`photorealistic=5,bw_stylized=3`) or names (`photorealistic,bw_stylized`, the
 * count is split among them). Returns per-type counts, or `null` for types named without one.
 */
export function parseTypeSpec(spec: string): Map<ImageType, number | null> {
  const parsed = new Map<ImageType, number | null>();
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0)
    throw invalidInput(`--types "${spec}" names no type: use e.g. photorealistic=5,bw_stylized=3.`);
  for (const part of parts) {
    const [name = '', count, ...rest] = part.split('=').map((s) => s.trim());
    if (!isImageType(name) || rest.length > 0) {
      throw invalidInput(
        `--types "${spec}": "${part}" is not a type; use ${IMAGE_TYPES.join(', ')}, optionally with =count.`,
      );
    }
    if (parsed.has(name)) throw invalidInput(`--types "${spec}" names ${name} twice.`);
    parsed.set(name, count === undefined ? null : parseCountValue(count, `--types ${name}`, { allowZero: true }));
  }
  const withCounts = [...parsed.values()].filter((v) => v !== null).length;
  if (withCounts !== 0 && withCounts !== parsed.size) {
    throw invalidInput(`--types "${spec}" mixes types with and without counts: give every type a count, or none.`);
  }
  return parsed;
}

export const MAX_IMAGES_PER_JOB = 1000;

/** A whole number in [1, MAX_IMAGES_PER_JOB] (or 0 when allowed), from user text. */
export function parseCountValue(raw: string, what: string, options: { allowZero?: boolean } = {}): number {
  const min = options.allowZero ? 0 : 1;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > MAX_IMAGES_PER_JOB) {
    throw invalidInput(`${what} must be a whole number from ${min} to ${MAX_IMAGES_PER_JOB}, got "${raw}".`);
  }
  return value;
}

/**
 * Resolves the count and `--types` into per-type targets. Without counts, the total is split in proportion to
 * `weights` (the prompt library's 15/11/9) by largest remainder, so the split is stable and sums exactly.
 */
export function resolveTypeTargets(input: {
  count: number | undefined;
  spec: string | undefined;
  weights: Readonly<Record<ImageType, number>>;
}): TypeTargets {
  const parsed = input.spec === undefined ? undefined : parseTypeSpec(input.spec);
  const explicit = parsed && [...parsed.values()].every((v) => v !== null);
  if (parsed && explicit) {
    const targets = fromEntries((type) => parsed.get(type) ?? 0);
    const total = sumTargets(targets);
    if (total === 0) throw invalidInput(`--types "${input.spec}" asks for 0 images: ask for at least 1.`);
    if (total > MAX_IMAGES_PER_JOB)
      throw invalidInput(`--types asks for ${total} images; at most ${MAX_IMAGES_PER_JOB} per job.`);
    if (input.count !== undefined && input.count !== total) {
      throw invalidInput(
        `--count ${input.count} does not match --types, which adds up to ${total}: drop --count or make them agree.`,
      );
    }
    return targets;
  }
  if (input.count === undefined) throw invalidInput('Say how many images to make: --count N (or --types with counts).');
  const chosen = parsed ? [...parsed.keys()] : [...IMAGE_TYPES];
  return splitByWeight(input.count, chosen, input.weights);
}

function splitByWeight(total: number, types: ImageType[], weights: Readonly<Record<ImageType, number>>): TypeTargets {
  const weightSum = types.reduce((sum, type) => sum + Math.max(weights[type], 0), 0);
  const shares = types.map((type) => ({
    type,
    exact: weightSum === 0 ? total / types.length : (total * weights[type]) / weightSum,
  }));
  const counts = new Map(shares.map((s) => [s.type, Math.floor(s.exact)]));
  let left = total - [...counts.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)));
  for (const share of byRemainder) {
    if (left === 0) break;
    counts.set(share.type, (counts.get(share.type) ?? 0) + 1);
    left -= 1;
  }
  return fromEntries((type) => counts.get(type) ?? 0);
}

function fromEntries(count: (type: ImageType) => number): TypeTargets {
  return {
    photorealistic: count('photorealistic'),
    bw_stylized: count('bw_stylized'),
    color_stylized: count('color_stylized'),
  };
}

export function formatTargets(targets: TypeTargets): string {
  return IMAGE_TYPES.filter((type) => targets[type] > 0)
    .map((type) => `${type}=${targets[type]}`)
    .join(',');
}
