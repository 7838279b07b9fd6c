import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely } from 'kysely'
import type { DB } from './schema.ts'

// Building a statement with Kysely and compiling it to SQL costs some 10-20 µs
// each time, which the hottest reads (a lesson view runs a dozen) pay on every
// request although their SQL never changes, only their values. A prepared
// statement is built once per dialect with a placeholder for each argument,
// compiled, and from then on only bound: each call puts its arguments where
// the placeholders were among the compiled parameters (ADR 038).
//
// The builder sees the placeholders, never the values, so its shape cannot
// depend on them (no branch on a value): the SQL is the same for every call
// with as many arguments, by construction. A statement with a rest argument (a
// list for `in`) is built once per number of arguments. Each argument must land
// in the parameters as a value; one that ends up in the SQL text (a literal, an
// identifier) or nowhere is refused when the statement is first built.

/** A placeholder: a private-use character no value the app binds contains, and the argument's index. */
const MARK = '\uE010'
const placeholder = (index: number) => `${MARK}${index}${MARK}`
const PLACEHOLDER = new RegExp(`^${MARK}(\\d+)${MARK}$`)

/** Where each compiled parameter comes from: an argument's index, or the constant the builder wrote. */
type Slot = { arg: number } | { constant: unknown }

interface Compiled {
  sql: string
  slots: Slot[]
}

export interface Prepared<Args extends readonly unknown[], Row> {
  /** Every row of the statement for these arguments. */
  all(db: Kysely<DB>, ...args: Args): Promise<Row[]>
  /** The first row, or undefined. */
  first(db: Kysely<DB>, ...args: Args): Promise<Row | undefined>
}

/**
 * A statement whose SQL is built by `build` once per dialect (SQLite,
 * PostgreSQL) and number of arguments, and bound to each call's arguments.
 * `build` must use each of its arguments as a value, as `where('id', '=', id)`
 * does; it may branch on how many there are, never on what they are.
 */
export function prepared<Args extends readonly unknown[], Row>(build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>): Prepared<Args, Row> {
  const byShape = new Map<string, Compiled>()
  const compiled = (db: Kysely<DB>, arity: number): Compiled => {
    const shape = `${db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'}:${arity}`
    let kept = byShape.get(shape)
    if (!kept) {
      const placeholders = Array.from({ length: arity }, (_, i) => placeholder(i)) as unknown as Args
      const query = build(db, ...placeholders).compile()
      if (query.sql.includes(MARK)) throw new Error(`A prepared statement writes an argument into its SQL: ${query.sql}`)
      const slots = query.parameters.map((value): Slot => {
        const match = typeof value === 'string' ? PLACEHOLDER.exec(value) : null
        if (match) return { arg: Number(match[1]) }
        if (typeof value === 'string' && value.includes(MARK)) throw new Error('A prepared statement changed an argument before binding it')
        return { constant: value }
      })
      for (let i = 0; i < arity; i++) {
        if (!slots.some((slot) => 'arg' in slot && slot.arg === i)) throw new Error(`A prepared statement does not bind its argument ${i + 1}: ${query.sql}`)
      }
      kept = { sql: query.sql, slots }
      byShape.set(shape, kept)
    }
    return kept
  }
  const run = async (db: Kysely<DB>, args: Args): Promise<Row[]> => {
    const { sql, slots } = compiled(db, args.length)
    const parameters = slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.constant))
    return (await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters))).rows
  }
  return {
    all: (db, ...args) => run(db, args),
    first: async (db, ...args) => (await run(db, args))[0],
  }
}
