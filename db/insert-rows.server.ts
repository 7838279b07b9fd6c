import { CompiledQuery } from 'kysely'
import { dialectOf, type Database } from './client.server.ts'
import type { DB } from './schema.ts'

// Many rows in one INSERT, without the query tree Kysely builds value by
// value: for a national import (52,400 staging rows, as many mails) building
// and compiling that tree took longer than SQLite's own work on the rows,
// and made most of the import's garbage. The statement's text is made once
// per table, columns and number of rows; the values go in flat, row by row in
// the columns' order.

const texts = new Map<string, string>()
/** Texts kept: a few tables times the few row counts their callers use. */
const TEXTS_KEPT = 200

function insertText(dialect: 'sqlite' | 'postgres', table: string, columns: readonly string[], rows: number): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}`
  let text = texts.get(key)
  if (text === undefined) {
    let n = 0
    const row = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, row).join(', ')}`
    if (texts.size >= TEXTS_KEPT) texts.clear()
    texts.set(key, text)
  }
  return text
}

/** Inserts `rows` (each an array of values in `columns`' order) into `table` in one statement. */
export async function insertRows<T extends keyof DB & string>(
  db: Database,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return
  const values: unknown[] = []
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`insertRows: a row of ${row.length} values for ${columns.length} columns of ${table}`)
    for (const value of row) values.push(value)
  }
  await db.executeQuery(CompiledQuery.raw(insertText(dialectOf(db), table, columns, rows.length), values))
}
