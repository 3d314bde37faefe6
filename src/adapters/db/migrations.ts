import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { TroupeError } from '../../domain/errors/troupe-error.js';

/**
 * Schema changes, in order. Column types are the portable subset (text, integer) so the same migrations run on
 * SQLite and PostgreSQL. Never edit a migration that has shipped: add a new one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('actors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('descriptor', 'text', (c) => c.notNull())
        .addColumn('manifest_prefix', 'text', (c) => c.notNull().unique())
        .addColumn('base_image_path', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('generation_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_images', 'integer', (c) => c.notNull())
        .addColumn('type_targets', 'text', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('cost_cap_micro_usd', 'bigint')
        .addColumn('price_micro_usd', 'bigint', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('provider_options', 'text', (c) => c.notNull())
        .addColumn('generated_by', 'text', (c) => c.notNull())
        .addColumn('prompts_path', 'text')
        .addColumn('current_attempt', 'integer', (c) => c.notNull())
        .addColumn('completed_images', 'integer', (c) => c.notNull())
        .addColumn('success_rate_permille', 'integer', (c) => c.notNull())
        .addColumn('spend_micro_usd', 'bigint', (c) => c.notNull())
        .addColumn('finish_reason', 'text')
        .addColumn('is_cancel_requested', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema
        .createIndex('generation_jobs_actor')
        .on('generation_jobs')
        .columns(['actor_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('job_id', 'text', (c) => c.notNull().references('generation_jobs.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('prompt_id', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('seed', 'bigint', (c) => c.notNull())
        .addColumn('provider_run_id', 'text')
        .addColumn('output_url', 'text')
        .addColumn('failure_class', 'text')
        .addColumn('failure_code', 'text')
        .addColumn('message', 'text')
        .addColumn('cost_micro_usd', 'bigint', (c) => c.notNull())
        .addColumn('image_id', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addUniqueConstraint('attempts_job_number', ['job_id', 'number'])
        .execute();
      await db.schema
        .createTable('images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('number', 'integer')
        .addColumn('type', 'text')
        .addColumn('prompt', 'text')
        .addColumn('prompt_id', 'text')
        .addColumn('s3_url', 'text')
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('generated_by', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('attempt_id', 'text', (c) => c.unique())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addUniqueConstraint('images_actor_number', ['actor_id', 'number'])
        .addUniqueConstraint('images_actor_file', ['actor_id', 'file_name'])
        .execute();
    },
  },
  '0003_finished_attempts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('generation_jobs')
        .addColumn('finished_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0002_image_measurements': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('image_measurements')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('measurements', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0004_attempt_policy': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('generation_jobs')
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('thrifty'))
        .execute();
      await db.schema
        .alterTable('generation_jobs')
        .addColumn('early_stop_below', 'real', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('generation_jobs').addColumn('forecast', 'text').execute();
      await db.schema
        .createTable('outcome_counts')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('successes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0009_identity': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('face_measurements')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('analysis', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('face_references')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('image_key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('box', 'text', (c) => c.notNull())
        .addColumn('descriptor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('face_references_actor_sha256', ['actor_id', 'sha256'])
        .execute();
      await db.schema
        .createTable('off_model_images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id'))
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('attempt_id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('prompt_id', 'text', (c) => c.notNull())
        .addColumn('file_key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('distance', 'real', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable('generation_jobs')
        .addColumn('identity_gate', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0010_captions_and_pins': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('actors').addColumn('trigger_word', 'text').execute();
      await db.schema
        .createTable('captions')
        .addColumn('image_id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('captions_actor').on('captions').column('actor_id').execute();
      await db.schema
        .createTable('image_pins')
        .addColumn('image_id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('pinned_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('image_pins_actor').on('image_pins').column('actor_id').execute();
    },
  },
  '0012_events': {
    // Progress events as rows: the id orders them across every process that writes, and is the SSE Last-Event-ID.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();
    },
  },
  '0006_file_number_marks': {
    async up(db: Kysely<unknown>) {
      // No foreign key: a mark outlives its actor, so an actor added again under the same id never reuses a number.
      await db.schema
        .createTable('file_number_marks')
        .addColumn('actor_id', 'text', (c) => c.primaryKey())
        .addColumn('high_water', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into file_number_marks (actor_id, high_water)
        select actor_id, max(number) from images where number is not null group by actor_id`.execute(db);
    },
  },
  '0007_balance_runs': {
    // Each balance execute, with its plan and every step's outcome (deleted, failed, skipped, queued), for the record.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('balance_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .execute();
      await db.schema
        .createIndex('balance_runs_actor')
        .on('balance_runs')
        .columns(['actor_id', 'started_at'])
        .execute();
    },
  },
  '0007_prompt_resets': {
    // `troupe prompts reset`: filter refusals before the latest reset no longer retire a prompt for the actor.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('prompt_resets')
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('reset_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('prompt_resets_pk', ['actor_id', 'subject'])
        .execute();
    },
  },
  '0008_spend_split': {
    async up(db: Kysely<unknown>) {
      for (const column of ['spend_kept_micro_usd', 'spend_spares_micro_usd', 'spend_discarded_micro_usd']) {
        await db.schema
          .alterTable('generation_jobs')
          .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
      // Jobs from before the split: what they kept is what they spent on images; the rest went on spares or waste.
      await sql`update generation_jobs set spend_kept_micro_usd = coalesce((select sum(a.cost_micro_usd) from attempts a where a.job_id = generation_jobs.id and a.status = 'succeeded'), 0), spend_spares_micro_usd = coalesce((select sum(a.cost_micro_usd) from attempts a where a.job_id = generation_jobs.id and a.status = 'canceled'), 0), spend_discarded_micro_usd = coalesce((select sum(a.cost_micro_usd) from attempts a where a.job_id = generation_jobs.id and a.status = 'failed'), 0)`.execute(
        db,
      );
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

const MIGRATION_NAMES = Object.keys(MIGRATIONS);
const BUSY_RETRIES = 20;

/**
 * Brings the schema up to date (migrations may land in any order of their names, so every one is checked); safe to run on every start and from several processes at once. A current schema is
 * recognised with a plain read (no lock); two processes migrating at once may find the database busy, so each
 * tries again after a short pause.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  if (await isCurrent(db)) return;
  for (let tryNumber = 1; ; tryNumber += 1) {
    const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
    if (!error) return;
    if (isBusy(error) && tryNumber < BUSY_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, 25 * tryNumber));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new TroupeError(
      'STORAGE',
      `Database migration ${failed} failed: ${String(error)}. The database was left as it was.`,
      {
        cause: error,
      },
    );
  }
}

async function isCurrent(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return MIGRATION_NAMES.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

function isBusy(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  return /SQLITE_BUSY|database is locked/i.test(text);
}
