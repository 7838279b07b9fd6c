import type { Page } from '@playwright/test'
import type { Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import type { FixtureUser } from '#tests/fixtures/users.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { testWork } from '#tests/setup/work.ts'

// The targets dashboard in Chromium on the demo data, with two teachers of
// Akmola Region trained in a course of this test's own: an admin reads the
// cards, switches the map, opens a region from the map and a course from the
// funnel; a regional admin sees only their region. Other specs run beside
// this one, so the figures are checked for their shape and for this test's
// own teachers, not as national totals.

const SCHOOL = 'sch-kz11-2'
const year = () => Number(localIsoDate(now()).slice(0, 4))

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

/** Enrols a teacher, completes the enrolment and issues its certificate; the rollups follow. */
async function train(db: Database, teacher: FixtureUser, cohortId: string) {
  const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: localIsoDate(now()) })
  if (!enrolled.ok) throw new Error(enrolled.error)
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', lessons_done: 3, started_at: nowIso(), completed_at: nowIso(), ended_at: nowIso() })
    .where('id', '=', enrolled.enrolmentId)
    .execute()
  await refreshMetrics(db, ['funnel_started', 'funnel_completed'], [enrolled.enrolmentId])
  const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
}

test.describe('the targets dashboard', () => {
  test('an admin reads the cards, switches the map, opens a region from the map and a course’s cohorts', async ({ page, db, makeUser, login }) => {
    // Three pages with an axe run each.
    test.slow()
    const course = await createTestCourse(db)
    const cohortId = await createTestCohort(db, course, { regionCode: 'KZ-11', startsOn: '2025-01-10', endsOn: '2099-12-31' })
    const cohort = await db.selectFrom('cohorts').select('title').where('id', '=', cohortId).executeTakeFirstOrThrow()
    for (let i = 0; i < 2; i++) await train(db, await makeUser({ regionCode: 'KZ-11', schoolId: SCHOOL }), cohortId)
    const target = await db
      .selectFrom('metric_targets')
      .select('value')
      .where('metric', '=', 'teachers_trained')
      .where('year', '=', year())
      .executeTakeFirstOrThrow()
    const admin = await makeUser({ roles: ['admin'] })

    await login(page, admin)
    await page.goto('/admin')
    await expect(page.getByRole('heading', { level: 1, name: 'Стратегия көрсеткіштері' })).toBeVisible()
    await expect(page.getByText(`Бүкіл Қазақстан, ${year()} жыл`)).toBeVisible()
    const trained = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name: 'Біліктілікті арттыру курстарынан өткен орта білім беру педагогтерінің саны' }) })
    await expect(trained.getByText(/^\d[\d\u00a0]*$/)).toBeVisible()
    await expect(trained).toContainText(`${year()} жылғы мақсат: ${target.value.toLocaleString('en-US').replace(/,/g, '\u00a0')}`)
    await expect(trained).toContainText(/Мақсаттың [\d,]+% орындалды/)
    await expect(trained).toContainText(/Күйі: \S/)
    await expect(page.getByRole('heading', { level: 3 })).toHaveCount(7 + 2) // the seven cards, then the funnel's two tables
    await expectAccessible(page)

    // The map shows teachers trained until another indicator is chosen.
    await expect(page.getByRole('group', { name: /^Өңірлер картасы: Біліктілікті арттыру/ })).toBeVisible()
    const byRegion = page.getByRole('region', { name: 'Өңірлер бойынша', exact: true })
    await byRegion.getByLabel('Картадағы көрсеткіш').selectOption({ label: 'Ата-аналардың қатысуы' })
    await byRegion.getByRole('button', { name: 'Көрсету' }).click()
    await expect(page).toHaveURL(/[?&]map=parent_attendances/)
    await expect(page.getByRole('group', { name: /^Өңірлер картасы: Ата-аналарды педагогикалық қолдау/ })).toBeVisible()
    await page.getByLabel('Картадағы көрсеткіш').selectOption({ label: 'Курстан өткен педагогтер' })
    await page.getByRole('region', { name: 'Өңірлер бойынша', exact: true }).getByRole('button', { name: 'Көрсету' }).click()
    await expect(page).toHaveURL(/[?&]map=teachers_trained/)

    // Akmola's tile names the region and its figure, and opens the region's page.
    await page.getByRole('link', { name: /^Ақмола облысы: \d+\. Өңір бетін ашу$/ }).click()
    await expect(page).toHaveURL(/\/admin\/dashboard\/regions\/KZ-11\?year=\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Ақмола облысы: стратегия көрсеткіштері' })).toBeVisible()
    const school = await db.selectFrom('schools').select('name_kk').where('id', '=', SCHOOL).executeTakeFirstOrThrow()
    const schoolRow = page
      .getByRole('region', { name: /^Ақмола облысы: мектептер, \d+ жыл$/ })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: school.name_kk }) })
    // district, teachers trained, …
    await expect(schoolRow.getByRole('cell').nth(1)).toHaveText('2')
    await expectAccessible(page)

    // The region's funnel opens the course, which lists its cohorts.
    await page
      .getByRole('region', { name: /^Воронка курстар бойынша/ })
      .locator(`a[href^="/admin/dashboard/courses/${course.slug}?"]`)
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'Сынақ курсы: оқу топтары' })).toBeVisible()
    const cohortRow = page.getByRole('row').filter({ hasText: cohort.title })
    // enrolled, started, completed, certified: each 2, with its share
    await expect(cohortRow.getByRole('cell').nth(0)).toHaveText(/^2\s*100%$/)
    await expect(cohortRow.getByRole('cell').nth(3)).toHaveText(/^2\s*100%$/)
    await expect(page.getByRole('img', { name: 'Воронка: Сынақ курсы' })).toBeVisible()
    await expectAccessible(page)
  })

  test('a regional admin sees only their region; another region’s address is refused', async ({ page, makeUser, login }) => {
    const almaty = await makeUser({ roles: ['regional_admin'], regionCode: 'KZ-75' })
    await login(page, almaty)
    await page.goto('/admin')
    await expect(page.getByText(`Алматы, ${year()} жыл`)).toBeVisible()
    await expect(page.getByText('Мақсаттар бүкіл ел үшін белгіленеді, өңірлерге бөлінбейді.')).toBeVisible()
    await expect(page.getByLabel('Өңір', { exact: true })).toHaveCount(0)
    await expect(page.getByText('Ақмола облысы')).toHaveCount(0)
    await expect(page.getByRole('group', { name: /Өңірлер картасы/ })).toHaveCount(0)
    await page.getByRole('link', { name: 'Алматы: мектептер бойынша көрсеткіштер' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Алматы: стратегия көрсеткіштері' })).toBeVisible()

    for (const path of ['/admin/dashboard/regions/KZ-11', '/admin?region=KZ-11']) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(403)
      await expect(page.getByRole('heading', { level: 1, name: 'Рұқсат жоқ' })).toBeVisible()
      await expect(page.getByText('Бұл өңірдің көрсеткіштері сізге ашық емес')).toBeVisible()
    }
  })
})

test.describe('the dashboard on a 360-pixel phone', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  test('has no serious accessibility problems and no sideways scroll', async ({ page, makeUser, login }) => {
    test.slow()
    const admin = await makeUser({ roles: ['admin'] })
    await login(page, admin)
    for (const path of ['/admin', '/admin?region=KZ-75&map=parent_attendances&chart=parent_attendances', '/admin/dashboard/regions/KZ-75']) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await expectAccessible(page)
    }
    // The map's tiles and the chart fit the screen whole.
    await page.goto('/admin')
    for (const name of [/^Өңірлер картасы/]) {
      const box = await page.getByRole('group', { name }).boundingBox()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(360)
    }
    const chart = await page.getByRole('img', { name: /айлық жиынтық$/ }).boundingBox()
    expect(chart!.x + chart!.width).toBeLessThanOrEqual(360)
  })
})
