import type { Kysely } from 'kysely';
import type { FaceAnalysisCache } from '../../app/ports.js';
import type { FaceAnalysis } from '../../domain/identity/face-analysis.js';
import type { TroupeDatabase } from './schema.js';

/** Face analyses by content hash, in their own table beside image_measurements (another version is a miss). */
export class KyselyFaceAnalysisCache implements FaceAnalysisCache {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async get(sha256: string, version: number): Promise<FaceAnalysis | undefined> {
    const row = await this.db
      .selectFrom('face_measurements')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row || Number(row.version) !== version) return undefined;
    return JSON.parse(row.analysis) as FaceAnalysis;
  }

  async put(sha256: string, version: number, analysis: FaceAnalysis): Promise<void> {
    const values = { sha256, version, analysis: JSON.stringify(analysis) };
    await this.db
      .insertInto('face_measurements')
      .values(values)
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ version, analysis: values.analysis }))
      .execute();
  }
}
