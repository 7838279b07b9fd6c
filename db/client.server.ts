import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  type QueryResult,
  PostgresDialect,
  PostgresDriver,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type PostgresDialectConfig,
  type TransactionSettings,
} from 'kysely'
import pg from 'pg'
import type { DB } from './schema.ts'
import { TurnTakingSqliteDriver } from './sqlite-driver.server.ts'
import { WriteTurns } from './write-turns.server.ts'

export type Database = Kysely<DB>

export const DEFAULT_DATABASE_URL = './data/orken.db'

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url)

/**
 * Opens the database named by `url`: `postgres://…` for PostgreSQL, else a file
 * path (or `file:` URL) for the embedded SQLite. SQLite is opened in WAL mode
 * with foreign keys on and a busy timeout, so concurrent readers never block
 * the writer.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: PostgresOptions & SqliteOptions = {}): Database {
  if (isPostgresUrl(url)) return openPostgres(url, options)
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
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
 * run (tests).
 */
export function openPostgres(url: string | (() => Promise<string>), { poolMax: max = 10 }: PostgresOptions = {}): Database {
  let known: string | null = null
  const makePool = (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, max, types: pgTypes })
    known = connectionString
    // An idle client that loses its connection (a server restart) must not crash the process.
    pool.on('error', () => {})
    return pool
  }
  const pool = typeof url === 'string' ? makePool(url) : async () => makePool(await url())
  const db = new Kysely<DB>({ dialect: new SerialPostgresDialect({ pool }) })
  addresses.set(db, {
    get url() {
      if (known === null) throw new Error('the PostgreSQL pool has not connected yet')
      return known
    },
    checkpointOnCommit: true,
  })
  return db
}

// Every transaction takes one transaction-scoped advisory lock first, so that
// write transactions run one at a time, as they do on SQLite. The modules
// were written for that guarantee (check, then write: one certificate per
// enrolment, a cohort's capacity, gap-free certificate numbers), and READ
// COMMITTED alone would let two of them interleave. Reads outside
// transactions, and any number of app processes, still run side by side.
// See docs/decisions/015-postgresql.md.
const TRANSACTION_LOCK = 7_271_2026

/**
 * A connection that takes a pooled client only when it first needs one. A
 * transaction first waits its turn in this process (one at a time, as the lock
 * above allows anyway) and only then takes a client: otherwise, on quiz day,
 * 19 of 20 clients sat waiting for the lock and every page's reads queued
 * behind them for a free one.
 */
type PooledConnection = Parameters<PostgresDriver['releaseConnection']>[0]

class DeferredConnection implements DatabaseConnection {
  #client: Promise<PooledConnection> | null = null
  /** Set while this connection holds the process's transaction turn. */
  endTurn: (() => void) | null = null

  constructor(private readonly acquire: () => Promise<PooledConnection>) {}

  get acquired(): Promise<PooledConnection> | null {
    return this.#client
  }

  client(): Promise<PooledConnection> {
    return (this.#client ??= this.acquire())
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.client()).executeQuery<R>(query)
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.client()).streamQuery<R>(query, chunkSize)
  }
}

/** First come, first served: one transaction of this process at a time. */
class TransactionTurns {
  #busy = false
  readonly #waiting: (() => void)[] = []

  async take(): Promise<() => void> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#busy = true
    let ended = false
    return () => {
      if (ended) return
      ended = true
      const next = this.#waiting.shift()
      if (next) next()
      else this.#busy = false
    }
  }
}

class SerialPostgresDriver extends PostgresDriver {
  readonly #turns = new TransactionTurns()

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new DeferredConnection(() => super.acquireConnection() as Promise<PooledConnection>)
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const deferred = connection as DeferredConnection
    deferred.endTurn = await this.#turns.take()
    await super.beginTransaction(await deferred.client(), settings)
    await deferred.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${TRANSACTION_LOCK})`))
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(await (connection as DeferredConnection).client())
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await super.rollbackTransaction(await (connection as DeferredConnection).client())
  }

  // Always called last, however the transaction ended (begin failed, commit
  // failed, rolled back): the turn passes on here.
  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const deferred = connection as DeferredConnection
    try {
      const client = deferred.acquired
      if (client) await super.releaseConnection(await client)
    } finally {
      deferred.endTurn?.()
    }
  }
}

class SerialPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig
  constructor(config: PostgresDialectConfig) {
    super(config)
    this.#config = config
  }
  override createDriver(): Driver {
    return new SerialPostgresDriver(this.#config)
  }
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
