import { afterAll, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { insertRows } from '#db/insert-rows.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'

// Many rows in one statement, the same on SQLite and PostgreSQL.

const db = createTestDb()
afterAll(() => db.destroy())

const COLUMNS = ['id', 'kind', 'user_id', 'to_address', 'subject', 'text_body', 'status', 'attempts', 'next_attempt_at', 'created_at'] as const
const at = '2026-12-01T09:00:00.000Z'
const mail = (id: string, to: string) => [id, 'test_bulk', null, to, 'Тақырып; "тырнақша"', 'Мәтін\nекі жол', 'pending', 0, at, at]

describe('insertRows', () => {
  test('writes every row with its values in the columns given, for any number of rows', async () => {
    for (const count of [1, 2, 7, 500]) {
      const ids = Array.from({ length: count }, () => newId())
      await insertRows(
        db,
        'mail_outbox',
        COLUMNS,
        ids.map((id, i) => mail(id, `bulk-${count}-${i}@example.kz`)),
      )
      const rows = await db.selectFrom('mail_outbox').selectAll().where('id', 'in', ids).orderBy('to_address').execute()
      expect(rows).toHaveLength(count)
      const first = rows.find((r) => r.id === ids[0])!
      expect(first).toMatchObject({ kind: 'test_bulk', user_id: null, to_address: `bulk-${count}-0@example.kz`, subject: 'Тақырып; "тырнақша"' })
      expect(first).toMatchObject({ text_body: 'Мәтін\nекі жол', status: 'pending', attempts: 0, last_error: null, sent_at: null })
    }
  })

  test('a row with the wrong number of values is refused before anything is written', async () => {
    const id = newId()
    await expect(insertRows(db, 'mail_outbox', COLUMNS, [mail(id, 'whole@example.kz'), [newId(), 'test_bulk']])).rejects.toThrow(/2 values for 10 columns/)
    expect(await db.selectFrom('mail_outbox').select('id').where('id', '=', id).execute()).toEqual([])
  })

  test('no rows, no statement', async () => {
    await expect(insertRows(db, 'mail_outbox', COLUMNS, [])).resolves.toBeUndefined()
  })
})
