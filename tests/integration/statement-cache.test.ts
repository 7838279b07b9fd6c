// Statements are compiled once per connection and kept: SQLite's driver keeps
// its compiled statements, and on PostgreSQL each statement with parameters
// runs under a name of its text (db/pg-statements.server.ts, ADR 039). What
// is kept must never be stale: a table that changed under a kept statement
// (a migration run by another process) gives the new columns, inside a
// transaction as outside.
import { sql, type Kysely } from 'kysely'
import { describe, expect, test } from 'vitest'
import { write } from '#app/core/work.server.ts'
import type { DB } from '#db/schema.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { onPostgres } from '#tests/setup/databases.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

/** How many statements this connection keeps under a name for `text` (PostgreSQL). */
async function keptOnConnection(trx: Kysely<DB>, text: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement = ${text}`.execute(trx)
  return rows[0]!.n
}

async function scratchTable(name: string) {
  await sql`create table ${sql.table(name)} (id text primary key, a text not null)`.execute(db)
  await sql`insert into ${sql.table(name)} (id, a) values ('one', 'first'), ('two', 'second')`.execute(db)
}

describe('kept statements', () => {
  test(
    onPostgres
      ? 'a statement with values is parsed once per connection, and each run gets its own values'
      : 'a statement run again with other values gets its own values',
    async () => {
      await scratchTable('scratch_values')
      await db.connection().execute(async (conn) => {
        const read = async (id: string) => (await sql<{ a: string }>`select "a" from "scratch_values" where "id" = ${id}`.execute(conn)).rows
        expect(await read('one')).toEqual([{ a: 'first' }])
        expect(await read('two')).toEqual([{ a: 'second' }])
        expect(await read('three')).toEqual([])
        if (onPostgres) expect(await keptOnConnection(conn, 'select "a" from "scratch_values" where "id" = $1')).toBe(1)
      })
    },
  )

  test('a statement over a table that gained a column since gives the column, outside a transaction', async () => {
    await scratchTable('scratch_outside')
    const select = (on: Kysely<DB>) => sql<Record<string, string>>`select * from "scratch_outside" where "id" = ${'one'}`.execute(on)
    await db.connection().execute(async (conn) => {
      await select(conn)
      await select(conn)
      // Another connection changes the table (SQLite has one).
      await sql`alter table "scratch_outside" add column "b" text not null default 'added'`.execute(onPostgres ? db : conn)
      expect((await select(conn)).rows).toEqual([{ id: 'one', a: 'first', b: 'added' }])
    })
    const after = await Promise.all(Array.from({ length: 30 }, () => select(db)))
    for (const { rows } of after) expect(rows).toEqual([{ id: 'one', a: 'first', b: 'added' }])
  })

  test('a statement over a table that gained a column since gives the column inside a transaction, which runs again', async () => {
    await scratchTable('scratch_inside')
    const select = (on: Kysely<DB>) => sql<Record<string, string>>`select * from "scratch_inside" where "id" = ${'two'}`.execute(on)
    let runs = 0
    const rows = await db.connection().execute(async (conn) => {
      await select(conn)
      await sql`alter table "scratch_inside" add column "b" text not null default 'added'`.execute(onPostgres ? db : conn)
      return write(testWork(conn), async (tx) => {
        runs++
        await sql`update "scratch_inside" set "a" = ${'changed'} where "id" = ${'one'}`.execute(tx.db)
        return (await select(tx.db)).rows
      })
    })
    expect(rows).toEqual([{ id: 'two', a: 'second', b: 'added' }])
    // PostgreSQL fails the first run, whose statement was kept before the change; SQLite compiles it again by itself.
    expect(runs).toBe(onPostgres ? 2 : 1)
    expect((await sql<{ a: string }>`select "a" from "scratch_inside" where "id" = ${'one'}`.execute(db)).rows).toEqual([{ a: 'changed' }])
  })

  test('a statement with more values than a name is worth still runs, every time', async () => {
    await scratchTable('scratch_many')
    const ids = Array.from({ length: 150 }, (_, i) => `id-${i}`)
    for (let run = 0; run < 2; run++) {
      const { rows } = await sql<{ a: string }>`select "a" from "scratch_many" where "id" in (${sql.join(['one', ...ids])})`.execute(db)
      expect(rows).toEqual([{ a: 'first' }])
    }
    if (onPostgres) {
      await db.connection().execute(async (conn) => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like ${'%scratch_many%'}`.execute(conn)
        expect(rows[0]!.n).toBe(0)
      })
    }
  })
})
