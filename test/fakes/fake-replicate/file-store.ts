/** Files uploaded through `POST /v1/files`, and their JSON shape. */
import { createHash } from 'node:crypto';
import { replicateLikeId } from './prediction-store.js';

/** Assumed: Replicate documents that files expire but the fake could not confirm after how long. */
const FILE_LIFETIME_MS = 24 * 60 * 60 * 1_000;

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly metadata: unknown;
  readonly createdAtMs: number;
}

export interface NewFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly metadata: unknown;
  readonly createdAtMs: number;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  create(fields: NewFile): StoredFile {
    const file: StoredFile = { id: replicateLikeId(`file:${this.files.size + 1}`), ...fields };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }
}

/** The file object: `{id, name, content_type, size, etag, checksums, metadata, created_at, expires_at, urls}`. */
export function toFileJson(file: StoredFile, baseUrl: string): Record<string, unknown> {
  const md5 = createHash('md5').update(file.bytes).digest('hex');
  return {
    id: file.id,
    name: file.name,
    content_type: file.contentType,
    size: file.bytes.length,
    etag: `"${md5}"`,
    checksums: { sha256: createHash('sha256').update(file.bytes).digest('hex'), md5 },
    metadata: file.metadata,
    created_at: new Date(file.createdAtMs).toISOString(),
    expires_at: new Date(file.createdAtMs + FILE_LIFETIME_MS).toISOString(),
    urls: { get: `${baseUrl}/files/${file.id}` },
  };
}
