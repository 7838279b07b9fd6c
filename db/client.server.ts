import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDriver, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type SqliteDialectConfig } from 'kysely'
import type { DB } from './schema.ts'

export type Database = Kysely<DB>

export const DEFAULT_DATABASE_URL = './data/orken.db'

/**
 * Opens the database named by `url`: a file path (or `file:` URL) for the
 * embedded SQLite. SQLite is opened in WAL mode with foreign keys on and a busy
 * timeout, so concurrent readers never block the writer.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL support lands with issue [8/8]; use a SQLite file path for DATABASE_URL.')
  }
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Deleted rows (an anonymous survey's draft, say) are overwritten, not left in the file.
  sqlite.pragma('secure_delete = ON')
  return new Kysely<DB>({ dialect: immediateSqliteDialect({ database: sqlite }) })
}

// Transactions begin IMMEDIATE: a transaction that reads and then writes takes
// the write lock at its start, so a second process (a test, a script, another
// server) waits for it (busy_timeout) instead of failing with "database is
// locked" when its read snapshot can no longer be upgraded.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

function immediateSqliteDialect(config: SqliteDialectConfig): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(config),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  }
}

/** Which SQL dialect a database speaks, for the rare query that must differ. */
export function dialectOf(db: Database): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite'
}

/**
 * Runs `fn` in a transaction, or in the caller's when `db` already is one, so
 * a module function can be both called alone and composed into a bigger unit
 * (an import that enrols many teachers in one transaction, say).
 */
export function inTransaction<T>(db: Database, fn: (trx: Database) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}
