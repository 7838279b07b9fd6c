import type pg from 'pg'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'

// PostgreSQL parses and plans an unnamed statement anew on every run: for
// the app's short reads, more than the run itself (parse and plan 0.45 ms,
// run 0.1 ms; a lesson view runs eight). A named statement is parsed once per
// connection, and after a few runs PostgreSQL keeps its plan when a generic
// one costs no more. So each statement with parameters runs under a name of
// its SQL text, as SQLite's driver keeps its compiled statements (ADR 039).
//
// Names are per process, one per text, for at most NAMES_KEPT texts: the app
// has a few hundred, so the bound only stops texts that keep changing (a list
// of a new length) from growing every connection's memory without end; a text
// after that runs unnamed, as before. A text with more than MAX_PARAMETERS
// values (a bulk insert's chunk) is too rare to be worth a name.

const NAMES_KEPT = 1_000
const MAX_PARAMETERS = 100
/** What PostgreSQL says when a named statement's table changed under it (a migration from another process). */
const RESULT_TYPE_CHANGED = 'cached plan must not change result type'

/**
 * `pool` for Kysely's PostgresDialect, with each statement of 1 to
 * MAX_PARAMETERS values run as a named prepared statement.
 */
export function namedStatementsPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>()
  let issued = 0
  const nameOf = (text: string, values: readonly unknown[]): string | undefined => {
    if (values.length === 0 || values.length > MAX_PARAMETERS) return undefined
    let name = names.get(text)
    if (name === undefined && names.size < NAMES_KEPT) {
      name = `orken_${(issued++).toString(36)}`
      names.set(text, name)
    }
    return name
  }

  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let inTransaction = false
    const run = async <R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
      const name = nameOf(text, values)
      if (name === undefined) return (await client.query(text, values as unknown[])) as unknown as PostgresQueryResult<R>
      return (await client.query({ name, text, values: values as unknown[] })) as unknown as PostgresQueryResult<R>
    }
    const wrapped = {
      query: <R>(textOrCursor: string | PostgresCursor<R>, values?: readonly unknown[]) => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never)
        const text = textOrCursor
        if (/^(begin|start transaction)\b/i.test(text)) inTransaction = true
        else if (/^(commit|rollback)\b/i.test(text)) inTransaction = false
        return run<R>(text, values ?? []).catch((error: unknown) => {
          if (!(error instanceof Error) || !error.message.includes(RESULT_TYPE_CHANGED)) throw error
          // A new name for the text: each connection parses it again.
          names.delete(text)
          // Outside a transaction the statement simply runs again; inside, the
          // transaction has failed and write() runs it again (ADR 035).
          if (inTransaction) throw error
          return run<R>(text, values ?? [])
        })
      },
      release: (destroy?: boolean) => client.release(destroy),
    }
    return wrapped as PostgresPoolClient
  }

  return {
    connect: async () => {
      const client = await pool.connect()
      let wrapped = clients.get(client)
      if (!wrapped) clients.set(client, (wrapped = wrap(client)))
      return wrapped
    },
    end: () => pool.end(),
  }
}
