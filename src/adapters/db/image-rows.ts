import type { Selectable } from 'kysely';
import type { ActorId } from '../../domain/actors/actor-id.js';
import type { ImageRecord } from '../../domain/images/image-record.js';
import { isImageType } from '../../domain/prompts/image-type.js';
import type { ImagesTable } from './schema.js';

export function toImageRecord(row: Selectable<ImagesTable>): ImageRecord {
  return {
    id: row.id,
    actorId: row.actor_id as ActorId,
    fileName: row.file_name,
    number: row.number === null ? null : Number(row.number),
    type: row.type !== null && isImageType(row.type) ? row.type : null,
    prompt: row.prompt,
    promptId: row.prompt_id,
    s3Url: row.s3_url,
    generatedAt: row.generated_at,
    generatedBy: row.generated_by,
    jobId: row.job_id,
    attemptId: row.attempt_id,
    width: Number(row.width),
    height: Number(row.height),
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
  };
}

export function toImageRow(image: ImageRecord): ImagesTable {
  return {
    id: image.id,
    actor_id: image.actorId,
    file_name: image.fileName,
    number: image.number,
    type: image.type,
    prompt: image.prompt,
    prompt_id: image.promptId,
    s3_url: image.s3Url,
    generated_at: image.generatedAt,
    generated_by: image.generatedBy,
    job_id: image.jobId,
    attempt_id: image.attemptId,
    width: image.width,
    height: image.height,
    size_bytes: image.sizeBytes,
    sha256: image.sha256,
  };
}
