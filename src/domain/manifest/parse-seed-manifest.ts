import { IMAGE_TYPES, isImageType, type ImageType } from '../prompts/image-type.js';

/** What a seed manifest says about one training file; null where it says nothing usable. */
export interface SeedManifestEntry {
  readonly prompt: string | null;
  readonly type: ImageType | null;
  readonly generatedAt: string | null;
  readonly generatedBy: string | null;
  readonly index: number | null;
  readonly s3Url: string | null;
}

/** A seed-format manifest (`actor_manifests/{prefix}_manifest.json`) as far as it could be read. */
export interface SeedManifest {
  readonly actorId?: string;
  readonly descriptor?: string;
  readonly name?: string;
  readonly baseImages: readonly string[];
  /** Keyed by file name (the last segment of the manifest's key). */
  readonly entries: ReadonlyMap<string, SeedManifestEntry>;
  /** One line per thing that was wrong and ignored, e.g. `images["a_1.jpg"].index: expected a whole number, got "x"`. */
  readonly problems: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * Reads an untrusted manifest without ever throwing: a field of the wrong type is ignored and named in `problems`,
 * an unknown image type becomes null, a missing field stays null (the importer applies defaults).
 */
export function parseSeedManifest(raw: unknown): SeedManifest {
  const problems: string[] = [];
  if (!isObject(raw)) {
    return { baseImages: [], entries: new Map(), problems: [`expected a JSON object, got ${describe(raw)}`] };
  }
  const text = (field: string) => optionalString(raw, field, field, problems) ?? undefined;
  return {
    ...defined('actorId', text('actor_id')),
    ...defined('descriptor', text('descriptor')),
    ...defined('name', text('name')),
    baseImages: parseBaseImages(raw.base_images, problems),
    entries: parseEntries(raw.images, problems),
    problems,
  };
}

function parseBaseImages(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) {
    problems.push(`base_images: expected a list of paths, got ${describe(value)}`);
    return [];
  }
  return value.filter((item, i) => {
    if (typeof item === 'string' && item !== '') return true;
    problems.push(`base_images[${i}]: expected a path, got ${describe(item)}`);
    return false;
  }) as string[];
}

function parseEntries(value: unknown, problems: string[]): Map<string, SeedManifestEntry> {
  const entries = new Map<string, SeedManifestEntry>();
  if (value === undefined || value === null) return entries;
  if (!isObject(value)) {
    problems.push(`images: expected an object keyed by file name, got ${describe(value)}`);
    return entries;
  }
  for (const [key, entry] of Object.entries(value)) {
    const fileName = key.split(/[\\/]/).at(-1) ?? '';
    const where = `images[${JSON.stringify(key)}]`;
    if (fileName === '') problems.push(`${where}: the key is not a file name`);
    else if (!isObject(entry)) problems.push(`${where}: expected an object, got ${describe(entry)}`);
    else entries.set(fileName, parseEntry(entry, where, problems));
  }
  return entries;
}

function parseEntry(entry: Json, where: string, problems: string[]): SeedManifestEntry {
  return {
    prompt: optionalString(entry, 'prompt', `${where}.prompt`, problems),
    type: parseType(entry.type, `${where}.type`, problems),
    generatedAt: optionalString(entry, 'generated_at', `${where}.generated_at`, problems),
    generatedBy: optionalString(entry, 'generated_by', `${where}.generated_by`, problems),
    index: parseIndex(entry.index, `${where}.index`, problems),
    s3Url: optionalString(entry, 's3_url', `${where}.s3_url`, problems),
  };
}

function parseType(value: unknown, where: string, problems: string[]): ImageType | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && isImageType(value)) return value;
  const expected = IMAGE_TYPES.join(', ');
  problems.push(`${where}: ${describe(value)} is not one of ${expected}; stored as unknown`);
  return null;
}

function parseIndex(value: unknown, where: string, problems: string[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
  problems.push(`${where}: expected a whole number, got ${describe(value)}`);
  return null;
}

function optionalString(object: Json, field: string, where: string, problems: string[]): string | null {
  const value = object[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  problems.push(`${where}: expected a string, got ${describe(value)}`);
  return null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** A short, safe rendering of a JSON value for a message: `number 5`, `"sketch"`, `a list`. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
