import { sql } from 'kysely'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { dialectOf } from '#db/client.server.ts'
import { clockOffset, setClockOffset, setNow } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { IDLE_CAP_MS, lessonSeconds, noteLessonRequest } from '#app/modules/courses/time-on-task.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Time on task as each lesson request notes it (noteLessonRequest), on a real
// SQLite file or, under TEST_DATABASE_URL, a real PostgreSQL database, where
// it runs as one statement of its own.

const db = createTestDb()
const startOffset = clockOffset()
let cohortId: string

afterEach(() => setClockOffset(startOffset))

beforeAll(async () => {
  const course = await createTestCourse(db)
  cohortId = await createTestCohort(db, course)
})

async function newEnrolment(): Promise<string> {
  const user = await createUser(db, { roles: ['teacher'] })
  const enrolled = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-10-05' })
  if (!enrolled.ok) throw new Error(`not enrolled: ${enrolled.error}`)
  return enrolled.enrolmentId
}

/**
 * Runs `count` calls of `fn` at once. On PostgreSQL they are made to meet:
 * another transaction holds the enrolment's open row until every one of them
 * waits for it. SQLite's writers take turns, one after another.
 */
async function atOnce<T>(enrolmentId: string, count: number, fn: () => Promise<T>): Promise<T[]> {
  if (dialectOf(db) === 'sqlite') return Promise.all(Array.from({ length: count }, fn))
  let calls: Promise<T[]> | null = null
  await db.transaction().execute(async (trx) => {
    await sql`select 1 from lesson_opens where enrolment_id = ${enrolmentId} for update`.execute(trx)
    calls = Promise.all(Array.from({ length: count }, fn))
    for (let waited = 0; ; waited += 20) {
      const { rows } = await sql<{
        n: number
      }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
      if (rows[0]!.n >= count) break
      if (waited > 10_000) throw new Error(`only ${rows[0]!.n} of ${count} calls reached the lock`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })
  return calls!
}

const seconds = (enrolmentId: string, moduleId: string, lessonId: string) => lessonSeconds(testWork(db), enrolmentId, moduleId, lessonId)

describe('noteLessonRequest', () => {
  test('credits the gap since the previous request to the lesson then open, and answers the requested lesson’s seconds', async () => {
    const enrolment = await newEnrolment()
    setNow('2026-10-05T06:00:00.000Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'basics', 'intro')).toBe(0)
    const open = await db.selectFrom('lesson_opens').selectAll().where('enrolment_id', '=', enrolment).executeTakeFirstOrThrow()
    expect([open.module_id, open.lesson_id]).toEqual(['basics', 'intro'])

    setNow('2026-10-05T06:01:30.400Z')
    // 90 s go to the intro, which was open; the practice lesson has none yet.
    expect(await noteLessonRequest(testWork(db), enrolment, 'basics', 'practice')).toBe(0)
    expect(await seconds(enrolment, 'basics', 'intro')).toBe(90)

    setNow('2026-10-05T06:02:10.600Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'basics', 'practice')).toBe(40)
    // Walking away for two hours credits the idle cap, no more.
    setNow('2026-10-05T08:02:10.600Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'basics', 'practice')).toBe(40 + IDLE_CAP_MS / 1000)
    expect(await seconds(enrolment, 'basics', 'intro')).toBe(90)
  })

  test('a clock moved back credits nothing but still moves the open lesson', async () => {
    const enrolment = await newEnrolment()
    setNow('2026-10-05T07:00:00.000Z')
    await noteLessonRequest(testWork(db), enrolment, 'basics', 'intro')
    setNow('2026-10-05T06:59:00.000Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'final', 'exam')).toBe(0)
    expect(await seconds(enrolment, 'basics', 'intro')).toBe(0)
    setNow('2026-10-05T06:59:20.300Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'final', 'exam')).toBe(20)
  })

  test('requests at once credit one gap once', async () => {
    const enrolment = await newEnrolment()
    setNow('2026-10-05T09:00:00.000Z')
    await noteLessonRequest(testWork(db), enrolment, 'basics', 'intro')
    setNow('2026-10-05T09:05:00.200Z')
    const answers = await atOnce(enrolment, 6, () => noteLessonRequest(testWork(db), enrolment, 'basics', 'intro'))
    // One of them moved the open row and credited the 300 s; each other one saw it before or after.
    expect(await seconds(enrolment, 'basics', 'intro')).toBe(300)
    expect(answers.every((s) => s === 0 || s === 300)).toBe(true)
    expect(answers).toContain(300)
  })

  test('a view that moves the position starts the enrolment once, and the database queues that start for the funnel once (ADR 043)', async () => {
    const enrolment = await newEnrolment()
    const row = () =>
      db.selectFrom('enrolments').select(['started_at', 'last_module_id', 'last_lesson_id']).where('id', '=', enrolment).executeTakeFirstOrThrow()
    const queued = () => db.selectFrom('metric_pending').select(['metric', 'queued_at']).where('subject_id', '=', enrolment).execute()
    // Opened a lesson without moving the position (a form posted): neither moved nor started.
    setNow('2026-10-05T10:00:00.000Z')
    await noteLessonRequest(testWork(db), enrolment, 'basics', 'intro')
    expect(await row()).toEqual({ started_at: null, last_module_id: null, last_lesson_id: null })
    expect(await queued()).toEqual([])

    setNow('2026-10-05T10:00:30.000Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'basics', 'practice', { position: true })).toBe(0)
    expect(await row()).toEqual({ started_at: '2026-10-05T10:00:30.000Z', last_module_id: 'basics', last_lesson_id: 'practice' })
    expect(await queued()).toEqual([{ metric: 'funnel_started', queued_at: '2026-10-05T10:00:30.000Z' }])
    expect(await seconds(enrolment, 'basics', 'intro')).toBe(30)

    // The next view moves the position on and keeps the start: nothing more is queued.
    setNow('2026-10-05T10:01:10.000Z')
    expect(await noteLessonRequest(testWork(db), enrolment, 'final', 'exam', { position: true })).toBe(0)
    expect(await row()).toEqual({ started_at: '2026-10-05T10:00:30.000Z', last_module_id: 'final', last_lesson_id: 'exam' })
    expect(await queued()).toHaveLength(1)
    expect(await seconds(enrolment, 'basics', 'practice')).toBe(40)
  })
})
