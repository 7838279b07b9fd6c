import type { Page } from '@playwright/test'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { uniqueIin } from '#tests/fixtures/users.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { now } from '#app/modules/clock/clock.server.ts'

const HEADER = 'ЖСН;Аты-жөні;Электрондық пошта;Өңір;Мектеп'

/** Three teachers as a spreadsheet would save them; `badEmail` spoils the second one's address (line 3). */
function teachersCsv(tag: string, iins: string[], badEmail: boolean): Buffer {
  const names = ['Әсел Қанатқызы', 'Бауыржан Өмірұлы', 'Гүлмира Ұзақбайқызы']
  const rows = names.map((name, i) => `${iins[i]};${name};${badEmail && i === 1 ? 'bauyrzhan@@example' : `t${i}-${tag}@example.kz`};KZ-75;sch-kz75-${i + 1}`)
  return Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`)
}

async function upload(page: Page, cohortId: string, buffer: Buffer) {
  await page.getByLabel('Ағын (файлда «Ағын» бағаны жоқ жолдар үшін)').selectOption(cohortId)
  await page.getByLabel('Файл (CSV, XLSX немесе Юникод мәтіні)').setInputFiles({ name: 'teachers.csv', mimeType: 'text/csv', buffer })
  await page.getByRole('button', { name: 'Жүктеу және тексеру' }).click()
  await expect(page).toHaveURL(/\/admin\/import\/[a-z2-7]{16}$/)
}

test.describe('bulk enrolment', () => {
  // One roster import runs at a time, and a job these tests plant as running counts: they take turns.
  test.describe.configure({ mode: 'serial' })

  test('a bad row is reported by its line and nothing is enrolled; the corrected file enrols everyone', async ({ page, db, makeUser, login }) => {
    // Two imports run as paced background jobs, one after the other.
    test.setTimeout(60_000)
    const admin = await makeUser({ roles: ['admin'] })
    const course = await createTestCourse(db)
    const cohortId = await createTestCohort(db, course)
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
    const iins = [uniqueIin(), uniqueIin(), uniqueIin()]
    const enrolled = async () => (await db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).execute()).length

    await login(page, admin)
    await page.goto('/admin')
    await page.getByRole('navigation', { name: 'Басқару бөлімдері' }).getByRole('link', { name: 'Импорт' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Педагогтер тізімін жүктеу' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Үлгі файлды жүктеп алу' })).toHaveAttribute('href', '/admin/import/sample.csv')
    await expect(page.getByRole('link', { name: 'XLSX үлгісі' })).toHaveAttribute('href', '/admin/import/sample.xlsx')
    await expect(page.getByLabel('Парақ')).toBeVisible()
    expect(await accessibilityViolations(page)).toEqual([])

    await upload(page, cohortId, teachersCsv(tag, iins, true))
    await expect(page.getByRole('alert')).toHaveText('Файлда қателер бар, сондықтан ештеңе сақталмады. Қателерді түзетіп, файлды қайта жүктеңіз.')
    const rows = page.getByRole('region', { name: 'Қателер' }).getByRole('row')
    await expect(rows).toHaveCount(2)
    await expect(rows.nth(1).getByRole('cell')).toHaveText(['3', 'Электрондық пошта мекенжайы дұрыс емес: «bauyrzhan@@example».'])
    await expect(page.getByRole('progressbar', { name: 'Тексерілген жолдар' })).toHaveAttribute('value', '3')
    expect(await accessibilityViolations(page)).toEqual([])
    expect(await enrolled()).toBe(0)
    expect(await db.selectFrom('users').select('id').where('iin', 'in', iins).execute()).toHaveLength(0)

    await page.getByRole('link', { name: 'Басқа файлды жүктеу' }).click()
    await upload(page, cohortId, teachersCsv(tag, iins, false))
    await expect(page.getByRole('status')).toHaveText('Импорт аяқталды.')
    await expect(page.getByRole('listitem').filter({ hasText: 'Ағынға жазылды' })).toHaveText(/^3\s*Ағынға жазылды$/)
    await expect(page.getByRole('listitem').filter({ hasText: 'Жаңа пайдаланушылар' })).toHaveText(/^3\s*Жаңа пайдаланушылар$/)
    expect(await enrolled()).toBe(3)
    const invited = await db.selectFrom('mail_outbox').select('to_address').where('to_address', 'like', `%-${tag}@example.kz`).execute()
    expect(invited).toHaveLength(3)

    // The admin fixture is removed after the test; its jobs must go first.
    await db.deleteFrom('jobs').where('created_by', '=', admin.id).execute()
  })

  for (const javaScriptEnabled of [true, false]) {
    test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
      test.use({ javaScriptEnabled })

      test('a running job page follows the job until it ends', async ({ page, db, makeUser, login }) => {
        const admin = await makeUser({ roles: ['admin'] })
        const cohortId = await createTestCohort(db, await createTestCourse(db))
        const jobId = Array.from({ length: 16 }, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(Math.random() * 32)]).join('')
        await db
          .insertInto('jobs')
          .values({
            id: jobId,
            kind: 'roster',
            status: 'running',
            phase: 'checking',
            file_name: 'big.csv',
            total: 2_000,
            processed: 500,
            result: null,
            params: JSON.stringify({ cohortId, sheet: null, access: { kind: 'all' } }),
            created_by: admin.id,
            created_at: now().toISOString(),
            started_at: now().toISOString(),
            // An hour ahead: other specs move the server's clock by minutes meanwhile, and a job whose
            // heartbeat is 3 minutes old on the server's clock is taken over as interrupted.
            heartbeat_at: new Date(now().getTime() + 3_600_000).toISOString(),
            runner: 'test:1',
            finished_at: null,
          })
          .execute()
        await login(page, admin)
        await page.goto(`/admin/import/${jobId}`)
        await expect(page.getByRole('progressbar', { name: 'Тексерілген жолдар' })).toHaveAttribute('value', '500')
        await expect(page.getByText('Тіркелгілер мен ағындармен салыстырылуда: 500 / 2\u00a0000 жол (25%)')).toBeVisible()
        // With JavaScript the page revalidates in place: a mark left on the page survives.
        if (javaScriptEnabled) await page.evaluate(() => document.body.setAttribute('data-mark', 'kept'))
        await db.updateTable('jobs').set({ processed: 1_500 }).where('id', '=', jobId).execute()
        await expect(page.getByText('(75%)')).toBeVisible()
        await db
          .updateTable('jobs')
          .set({
            status: 'done',
            processed: 2_000,
            result: JSON.stringify({ kind: 'counts', usersCreated: 0, usersUpdated: 0, usersFound: 2_000, enrolled: 0, alreadyEnrolled: 2_000, notices: [] }),
          })
          .where('id', '=', jobId)
          .execute()
        await expect(page.getByRole('status')).toHaveText('Импорт аяқталды.')
        if (javaScriptEnabled) await expect(page.locator('body')).toHaveAttribute('data-mark', 'kept')
        await db.deleteFrom('jobs').where('id', '=', jobId).execute()
      })
    })
  }

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false })

    test('the form posts and the job page refreshes itself until the result shows', async ({ page, db, makeUser, login }) => {
      const admin = await makeUser({ roles: ['admin'] })
      const cohortId = await createTestCohort(db, await createTestCourse(db))
      const tag = `nojs${Date.now().toString(36)}`
      await login(page, admin)
      await page.goto('/admin/import')
      await upload(page, cohortId, teachersCsv(tag, [uniqueIin(), uniqueIin(), uniqueIin()], false))
      await expect(page.getByRole('status')).toHaveText('Импорт аяқталды.')
      await expect(page.getByRole('listitem').filter({ hasText: 'Ағынға жазылды' })).toHaveText(/^3\s*Ағынға жазылды$/)
      await db.deleteFrom('jobs').where('created_by', '=', admin.id).execute()
    })
  })
})
