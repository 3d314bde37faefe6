import type { ActorId } from '../actors/actor-id.js';

const IMAGE_EXTENSION = /\.(jpe?g|png|webp)$/i;
/** Copy suffixes file managers add: `x_12 (1).jpg`, `x_12(2).jpg`, `x_12 copy.jpg`, `x_12 - Copy.jpg`, `x_12 copy (1).jpg`. */
const COPY_SUFFIX = /(?:\s+(?:-\s+)?copy(?:\s+\d+)?)?(?:\s*\(\d+\))?$/i;
const TRAILING_NUMBER = /(?:^|[_-])(\d{1,9})$/;

/**
 * The image number in a training-data file name, in every pattern the seed documents
 * (`0001_european_20_female_12.png` -> 12, `actor_0001_td_05.jpg` -> 5, `0001_15.jpg` -> 15) and the variants real
 * folders hold (uppercase extensions, copy suffixes). Undefined when the name carries no number or is not an image.
 */
export function parseImageNumber(fileName: string): number | undefined {
  if (!IMAGE_EXTENSION.test(fileName)) return undefined;
  const stem = fileName.replace(IMAGE_EXTENSION, '').replace(COPY_SUFFIX, '');
  const match = TRAILING_NUMBER.exec(stem);
  return match ? Number(match[1]) : undefined;
}

/** The largest number among the names, or 0 when none carries one. */
export function maxImageNumber(fileNames: Iterable<string>): number {
  let max = 0;
  for (const name of fileNames) {
    const number = parseImageNumber(name);
    if (number !== undefined && number > max) max = number;
  }
  return max;
}

/** New files are `{actor_id}_{n}.jpg`. */
export function imageFileName(actorId: ActorId, number: number): string {
  return `${actorId}_${number}.jpg`;
}
