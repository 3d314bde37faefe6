import { sql, type Kysely } from 'kysely';
import type { OutcomeCountRepo } from '../../app/ports.js';
import type { OutcomeCounts } from '../../domain/policy/beta-estimate.js';
import type { TroupeDatabase } from './schema.js';

export class KyselyOutcomeCountRepo implements OutcomeCountRepo {
  constructor(private readonly db: Kysely<TroupeDatabase>) {}

  async read(subjects: readonly string[]): Promise<Map<string, OutcomeCounts>> {
    if (subjects.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('outcome_counts')
      .selectAll()
      .where('subject', 'in', [...subjects])
      .execute();
    return new Map(
      rows.map((row) => [row.subject, { successes: Number(row.successes), failures: Number(row.failures) }]),
    );
  }

  /** One upsert that adds in the database, so two processes counting at once both count. */
  async add(subject: string, counts: OutcomeCounts): Promise<void> {
    await this.db
      .insertInto('outcome_counts')
      .values({ subject, successes: counts.successes, failures: counts.failures })
      .onConflict((oc) =>
        oc.column('subject').doUpdateSet({
          successes: sql`outcome_counts.successes + ${counts.successes}`,
          failures: sql`outcome_counts.failures + ${counts.failures}`,
        }),
      )
      .execute();
  }
}
