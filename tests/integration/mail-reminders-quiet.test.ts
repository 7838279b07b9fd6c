import { afterEach, describe, expect, test } from 'vitest'
import { DAY, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { enqueueMails } from '#app/modules/mail/outbox.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The reported defect: inviting 10,000 teachers queued 10,001 survey
// reminders within 10 minutes, each teacher getting "answer the survey"
// beside "activate your account". A teacher invited within the quiet period
// (REMINDER_QUIET_DAYS) gets no reminder until it is over.

const db = createTestDb()
afterEach(() => setClockOffset(0))

/** `count` teachers enrolled in a cohort of a course with a pre-course survey (assigned at enrolment). */
async function enrolledTeachers(count: number): Promise<FixtureUser[]> {
  const course = await createTestCourse(db)
  const manifest = { ...course.manifest, surveys: { pre: 'course-pre' } }
  await db
    .updateTable('course_versions')
    .set({ manifest: JSON.stringify(manifest) })
    .where('id', '=', course.versionId)
    .execute()
  const cohortId = await createTestCohort(db, course, { capacity: count })
  const teachers: FixtureUser[] = []
  for (let i = 0; i < count; i++) {
    const user = await createUser(db)
    const e = await enrol(testWork(db, { actorId: user.id }), { userId: user.id, cohortId, source: 'import', today: '2026-06-01' })
    if (!e.ok) throw new Error(e.error)
    teachers.push(user)
  }
  return teachers
}

function invite(teachers: FixtureUser[]) {
  return enqueueMails(
    db,
    teachers.map((t) => ({ kind: 'import_invitation', userId: t.id, to: t.email, subject: 'Шақыру', text: 'Тіркелгіңізді белсендіріңіз' })),
  )
}

async function remindersTo(teachers: FixtureUser[]): Promise<number> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'survey_reminder')
    .where(
      'user_id',
      'in',
      teachers.map((t) => t.id),
    )
    .executeTakeFirstOrThrow()
  return Number(rows.n)
}

describe('no survey reminder in the quiet period after an invitation', () => {
  test('100 teachers invited: no reminder that day; each gets one once the 7 days are over, and one not invited at once', async () => {
    const invited = await enrolledTeachers(100)
    const control = await enrolledTeachers(1)
    await invite(invited)

    await runSurveyJobs(testWork(db))
    expect(await remindersTo(invited)).toBe(0)
    expect(await remindersTo(control)).toBe(1)
    // Postponed, not spent: the assignments still have all their reminders.
    const counted = await db
      .selectFrom('survey_assignments')
      .select('reminders_sent')
      .where(
        'user_id',
        'in',
        invited.map((t) => t.id),
      )
      .execute()
    expect(counted.every((a) => a.reminders_sent === 0)).toBe(true)

    setClockOffset(6 * DAY)
    await runSurveyJobs(testWork(db))
    expect(await remindersTo(invited)).toBe(0)

    setClockOffset(7 * DAY + 60_000)
    await runSurveyJobs(testWork(db))
    expect(await remindersTo(invited)).toBe(100)
  }, 120_000)

  test('the period is a setting: with REMINDER_QUIET_DAYS=0 the invitation holds nothing back', async () => {
    const invited = await enrolledTeachers(3)
    await invite(invited)
    await runSurveyJobs(testWork(db, { config: { mail: { ratePerMinute: 600, batchSize: 50, reminderQuietDays: 0 } } }))
    expect(await remindersTo(invited)).toBe(3)
  }, 60_000)
})
