import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { TroupeError } from '../../domain/errors/troupe-error.js';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.js';
import { migrateToLatest } from './migrations.js';
import type { TroupeDatabase } from './schema.js';

/**
 * Opens (creating if needed) the SQLite database and migrates it. WAL lets the CLI read while a job writes;
 * the busy timeout and immediate transactions let two processes share the file.
 */
export async function openSqliteDatabase(filePath: string): Promise<Kysely<TroupeDatabase>> {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(filePath, { timeout: 10_000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new TroupeError(
      'STORAGE',
      `Cannot open the database ${filePath}: ${(error as Error).message}. Check that the data directory is writable (TROUPE_DATA_DIR).`,
      {
        cause: error,
      },
    );
  }
  const db = new Kysely<TroupeDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}
