import type { Kysely } from 'kysely';
import type { MeasurementCache } from '../../app/ports.js';
import type { ImageMeasurements } from '../../domain/evaluation/image-measurements.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyMeasurementCache implements MeasurementCache {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async get(sha256: string, version: number): Promise<ImageMeasurements | undefined> {
    const row = await this.db
      .selectFrom('image_measurements')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row || Number(row.version) !== version) return undefined;
    return JSON.parse(row.measurements) as ImageMeasurements;
  }

  async put(sha256: string, version: number, measurements: ImageMeasurements): Promise<void> {
    const values = { sha256, version, measurements: JSON.stringify(measurements) };
    await this.db
      .insertInto('image_measurements')
      .values(values)
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ version, measurements: values.measurements }))
      .execute();
  }
}
