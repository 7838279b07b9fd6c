import type { Page } from '@playwright/test'
import type { Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import type { FixtureUser } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'

// axe on every page each role reaches from its menu and main flows, in the
// light and the dark colour scheme (prefers-color-scheme, as a phone set to
// dark asks for it). One page load per page and scheme; one test per role and
// scheme, so the two workers share them out. Serious and critical violations
// fail, colour contrast included; every page is checked before the test fails,
// so one run lists them all.

const COURSE = 'e2e-short'
const SCHEMES = ['light', 'dark'] as const
// The pre-course survey a cohort of the short course gives at enrolment.
const PRE_SURVEY = 'pre'

async function checkPages(page: Page, scheme: (typeof SCHEMES)[number], paths: string[]) {
  await page.emulateMedia({ colorScheme: scheme })
  for (const path of paths) {
    const response = await page.goto(path)
    expect.soft(response?.status(), `${path} status`).toBeLessThan(path === '/no-such-page' ? 500 : 400)
    expect.soft(await accessibilityViolations(page), `${path} (${scheme})`).toEqual([])
  }
}

/** A teacher enrolled in a cohort of the short course, with the lessons studied and both quizzes passed: a certificate. */
async function certifiedTeacher(db: Database, teacher: FixtureUser) {
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()
  const cohortId = await createTestCohort(db, { slug: COURSE, versionId: course.current_version_id! })
  const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
  if (!enrolled.ok) throw new Error(enrolled.error)
  const enrolment = { id: enrolled.enrolmentId, course_version_id: course.current_version_id! }
  await studyLesson(db, enrolment, 'start', 'welcome')
  await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', { q1: ['b'], q2: ['a', 'b'] })
  await submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', { q1: ['b'], q2: ['a'] })
  const certificate = await db.selectFrom('certificates').select(['id', 'code']).where('user_id', '=', teacher.id).executeTakeFirstOrThrow()
  const survey = await db
    .selectFrom('survey_assignments')
    .select('id')
    .where('enrolment_id', '=', enrolled.enrolmentId)
    .where('schedule_key', '=', PRE_SURVEY)
    .executeTakeFirstOrThrow()
  return { cohortId, certificate, surveyAssignmentId: survey.id }
}

/** Survey answers and the enrolment go before the user fixture deletes the user. */
async function removeStudy(db: Database, userId: string) {
  await db.deleteFrom('survey_responses').where('user_id', '=', userId).execute()
  await db.deleteFrom('survey_assignments').where('user_id', '=', userId).execute()
}

/** A parent session recorded at the coordinator's school: its page and its check-in code. */
async function parentSession(db: Database, coordinator: FixtureUser) {
  const lesson = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
  const recorded = await recordSession(testWork(db, { actorId: coordinator.id }), {
    schoolId: 'sch-kz75-1',
    session: {
      courseId: 'family-support',
      lessonKey: lesson,
      heldOn: localIsoDate(now()),
      facilitator: 'Айгүл Серікқызы',
      headCount: 25,
      notes: null,
      clientKey: undefined,
    },
    source: 'form',
  })
  if (!recorded.ok) throw new Error(JSON.stringify(recorded))
  return recorded.value
}

for (const scheme of SCHEMES) {
  test.describe(`axe in the ${scheme} scheme`, () => {
    test('guest pages', async ({ page, db, makeUser }) => {
      test.setTimeout(120_000)
      const teacher = await makeUser({ roles: ['teacher'] })
      const { certificate } = await certifiedTeacher(db, teacher)
      const coordinator = await makeUser({ roles: ['coordinator'] })
      const session = await parentSession(db, coordinator)
      try {
        await checkPages(page, scheme, [
          '/',
          '/courses',
          `/courses/${COURSE}`,
          '/login',
          '/register',
          '/register?region=KZ-75',
          '/forgot-password',
          '/verify',
          `/verify/${certificate.code}`,
          '/parents',
          '/parents/family-support/lessons/emotions',
          `/c/${session.code}`,
          '/no-such-page',
        ])
      } finally {
        await removeStudy(db, teacher.id)
      }
    })

    test('teacher pages', async ({ page, db, makeUser, login }) => {
      test.setTimeout(120_000)
      const teacher = await makeUser({ roles: ['teacher'] })
      const { surveyAssignmentId } = await certifiedTeacher(db, teacher)
      try {
        await login(page, teacher)
        await checkPages(page, scheme, [
          '/',
          '/courses',
          `/courses/${COURSE}`,
          `/learn/${COURSE}`,
          `/learn/${COURSE}/start/welcome`,
          `/learn/${COURSE}/basics/practice`,
          `/learn/${COURSE}/final/exam`,
          '/certificates',
          '/surveys',
          `/surveys/${surveyAssignmentId}`,
          '/support',
          '/account',
        ])
      } finally {
        await removeStudy(db, teacher.id)
      }
    })

    test('parent pages', async ({ page, makeUser, login }) => {
      test.setTimeout(60_000)
      const parent = await makeUser({ roles: ['parent'] })
      await login(page, parent)
      await checkPages(page, scheme, ['/', '/parents', '/parents/family-support/lessons/emotions', '/account'])
    })

    test('trainer pages', async ({ page, db, makeUser, login }) => {
      test.setTimeout(120_000)
      const trainer = await makeUser({ roles: ['trainer'] })
      await addCourseEditor(db, COURSE, trainer.id, null)
      const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()
      const cohortId = await createTestCohort(db, { slug: COURSE, versionId: course.current_version_id! }, { trainerId: trainer.id })
      try {
        await login(page, trainer)
        await checkPages(page, scheme, [
          '/trainer',
          `/cohorts/${cohortId}/roster`,
          '/trainer/support',
          '/trainer/support/new',
          '/trainer/import',
          '/author',
          `/author/${COURSE}`,
          `/author/${COURSE}/lessons/basics/practice`,
          `/author/${COURSE}/settings`,
          `/author/${COURSE}/history`,
          `/author/${COURSE}/media`,
        ])
      } finally {
        // The cohort stays; the trainer the fixture deletes leaves it.
        await db.updateTable('cohorts').set({ trainer_id: null }).where('id', '=', cohortId).execute()
      }
    })

    test('coordinator pages', async ({ page, db, makeUser, login }) => {
      test.setTimeout(60_000)
      const coordinator = await makeUser({ roles: ['coordinator'] })
      const session = await parentSession(db, coordinator)
      await login(page, coordinator)
      await checkPages(page, scheme, ['/centre', `/centre/sessions/${session.sessionId}`, '/account'])
    })

    test('admin pages: people, courses and certificates', async ({ page, db, makeUser, login }) => {
      test.setTimeout(150_000)
      const teacher = await makeUser({ roles: ['teacher'] })
      const { certificate } = await certifiedTeacher(db, teacher)
      const admin = await makeUser({ roles: ['admin'] })
      try {
        await login(page, admin)
        await checkPages(page, scheme, [
          '/admin',
          '/admin/users',
          `/admin/users/${teacher.id}`,
          '/admin/cohorts',
          '/admin/cohorts/new',
          '/admin/import',
          '/admin/schools',
          '/admin/certificates',
          `/admin/certificates/${certificate.id}`,
          '/admin/accreditation',
          '/admin/audit',
          '/admin/outbox',
        ])
      } finally {
        await removeStudy(db, teacher.id)
      }
    })

    test('admin pages: surveys, targets, dashboard, events and parents', async ({ page, makeUser, login }) => {
      test.setTimeout(150_000)
      const admin = await makeUser({ roles: ['admin'] })
      await login(page, admin)
      await checkPages(page, scheme, [
        '/admin/surveys',
        '/admin/surveys/course-end',
        '/admin/targets',
        '/admin/dashboard/regions/KZ-75',
        `/admin/dashboard/courses/${COURSE}`,
        '/admin/events',
        '/admin/events/new',
        '/admin/parents',
        '/admin/parents/centres',
        '/admin/parents/import',
      ])
    })
  })
}
