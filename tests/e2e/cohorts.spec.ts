import { accessibilityViolations, expect, test } from './fixtures.ts'
import type { Page } from '@playwright/test'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import { testWork } from '#tests/setup/work.ts'

async function expectAccessibleAtPhoneWidth(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

test.describe('cohorts on a 360-pixel phone', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  test('an admin creates a cohort through the form and sees it listed; its trainer opens the roster', async ({ page, db, makeUser, login, browser }) => {
    // Two people, five pages and an axe run on each: more than the default 30 s.
    test.slow()
    const course = await createTestCourse(db)
    const admin = await makeUser({ roles: ['admin'] })
    const trainer = await makeUser({ roles: ['trainer'] })
    const teacher = await makeUser({ roles: ['teacher'] })
    const title = `Сынақ тобы ${Date.now()}`
    try {
      await login(page, admin)
      await page.getByRole('navigation', { name: 'Басқару бөлімдері' }).getByRole('link', { name: 'Оқу топтары' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Оқу топтары' })).toBeVisible()
      await expectAccessibleAtPhoneWidth(page)

      await page.getByRole('link', { name: 'Жаңа оқу тобы' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Жаңа оқу тобын құру' })).toBeVisible()
      // Choosing the course reloads the form with its languages; a choice made
      // before the page has hydrated goes unheard, so choose until it is heard.
      await expect(async () => {
        await page.getByLabel('Курс', { exact: true }).selectOption(course.slug)
        await expect(page).toHaveURL(new RegExp(`course=${course.slug}`), { timeout: 1000 })
      }).toPass()
      await expect(page.getByLabel('Оқыту тілі').locator('option')).toHaveText(['Тілді таңдаңыз', 'Қазақ тілі', 'Орыс тілі'])
      await expectAccessibleAtPhoneWidth(page)

      await page.getByLabel('Оқу тобының атауы').fill(title)
      await page.getByLabel('Оқыту тілі').selectOption('ru')
      await page.getByLabel('Басталу күні').fill('2026-09-01')
      await page.getByLabel('Аяқталу күні').fill('2026-08-01')
      await page.getByLabel('Тренер', { exact: true }).selectOption(trainer.id)
      await page.getByLabel('Орын саны').fill('20')
      await page.getByLabel('Өңір', { exact: true }).selectOption('KZ-75')
      await page.getByRole('button', { name: 'Оқу тобын құру' }).click()
      await expect(page.getByText('Аяқталу күні басталу күнінен ерте болмауы керек.')).toBeVisible()
      await expect(page.getByLabel('Аяқталу күні')).toHaveAttribute('aria-invalid', 'true')

      await page.getByLabel('Аяқталу күні').fill('2026-11-30')
      await page.getByRole('button', { name: 'Оқу тобын құру' }).click()
      await expect(page.getByText('Оқу тобы құрылды.')).toBeVisible()
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title }) })
      await expect(row).toContainText(trainer.fullName)
      await expect(row).toContainText('Орыс тілі')
      await expect(row).toContainText('0 / 20')

      const cohort = await db.selectFrom('cohorts').select('id').where('title', '=', title).executeTakeFirstOrThrow()
      const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId: cohort.id, source: 'admin', today: localIsoDate(now()) })
      expect(enrolled.ok).toBe(true)

      const other = await browser.newContext({ viewport: { width: 360, height: 740 } })
      const trainerPage = await other.newPage()
      await login(trainerPage, trainer)
      await trainerPage.goto('/trainer')
      await expect(trainerPage.getByRole('heading', { level: 1, name: 'Менің оқу топтарым' })).toBeVisible()
      await expectAccessibleAtPhoneWidth(trainerPage)
      await trainerPage.getByRole('link', { name: title }).click()
      await expect(trainerPage.getByRole('heading', { level: 1, name: title })).toBeVisible()
      await expect(trainerPage.getByRole('rowheader', { name: teacher.fullName })).toBeVisible()
      await expect(trainerPage.getByRole('progressbar', { name: `${teacher.fullName}: оқу барысы` })).toHaveAttribute('value', '0')
      await expect(trainerPage.getByRole('columnheader', { name: '«Негіздер» модулінің тесті' })).toBeVisible()
      // Only admins open and close enrolment.
      await expect(trainerPage.getByRole('button', { name: 'Қабылдауды жабу' })).toHaveCount(0)
      await expectAccessibleAtPhoneWidth(trainerPage)
      const download = trainerPage.waitForEvent('download')
      await expect(trainerPage.getByRole('link', { name: /^Excel кестесі \(XLSX\)\s*, Тізімді жүктеп алу$/ })).toHaveAttribute(
        'href',
        `/cohorts/${cohort.id}/roster.xlsx`,
      )
      await trainerPage.getByRole('link', { name: /^CSV файлы\s*, Тізімді жүктеп алу$/ }).click()
      expect((await download).suggestedFilename()).toBe(`roster-${cohort.id}.csv`)
      await other.close()

      await row.getByRole('link', { name: title }).click()
      await page.getByRole('button', { name: 'Қабылдауды жабу' }).click()
      await expect(page.getByText('Бұл топқа қабылдау жабылды.')).toBeVisible()
      await expect(page.getByRole('button', { name: 'Қабылдауды ашу' })).toBeVisible()
    } finally {
      // The fixtures remove the users; first remove what points at them.
      const cohorts = await db.selectFrom('cohorts').select('id').where('course_id', '=', course.slug).execute()
      const enrolments = await db.selectFrom('enrolments').select('id').where('course_id', '=', course.slug).execute()
      const targets = [...cohorts, ...enrolments].map((r) => r.id)
      if (targets.length) await db.deleteFrom('audit_log').where('target_id', 'in', targets).execute()
      await db.deleteFrom('enrolments').where('course_id', '=', course.slug).execute()
      await db.deleteFrom('cohorts').where('course_id', '=', course.slug).execute()
      await db.updateTable('courses').set({ current_version_id: null }).where('id', '=', course.slug).execute()
      await db.deleteFrom('course_versions').where('course_id', '=', course.slug).execute()
      await db.deleteFrom('courses').where('id', '=', course.slug).execute()
    }
  })
})
