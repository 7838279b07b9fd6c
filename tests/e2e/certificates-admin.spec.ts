import { localIsoDate } from '#app/i18n/format.ts'
import { getCertificate, issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { testWork } from '#tests/setup/work.ts'

// Certificates issued here carry the address the test server prints in its
// QR codes: playwright.config.ts sets the same public origin in this process.

test.describe('the certificate registry', () => {
  test('an admin finds a certificate by its number and revokes it; the public check then says revoked', async ({ page, db, makeUser, login }) => {
    const admin = await makeUser({ roles: ['admin'] })
    const learner = await makeUser()
    const cohortId = await createTestCohort(db, await createTestCourse(db), { endsOn: '2099-12-31' })
    const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId, source: 'admin', today: localIsoDate(now()) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await db
      .updateTable('enrolments')
      .set({ status: 'completed', lessons_done: 3, completed_at: nowIso(), ended_at: nowIso() })
      .where('id', '=', enrolled.enrolmentId)
      .execute()
    const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
    if (!issued.ok) throw new Error(issued.error)
    const cert = (await getCertificate(testWork(db), issued.certificateId))!
    await login(page, admin)
    await page.goto('/admin')
    await page.getByRole('navigation', { name: 'Басқару бөлімдері' }).getByRole('link', { name: 'Сертификаттар' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Сертификаттар тізілімі' })).toBeVisible()
    expect(await accessibilityViolations(page)).toEqual([])

    await page.getByLabel('Тіркеу нөмірі, аты-жөні немесе ЖСН').fill(cert.number)
    await page.getByRole('button', { name: 'Іздеу' }).click()
    await expect(page.getByText('Табылды: 1', { exact: true })).toBeVisible()
    const rows = page.getByRole('region', { name: 'Сертификаттар тізілімі' }).getByRole('row')
    await expect(rows).toHaveCount(2)
    await expect(rows.nth(1)).toContainText(learner.fullName)
    await expect(rows.nth(1)).toContainText('Жарамды')
    await rows.nth(1).getByRole('link', { name: cert.number }).click()

    await expect(page.getByRole('heading', { level: 1, name: `Сертификат ${cert.number}` })).toBeVisible()
    await expect(page.getByRole('link', { name: 'PDF жүктеп алу' })).toHaveAttribute('href', `/certificates/${cert.id}.pdf`)
    expect(await accessibilityViolations(page)).toEqual([])
    // Too short a reason is refused in the browser, in Kazakh.
    await page.getByLabel('Себебі', { exact: true }).fill('ә')
    await page.getByRole('button', { name: 'Күшін жою' }).click()
    await expect(page.getByText('Себебін жазыңыз (кемінде 3 таңба).')).toBeVisible()
    await page.getByLabel('Себебі', { exact: true }).fill('Құжат басқа педагогке қате берілген')
    await page.getByRole('button', { name: 'Күшін жою' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Сертификаттың күші жойылды.' })).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: 'Күші жойылды. Себебі: Құжат басқа педагогке қате берілген' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Күшін жою' })).toHaveCount(0)

    await page.goto(`/verify/${cert.code}`)
    await expect(page.getByRole('status')).toContainText('Күші жойылған')
    await expect(page.getByText(learner.fullName)).toBeVisible()
  })
})
