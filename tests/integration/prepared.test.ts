import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { write } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import { prepared } from '#db/prepared.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

// A statement built once and bound on each call (db/prepared.server.ts), on
// the suite's database: SQLite, or PostgreSQL under TEST_DATABASE_URL.
const userByEmail = prepared((db, email: string) =>
  db.selectFrom('users').select(['id', 'email', 'is_active']).where('email', '=', email).where('is_active', '=', 1),
)

describe('a prepared statement', () => {
  test('binds each call’s own values and keeps the constants the builder wrote', async () => {
    const a = await createUser(db, { roles: ['teacher'] })
    const b = await createUser(db, { roles: ['teacher'] })
    expect(await userByEmail.first(db, a.email)).toEqual({ id: a.id, email: a.email, is_active: 1 })
    expect(await userByEmail.first(db, b.email)).toEqual({ id: b.id, email: b.email, is_active: 1 })
    expect(await userByEmail.all(db, 'nobody@example.org')).toEqual([])
    // The constant (is_active = 1) is still in the statement.
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', b.id).execute()
    expect(await userByEmail.first(db, b.email)).toBeUndefined()
  })

  test('binds lists of a fixed length, one argument per place', async () => {
    const users = [await createUser(db, { roles: ['teacher'] }), await createUser(db, { roles: ['teacher'] }), await createUser(db, { roles: ['teacher'] })]
    const twoOf = prepared((db, first: string, second: string) => db.selectFrom('users').select('id').where('id', 'in', [first, second]).orderBy('id'))
    expect((await twoOf.all(db, users[0]!.id, users[2]!.id)).map((r) => r.id)).toEqual([users[0]!.id, users[2]!.id].sort())
    expect((await twoOf.all(db, users[1]!.id, users[1]!.id)).map((r) => r.id)).toEqual([users[1]!.id])
  })

  test('runs on the transaction it is given, seeing its uncommitted rows', async () => {
    const user = await createUser(db, { roles: ['teacher'] })
    const rolesOf = prepared((db, userId: string) => db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role'))
    await write(testWork(db), async (tx) => {
      await tx.db
        .insertInto('user_roles')
        .values({
          id: newId(),
          user_id: user.id,
          role: 'trainer',
          scope: '',
          region_code: null,
          school_id: null,
          granted_by: null,
          granted_at: new Date().toISOString(),
        })
        .execute()
      expect((await rolesOf.all(tx.db, user.id)).map((r) => r.role)).toEqual(['teacher', 'trainer'])
    })
  })

  test('refuses an argument written into the SQL, and one not bound', async () => {
    const literal = prepared((db, email: string) => db.selectFrom('users').select('id').where('email', '=', sql.lit(email)))
    await expect(literal.all(db, 'a@example.org')).rejects.toThrow(/writes an argument into its SQL/)
    const unbound = prepared((db, _email: string) => db.selectFrom('users').select('id').where('is_active', '=', 1))
    await expect(unbound.all(db, 'a@example.org')).rejects.toThrow(/does not bind its argument 1/)
  })

  test('builds a statement with a list once per length of the list', async () => {
    const [a, b, c] = await Promise.all([createUser(db), createUser(db), createUser(db)])
    const some = prepared((db, ...ids: string[]) => db.selectFrom('users').select('id').where('id', 'in', ids).orderBy('id'))
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id)
    expect(ids(await some.all(db, a.id, 'x'))).toEqual([a.id])
    expect(ids(await some.all(db, b.id))).toEqual([b.id])
    expect(ids(await some.all(db, c.id, a.id, b.id))).toEqual([a.id, b.id, c.id].sort())
    expect(ids(await some.all(db, 'y', c.id))).toEqual([c.id])
  })
})
