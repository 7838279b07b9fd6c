import { describe, expect, test } from 'vitest'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { unreadNotifications } from '#app/modules/mail/notifications.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

// A survey notice is written once, in the account's language, but read in
// whichever language the interface is in when the teacher opens the home page.
describe('survey notifications', () => {
  test('a Kazakh account reading in Russian sees the survey’s Russian title', async () => {
    const course = await createTestCourse(db)
    await db
      .updateTable('course_versions')
      .set({ manifest: JSON.stringify({ ...course.manifest, surveys: { pre: 'course-pre' } }) })
      .where('id', '=', course.versionId)
      .execute()
    const cohortId = await createTestCohort(db, course)
    const user = await createUser(db)
    await db.updateTable('users').set({ locale: 'kk' }).where('id', '=', user.id).execute()
    const e = await enrol(testWork(db, { actorId: user.id }), { userId: user.id, cohortId, source: 'self', today: '2026-06-01' })
    if (!e.ok) throw new Error(e.error)
    await runSurveyJobs(testWork(db))

    const definition = await db
      .selectFrom('survey_assignments')
      .innerJoin('survey_versions', 'survey_versions.id', 'survey_assignments.survey_version_id')
      .select('survey_versions.definition')
      .where('survey_assignments.enrolment_id', '=', e.enrolmentId)
      .executeTakeFirstOrThrow()
    const title = (JSON.parse(definition.definition) as { title: Record<string, string> }).title
    expect(title.ru).toBeTruthy()
    expect(title.ru).not.toBe(title.kk)

    const ru = await unreadNotifications(testWork(db), user.id, 'ru')
    expect(ru).toHaveLength(1)
    expect(ru[0]!.params.title).toBe(title.ru)
    expect(Object.keys(ru[0]!.params)).toEqual(['title'])
    const kk = await unreadNotifications(testWork(db), user.id, 'kk')
    expect(kk[0]!.params.title).toBe(title.kk)
  })
})
