import { createHash } from 'node:crypto';

/**
 * The content fingerprint Troupe records for every image and every stored copy. One function, so an image's row,
 * its file on disk and its S3 object are always hashed the same way and the audit compares like with like.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
