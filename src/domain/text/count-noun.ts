/** "1 image", "2 images", "0 images": a count with its noun in the right number, for every user-facing text. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
