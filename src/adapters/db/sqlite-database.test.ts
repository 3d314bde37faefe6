import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TroupeDatabase } from './schema.js';
import { openSqliteDatabase } from './sqlite-database.js';

describe('openSqliteDatabase', () => {
  let dir: string;
  let db: Kysely<TroupeDatabase>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'troupe-sqlite-'));
    db = await openSqliteDatabase(join(dir, 'troupe.db'));
  });

  afterEach(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the write lock at the start of a transaction, so another writer cannot break a read-then-write', async () => {
    // Stands in for a second process: its own connection, and no patience for a held lock.
    const other = new SQLite(join(dir, 'troupe.db'), { timeout: 0 });
    const otherWrite = (): void => {
      other
        .prepare(
          `insert into actors (id, name, descriptor, manifest_prefix, base_image_path, created_at) values ('0002_other', 'x', 'x', 'x', 'b.png', 'now')`,
        )
        .run();
    };
    let otherError: unknown;
    try {
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('actors').select('id').execute();
        try {
          otherWrite();
        } catch (error) {
          otherError = error;
        }
        await trx
          .insertInto('actors')
          .values({
            id: '0001_mine',
            name: 'y',
            descriptor: 'y',
            manifest_prefix: 'y',
            base_image_path: 'a.png',
            created_at: 'now',
          })
          .execute();
      });
      expect(String(otherError)).toMatch(/locked|busy/i);
      otherWrite(); // the lock is released at commit
      const ids = (await db.selectFrom('actors').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids).toEqual(['0001_mine', '0002_other']);
    } finally {
      other.close();
    }
  });
});
