import type SQLite from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely'
import type { WriteTurns } from './write-turns.server.ts'

// The SQLite driver: Kysely's own, with four differences.
// - Transactions begin IMMEDIATE: a transaction that reads and then writes
//   takes the write lock at its start, so a second process (a test, a
//   script, another server) waits for it instead of failing with "database
//   is locked" when its read snapshot can no longer be upgraded.
// - That wait, for another process (serve:cluster runs one per core), does
//   not hold the event loop: the main thread's connection has no busy
//   timeout, and a statement refused as busy is tried again after a short
//   pause, asynchronously (SQLite's busy handler would sleep inside the call).
// - Every write, a transaction or a lone statement, first takes this thread's
//   write turn (write-turns.server.ts), shared with the worker threads that
//   write to the same file.
// - Prepared statements are kept by their SQL and used again: preparing is a
//   parse and a plan, and the same few hundred statements run all day.

const BEGIN = 'begin immediate'
/** How long a statement waits for another process's lock before it fails as busy, as the worker threads' busy_timeout. */
export const BUSY_WAIT_MS = 5_000
const MAX_PAUSE_MS = 16

const isBusy = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY')

/** Statements kept: far more than the app's distinct statements, a bound on a cache keyed by text. */
const STATEMENTS_KEPT = 1_000

class StatementCache {
  readonly #statements = new Map<string, SQLite.Statement>()
  constructor(private readonly sqlite: SQLite.Database) {}

  get(sql: string): SQLite.Statement {
    let statement = this.#statements.get(sql)
    if (statement) {
      // Most recently used last: the first key is the one to drop.
      this.#statements.delete(sql)
    } else {
      statement = this.sqlite.prepare(sql)
      if (this.#statements.size >= STATEMENTS_KEPT) this.#statements.delete(this.#statements.keys().next().value!)
    }
    this.#statements.set(sql, statement)
    return statement
  }
}

class SqliteConnection implements DatabaseConnection {
  /** Set between BEGIN and COMMIT or ROLLBACK: its statements write under the transaction's turn. */
  inTransaction = false

  constructor(
    private readonly statements: StatementCache,
    private readonly turns: WriteTurns,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.statements.get(query.sql)
    if (statement.reader) return { rows: (await this.#whenFree(query, () => statement.all(query.parameters))) as R[] }
    if (this.inTransaction) return result(await this.#whenFree(query, () => statement.run(query.parameters)))
    await this.turns.take()
    try {
      return result(await this.#whenFree(query, () => statement.run(query.parameters)))
    } finally {
      this.turns.give()
    }
  }

  /**
   * Runs `step` at once and, while another process holds the lock it needs,
   * again after ever longer pauses (up to BUSY_WAIT_MS in all). Only a
   * statement that opens its own transaction is tried again: a BEGIN, or one
   * outside a transaction; inside one, busy is the transaction's failure.
   */
  async #whenFree<T>(query: CompiledQuery, step: () => T): Promise<T> {
    try {
      return step()
    } catch (error) {
      if (!isBusy(error) || (this.inTransaction && query.sql !== BEGIN)) throw error
    }
    const deadline = performance.now() + BUSY_WAIT_MS
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      await new Promise((resolve) => setTimeout(resolve, pause))
      try {
        return step()
      } catch (error) {
        if (!isBusy(error) || performance.now() > deadline) throw error
      }
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.statements.get(query.sql)
    if (!statement.reader) throw new Error('Only a query that returns rows can be streamed')
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] }
  }
}

function result<R>({ changes, lastInsertRowid }: SQLite.RunResult): QueryResult<R> {
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
}

/** One connection, used by one query or transaction at a time, in the order they asked. */
class ConnectionQueue {
  #tail: Promise<void> = Promise.resolve()
  #release: (() => void) | null = null

  async take(): Promise<void> {
    const previous = this.#tail
    let release!: () => void
    this.#tail = new Promise<void>((resolve) => (release = resolve))
    await previous
    this.#release = release
  }

  give(): void {
    const release = this.#release
    this.#release = null
    release?.()
  }
}

export class TurnTakingSqliteDriver implements Driver {
  readonly #queue = new ConnectionQueue()
  readonly #connection: SqliteConnection
  #holding = false

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly turns: WriteTurns,
  ) {
    this.#connection = new SqliteConnection(new StatementCache(sqlite), turns)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.take()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.turns.take()
    this.#holding = true
    // Marked first: BEGIN itself runs under the turn just taken.
    this.#connection.inTransaction = true
    try {
      await connection.executeQuery(CompiledQuery.raw(BEGIN))
    } catch (error) {
      this.#endTurn()
      throw error
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'commit')
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'rollback')
  }

  async #end(connection: DatabaseConnection, statement: 'commit' | 'rollback'): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw(statement))
    } finally {
      // A COMMIT that failed with the transaction still open keeps the turn for the ROLLBACK Kysely sends next.
      if (!this.sqlite.inTransaction) this.#endTurn()
    }
  }

  #endTurn(): void {
    this.#connection.inTransaction = false
    if (!this.#holding) return
    this.#holding = false
    this.turns.give()
  }

  async releaseConnection(): Promise<void> {
    this.#queue.give()
  }

  async destroy(): Promise<void> {
    this.sqlite.close()
  }
}
