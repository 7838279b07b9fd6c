import type { Page } from '@playwright/test'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { testWork } from '#tests/setup/work.ts'

async function expectAccessibleAtPhoneWidth(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

test.describe('post-course support on a 360-pixel phone', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  test('a trainer records a mentoring session for two teachers of their cohort; one of them sees it in their history', async ({
    page,
    db,
    makeUser,
    login,
    browser,
  }) => {
    // Two people, five pages and an axe run on each: more than the default 30 s.
    test.slow()
    const course = await createTestCourse(db)
    const trainer = await makeUser({ roles: ['trainer'] })
    const first = await makeUser({ roles: ['teacher'] })
    const second = await makeUser({ roles: ['teacher'] })
    const studying = await makeUser({ roles: ['teacher'] })
    const cohortId = await createTestCohort(db, course, { trainerId: trainer.id, endsOn: '2099-12-31' })
    const title = `Тәлімгерлік кездесу ${Date.now()}`
    try {
      for (const teacher of [first, second, studying]) {
        const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: localIsoDate(now()) })
        if (!enrolled.ok) throw new Error(enrolled.error)
        if (teacher !== studying) {
          await db.updateTable('enrolments').set({ status: 'completed', completed_at: now().toISOString() }).where('id', '=', enrolled.enrolmentId).execute()
        }
      }

      await login(page, trainer)
      await page.goto('/trainer/support')
      await expect(page.getByRole('heading', { level: 1, name: 'Сүйемелдеу іс-шаралары' })).toBeVisible()
      await expect(page.getByText('Іс-шаралар әлі тіркелмеген.')).toBeVisible()
      await expectAccessibleAtPhoneWidth(page)

      await page.getByRole('link', { name: 'Іс-шараны тіркеу' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Сүйемелдеу іс-шарасын тіркеу' })).toBeVisible()
      // A lesson observation brings its checklist: each item answered yes, partly or no.
      await expect(async () => {
        await page.getByLabel('Іс-шара түрі').selectOption('observation')
        await expect(page).toHaveURL(/kind=observation/, { timeout: 1000 })
      }).toPass()
      const checklist = page.getByRole('group', { name: 'Сабақты бақылау парағы' })
      await expect(checklist.getByRole('group')).toHaveCount(7)
      await expect(checklist.getByRole('group', { name: 'Курста үйренген тәсілдер қолданылады' }).getByRole('radio')).toHaveCount(3)
      await expectAccessibleAtPhoneWidth(page)
      await page.getByLabel('Іс-шара түрі').selectOption('mentoring')
      await expect(page).toHaveURL(/kind=mentoring/)
      await expect(checklist).toHaveCount(0)
      // Choosing the cohort reloads the form with its teachers; a choice made
      // before the page has hydrated goes unheard, so choose until it is heard.
      await expect(async () => {
        await page.getByLabel('Оқу тобы', { exact: true }).selectOption(cohortId)
        await expect(page).toHaveURL(new RegExp(`cohort=${cohortId}`), { timeout: 1000 })
      }).toPass()
      const teachers = page.getByRole('group', { name: /курсты аяқтаған педагогтер/ })
      await expect(teachers.getByRole('checkbox')).toHaveCount(2)
      // Only teachers who completed the course are offered.
      await expect(teachers.getByRole('checkbox', { name: new RegExp(studying.fullName) })).toHaveCount(0)
      await expect(page.getByLabel('Іс-шара түрі')).toHaveValue('mentoring')
      await expectAccessibleAtPhoneWidth(page)

      // Nobody ticked: refused, nothing written.
      await page.getByLabel('Тақырыбы').fill(title)
      await page.getByRole('button', { name: 'Іс-шараны тіркеу' }).click()
      await expect(page.getByText('Кемінде бір қатысушыны белгілеңіз немесе ЖСН тізімін беріңіз.')).toBeVisible()

      await page.getByLabel('Тақырыбы').fill(title)
      await teachers.getByRole('checkbox', { name: new RegExp(first.fullName) }).check()
      await teachers.getByRole('checkbox', { name: new RegExp(second.fullName) }).check()
      await page.getByRole('button', { name: 'Іс-шараны тіркеу' }).click()
      await expect(page.getByText('Іс-шара тіркелді.')).toBeVisible()
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
      await expect(page.getByRole('heading', { name: 'Қатысушылар (2)' })).toBeVisible()
      await expect(page.getByRole('rowheader', { name: first.fullName })).toBeVisible()
      await expect(page.getByRole('rowheader', { name: second.fullName })).toBeVisible()
      await expectAccessibleAtPhoneWidth(page)

      await page.getByRole('link', { name: 'Барлық іс-шаралар' }).click()
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title }) })
      await expect(row).toContainText('Тәлімгерлік')
      await expect(row.getByRole('cell').last()).toHaveText('2')

      const other = await browser.newContext({ viewport: { width: 360, height: 740 } })
      const teacherPage = await other.newPage()
      await login(teacherPage, first)
      await teacherPage.goto('/support')
      await expect(teacherPage.getByRole('heading', { level: 1, name: 'Курстан кейінгі сүйемелдеу' })).toBeVisible()
      const mine = teacherPage.getByRole('row').filter({ has: teacherPage.getByRole('rowheader', { name: title }) })
      await expect(mine).toContainText('Тәлімгерлік')
      await expect(mine).toContainText(trainer.fullName)
      await expectAccessibleAtPhoneWidth(teacherPage)
      await other.close()
    } finally {
      // The fixtures remove the users; first remove what points at them.
      const activities = await db.selectFrom('support_activities').select('id').where('trainer_id', '=', trainer.id).execute()
      const enrolments = await db.selectFrom('enrolments').select('id').where('course_id', '=', course.slug).execute()
      const targets = [cohortId, ...activities.map((a) => a.id), ...enrolments.map((e) => e.id)]
      await db.deleteFrom('audit_log').where('target_id', 'in', targets).execute()
      if (activities.length)
        await db
          .deleteFrom('support_participants')
          .where(
            'activity_id',
            'in',
            activities.map((a) => a.id),
          )
          .execute()
      await db.deleteFrom('support_activities').where('trainer_id', '=', trainer.id).execute()
      await db.deleteFrom('enrolments').where('course_id', '=', course.slug).execute()
      await db.deleteFrom('cohorts').where('course_id', '=', course.slug).execute()
      await db.updateTable('courses').set({ current_version_id: null }).where('id', '=', course.slug).execute()
      await db.deleteFrom('course_versions').where('course_id', '=', course.slug).execute()
      await db.deleteFrom('courses').where('id', '=', course.slug).execute()
    }
  })
})
