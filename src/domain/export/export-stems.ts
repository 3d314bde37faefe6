/**
 * File stems for an export, one per source file name, in order: unique (ignoring case, as macOS and Windows do),
 * safe in any trainer's path handling, and never ending in four `_`-separated integers, which sd-scripts reads as a
 * face box (`name_x_y_w_h`).
 */
export function exportStems(fileNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return fileNames.map((fileName) => {
    let stem = baseStem(fileName);
    if (endsInFourIntegers(stem)) stem = `${stem}_img`;
    let candidate = stem;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem}_v${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

export function endsInFourIntegers(stem: string): boolean {
  const parts = stem.split('_');
  return parts.length >= 4 && parts.slice(-4).every((part) => /^\d+$/.test(part));
}

function baseStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const stem = (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[-_]+/, '');
  return stem.length > 0 ? stem.slice(0, 120) : 'image';
}
