// The database client's promise to the modules. On SQLite write transactions
// run one at a time (its write lock); on PostgreSQL they run side by side, each
// on a pooled connection of its own, as many as the pool has, and a write
// that checks before it writes locks what it checks (ADR 035; the races are in
// pg-races.test.ts). Either way a transaction that fails is rolled back and
// keeps no connection.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { copyTemplateDatabase, onPostgres, type DatabaseCopy } from '#tests/setup/databases.ts'

const POOL_SIZE = 3
const HOLD_MS = 100

let copy: DatabaseCopy
let db: Database

beforeAll(async () => {
  copy = await copyTemplateDatabase('transactions')
  db = openDatabase(copy.url, { poolMax: POOL_SIZE })
})

afterAll(async () => {
  await db?.destroy()
  await copy?.remove()
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Eight transactions that each read, then keep the lock a while; logs each end. */
function holders(log: string[], count = 8) {
  let inside = 0
  let most = 0
  const all = Array.from({ length: count }, (_, i) =>
    db.transaction().execute(async (trx) => {
      inside++
      most = Math.max(most, inside)
      await trx.selectFrom('regions').select('code').limit(1).execute()
      await pause(HOLD_MS)
      inside--
      log.push(`transaction ${i}`)
    }),
  )
  return { done: Promise.all(all), most: () => most }
}

describe('transactions', () => {
  test(onPostgres ? 'run side by side, as many as the pool has connections' : 'run one at a time, even when each waits on a timer inside', async () => {
    const log: string[] = []
    const { done, most } = holders(log)
    await done
    expect(most()).toBe(onPostgres ? POOL_SIZE : 1)
    expect(log).toHaveLength(8)
  })

  test('one that throws or fails in SQL is rolled back and hands its turn on; none keeps a connection', async () => {
    const thrown = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('audit_log')
        .values({
          id: 'tx-test-thrown',
          actor_user_id: null,
          action: 'test.thrown',
          target_type: 'test',
          target_id: null,
          details: '{}',
          ip: null,
          created_at: '2026-11-27T00:00:00.000Z',
        })
        .execute()
      throw new Error('refused by the caller')
    })
    const failed = db.transaction().execute(async (trx) => {
      await sql`select * from no_such_table`.execute(trx)
    })
    const next = db.transaction().execute(async (trx) => (await trx.selectFrom('regions').select('code').execute()).length)
    // Settled together: on PostgreSQL they run side by side, and a rejection must never wait unobserved.
    const [thrownOutcome, failedOutcome, nextOutcome] = await Promise.allSettled([thrown, failed, next])
    expect(thrownOutcome).toMatchObject({ status: 'rejected', reason: { message: 'refused by the caller' } })
    expect(failedOutcome.status).toBe('rejected')
    expect(nextOutcome).toEqual({ status: 'fulfilled', value: 20 })
    expect(await db.selectFrom('audit_log').select('id').where('id', '=', 'tx-test-thrown').executeTakeFirst()).toBeUndefined()
    // More transactions than the pool has connections, one after another: a leaked connection would hang here.
    for (let i = 0; i < POOL_SIZE * 3; i++) {
      expect(await db.transaction().execute(async (trx) => (await trx.selectFrom('regions').select('code').execute()).length)).toBe(20)
    }
  })
})
