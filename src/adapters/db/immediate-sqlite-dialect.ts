import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

/**
 * A transaction that reads and then writes (numbering an image, replacing an actor) must take SQLite's write lock at
 * BEGIN. Kysely's plain `begin` is deferred: when another process writes between our read and our write, SQLite
 * refuses the upgrade at once with "database is locked" instead of waiting out the busy timeout, because waiting
 * could deadlock. `begin immediate` waits for the lock up front, so two CLI processes on one database queue politely.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly dialectConfig: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(dialectConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.dialectConfig);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
