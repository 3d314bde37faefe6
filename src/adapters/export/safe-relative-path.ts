import path from 'node:path';

/** A `/`-separated path inside an export, refused when it would climb out of it. */
export function safeRelativePath(relativePath: string): string {
  const normal = path.posix.normalize(relativePath);
  if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) {
    throw new Error(`Export path ${relativePath} leaves the export folder.`);
  }
  return normal;
}
