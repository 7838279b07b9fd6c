import { Migrator, type Migration } from 'kysely'
import { describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { migrations } from '#db/migrations/index.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Migration 0014 on a database that already holds check-ins: the sessions whose
// code still works get keys (the first of a repeat keeps it), older ones none,
// and from then on the database refuses a repeat.

const db = createTestDb()

describe('migration 0014-checkin-parent-key', () => {
  test('keys the check-ins of live sessions, first come first keyed, and leaves expired sessions alone', async () => {
    // The sessions are recorded through today's code, on today's schema; then the later migrations are undone and left out,
    // so that this one runs on the schema it was written for.
    const lessonKey = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
    const session = async () => {
      const result = await recordSession(testWork(db, { actorId: null }), {
        schoolId: 'sch-kz75-1',
        session: {
          courseId: 'family-support',
          lessonKey,
          heldOn: localIsoDate(now()),
          facilitator: 'Айгүл Серікова',
          headCount: 20,
          notes: null,
          clientKey: undefined,
        },
        source: 'form',
      })
      if (!result.ok) throw new Error(JSON.stringify(result.error.fieldErrors))
      return result.value.sessionId
    }
    const live = await session()
    const expired = await session()
    await db
      .updateTable('parent_sessions')
      .set({ code_expires_at: new Date(now().getTime() - 1000).toISOString() })
      .where('id', '=', expired)
      .execute()
    await new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } }).migrateTo('0014-checkin-parent-key')
    const through0014 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0014-checkin-parent-key'))
    const migrator = new Migrator({ db, provider: { getMigrations: async () => through0014 as Record<string, Migration> } })
    const down = await migrator.migrateDown()
    expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['0014-checkin-parent-key', 'Success']])

    const add = (sessionId: string, name: string | null, phone: string | null, at: string) =>
      db.insertInto('parent_checkins').values({ id: newId(), session_id: sessionId, user_id: null, name, phone, created_at: at }).execute()
    const stamp = (s: number) => new Date(now().getTime() - 60_000 + s * 1000).toISOString()
    await add(live, 'Гүлнар', '+7 701 123-45-67', stamp(1))
    await add(live, 'Гүлнар', '87011234567', stamp(2))
    await add(live, '  ӘСЕЛ ', null, stamp(3))
    await add(live, null, null, stamp(4))
    await add(expired, null, '87011234567', stamp(5))

    const up = await migrator.migrateToLatest()
    expect(up.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName)).toEqual(['0014-checkin-parent-key'])
    const keys = await db
      .selectFrom('parent_checkins')
      .select(['session_id', 'parent_key'])
      .where('session_id', 'in', [live, expired])
      .orderBy('created_at')
      .execute()
    expect(keys).toEqual([
      { session_id: live, parent_key: 'phone:+77011234567' },
      { session_id: live, parent_key: null },
      { session_id: live, parent_key: 'name:әсел' },
      { session_id: live, parent_key: null },
      { session_id: expired, parent_key: null },
    ])
    await expect(
      db
        .insertInto('parent_checkins')
        .values({ id: newId(), session_id: live, user_id: null, name: 'Әсел', phone: null, parent_key: 'name:әсел', created_at: nowIso() })
        .execute(),
    ).rejects.toThrow(/UNIQUE|duplicate/i)
  })
})
