import fs from 'node:fs'
import path from 'node:path'
import { isMainThread } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Dialect } from 'kysely'
import pg from 'pg'
import type { DB } from './schema.ts'
import { namedStatementsPool } from './pg-statements.server.ts'
import { BUSY_WAIT_MS, TurnTakingSqliteDriver } from './sqlite-driver.server.ts'
import { WriteTurns } from './write-turns.server.ts'

export type Database = Kysely<DB>

export const DEFAULT_DATABASE_URL = './data/orken.db'

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url)

/**
 * Opens the database named by `url`: `postgres://…` for PostgreSQL, else a file
 * path (or `file:` URL) for the embedded SQLite. SQLite is opened in WAL mode
 * with foreign keys on, so concurrent readers never block the writer.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: PostgresOptions & SqliteOptions = {}): Database {
  if (isPostgresUrl(url)) return openPostgres(url, options)
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // A worker thread may sleep in SQLite's busy handler while another process
  // writes; the main thread must not: its driver waits asynchronously instead.
  sqlite.pragma(`busy_timeout = ${isMainThread ? 0 : BUSY_WAIT_MS}`)
  // 64 MiB of pages kept per connection (SQLite's default is 2 MiB): a national import's indexes stay in memory as they grow.
  sqlite.pragma('cache_size = -65536')
  // Deleted rows (an anonymous survey's draft, say) are overwritten, not left in the file.
  sqlite.pragma('secure_delete = ON')
  if (options.checkpointOnCommit === false) sqlite.pragma('wal_autocheckpoint = 0')
  const turns = new WriteTurns(options.writeTurns)
  const db = new Kysely<DB>({ dialect: sqliteDialect(sqlite, turns) })
  if (file !== ':memory:') addresses.set(db, { url, checkpointOnCommit: options.checkpointOnCommit ?? true, writeTurns: turns.shared })
  return db
}

/** How another thread opens the same database (see workerDatabase). */
export interface DatabaseAddress {
  url: string
  checkpointOnCommit: boolean
  /** SQLite: the write turns the threads writing to the file share. */
  writeTurns?: SharedArrayBuffer
}

// One registry per process, not per copy of this module: the built server
// bundles the app's copy of this file, while server/index.ts opens the
// database through its own, and a job must find the address from either.
const ADDRESSES = Symbol.for('orken.databaseAddresses')
const shared = globalThis as typeof globalThis & { [ADDRESSES]?: WeakMap<Database, DatabaseAddress> }
const addresses = (shared[ADDRESSES] ??= new WeakMap<Database, DatabaseAddress>())

/**
 * What a worker thread needs to open its own connection to `db`'s database,
 * taking write turns with this thread; null for one only this connection can
 * reach (an in-memory SQLite database, a PostgreSQL pool not yet connected).
 */
export function databaseAddress(db: Database): DatabaseAddress | null {
  const address = addresses.get(db)
  try {
    return address ? { ...address } : null
  } catch {
    return null
  }
}

/** In a worker thread: its own connection to the database at `address`. */
export function openWorkerDatabase(address: DatabaseAddress): Database {
  return openDatabase(address.url, { poolMax: 2, checkpointOnCommit: address.checkpointOnCommit, writeTurns: address.writeTurns })
}

// Counts and sums come back from PostgreSQL as bigint or numeric, which pg
// hands over as strings to keep every digit. Every count here fits a double
// exactly (below 2^53), so they become numbers, as SQLite gives them.
const PG_INT8 = 20
const PG_NUMERIC = 1700
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  }) as typeof pg.types.getTypeParser,
}

export interface SqliteOptions {
  /**
   * false: no commit of this connection copies the log back into the
   * database; a checkpoint thread must (db/checkpointer.server.ts). Default true.
   */
  checkpointOnCommit?: boolean
  /** The write turns of the thread whose connection this one joins (openWorkerDatabase); default: turns of its own. */
  writeTurns?: SharedArrayBuffer
}

export interface PostgresOptions {
  /** Connections in this process's pool (the server passes PG_POOL_MAX); default 10, as several app processes share one server. */
  poolMax?: number
}

/**
 * PostgreSQL through a pool of `poolMax` connections per process. `url` may
 * be a promise's maker, for a database that exists only once something has
 * run (tests). Transactions run side by side under READ COMMITTED, each on a
 * pooled connection of its own; a write that checks before it writes locks
 * what it checks (db/locks.server.ts), and write() runs it again when
 * PostgreSQL picks it as a deadlock's victim (ADR 035).
 */
export function openPostgres(url: string | (() => Promise<string>), { poolMax: max = 10 }: PostgresOptions = {}): Database {
  let known: string | null = null
  const makePool = (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, max, types: pgTypes })
    known = connectionString
    // An idle client that loses its connection (a server restart) must not crash the process.
    pool.on('error', () => {})
    return namedStatementsPool(pool)
  }
  const pool = typeof url === 'string' ? makePool(url) : async () => makePool(await url())
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  addresses.set(db, {
    get url() {
      if (known === null) throw new Error('the PostgreSQL pool has not connected yet')
      return known
    },
    checkpointOnCommit: true,
  })
  return db
}

function sqliteDialect(sqlite: SQLite.Database, turns: WriteTurns): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new TurnTakingSqliteDriver(sqlite, turns),
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
