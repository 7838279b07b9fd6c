import type { Page } from '@playwright/test'
import { newId } from '#db/ids.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'

async function expectAccessibleAtPhoneWidth(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

const RECOMMEND = 'Осы курсты әріптесіңізге ұсынар ма едіңіз? 0 — мүлде ұсынбаймын, 10 — сөзсіз ұсынамын.'

test.describe('survey reports on a 360-pixel phone', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  test('an admin filters a report to a cohort and reads a chart beside its table; another region’s admin is refused', async ({
    page,
    db,
    makeUser,
    login,
    browser,
  }) => {
    // Two people, an axe run on each of three pages: more than the default 30 s.
    test.slow()
    const course = await createTestCourse(db)
    const cohortId = await createTestCohort(db, course, { regionCode: 'KZ-75' })
    const cohort = await db.selectFrom('cohorts').select('title').where('id', '=', cohortId).executeTakeFirstOrThrow()
    const admin = await makeUser({ roles: ['admin'] })
    const otherRegion = await makeUser({ roles: ['regional_admin'], regionCode: 'KZ-11' })
    const survey = await db.selectFrom('surveys').select('current_version_id').where('id', '=', 'course-end').executeTakeFirstOrThrow()
    // Six anonymous end-of-course answers in this cohort: enough to be shown.
    const responseIds: string[] = []
    for (const value of [10, 10, 9, 8, 10, 7]) {
      const id = newId()
      responseIds.push(id)
      await db
        .insertInto('survey_responses')
        .values({
          id,
          survey_id: 'course-end',
          survey_version_id: survey.current_version_id!,
          purpose: 'end',
          schedule_key: 'end',
          course_id: course.slug,
          cohort_id: cohortId,
          region_code: 'KZ-75',
          enrolment_id: null,
          user_id: null,
          period: '2026-05',
          submitted_at: null,
        })
        .execute()
      await db.insertInto('survey_answers').values({ response_id: id, item_id: 'recommend', value_num: value, option_id: null, value_text: null }).execute()
    }
    try {
      await login(page, admin)
      await page.goto('/admin')
      await page.getByRole('navigation', { name: 'Басқару бөлімдері' }).getByRole('link', { name: 'Сауалнамалар' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Сауалнама нәтижелері' })).toBeVisible()
      await expectAccessibleAtPhoneWidth(page)

      await page.getByRole('link', { name: 'Курс соңындағы сауалнама' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Курс соңындағы сауалнама' })).toBeVisible()
      await page.getByLabel('Оқу тобы', { exact: true }).selectOption({ label: cohort.title })
      await page.getByRole('button', { name: 'Сүзу' }).click()
      await expect(page).toHaveURL(new RegExp(`cohort=${cohortId}`))

      const chart = page.getByRole('img', { name: `«${RECOMMEND}»: жауаптардың бөлінуі` })
      await expect(chart).toBeVisible()
      await expect(chart).toHaveAttribute('aria-describedby', 'table-recommend')
      const table = page.locator('#table-recommend')
      await expect(table).toBeVisible()
      const row = (value: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: value, exact: true }) })
      await expect(row('10').getByRole('cell')).toHaveText(['3', '50%'])
      await expect(row('7').getByRole('cell')).toHaveText(['1', '16,7%'])
      await expect(row('0').getByRole('cell')).toHaveText(['0', '0%'])
      await expect(page.getByText('Жауап бергендер: 6 · Орташа мәні 9, стандартты ауытқуы 1,26')).toBeVisible()
      // Fewer than five answered anything else here.
      await expect(page.getByText('Жауаптар 5-тен аз: құпиялықты сақтау үшін нәтиже көрсетілмейді.').first()).toBeVisible()
      await expect(page.getByRole('link', { name: 'Excel кестесі (XLSX)' })).toHaveAttribute('href', `/admin/surveys/course-end/report.xlsx?cohort=${cohortId}`)
      await expectAccessibleAtPhoneWidth(page)

      const other = await browser.newContext({ viewport: { width: 360, height: 740 } })
      const otherPage = await other.newPage()
      await login(otherPage, otherRegion)
      const refused = await otherPage.goto(`/admin/surveys/course-end?cohort=${cohortId}`)
      expect(refused?.status()).toBe(403)
      await expect(otherPage.getByRole('heading', { level: 1, name: 'Рұқсат жоқ' })).toBeVisible()
      expect((await otherPage.goto('/admin/surveys/course-end?region=KZ-75'))?.status()).toBe(403)
      await other.close()
    } finally {
      await db.deleteFrom('survey_answers').where('response_id', 'in', responseIds).execute()
      await db.deleteFrom('survey_responses').where('id', 'in', responseIds).execute()
      await db.deleteFrom('cohorts').where('id', '=', cohortId).execute()
      await db.updateTable('courses').set({ current_version_id: null }).where('id', '=', course.slug).execute()
      await db.deleteFrom('course_versions').where('course_id', '=', course.slug).execute()
      await db.deleteFrom('courses').where('id', '=', course.slug).execute()
    }
  })
})
