import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { SMTPServer } from 'smtp-server'
import { newId } from '#db/ids.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { E2E_SMTP_PORT } from './ports.ts'
import { expect, test } from './fixtures.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { testWork } from '#tests/setup/work.ts'

// The whole monitoring loop, in a browser: pre-course survey, course,
// end-of-course survey; 90 days later (a test clock) the scheduler assigns the
// follow-up, a real SMTP server receives the reminder, the teacher answers, and
// the report shows the paired change.

/** The text body of a raw single-part message, decoded from base64 or quoted-printable. */
function mailBody(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/)
  const headers = raw.slice(0, split)
  const body = raw.slice(split).trim()
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}

/** Answers every question: scale items with `score`, other choices with their first option. */
async function answerSurvey(page: Page, score: number) {
  await page.waitForURL(/\/surveys\/[a-z2-7]{16}$/, { timeout: 10_000 })
  await page.locator('form input[type=radio]').first().waitFor()
  const groups = await page.evaluate(() => {
    const names = new Map<string, string>()
    for (const input of document.querySelectorAll<HTMLInputElement>('form input[type=radio], form input[type=checkbox]')) names.set(input.name, input.type)
    return [...names.entries()]
  })
  for (const [name, type] of groups) {
    const item = name.replace(/^item\./, '')
    if (type === 'radio' && /^(conf|prac)-/.test(item)) {
      const value = item.endsWith('-r') ? 6 - score : score
      await page.locator(`input[name="${name}"][value="${value}"]`).check()
    } else {
      await page.locator(`input[name="${name}"]`).first().check()
    }
  }
  await page.getByRole('button', { name: 'Жіберу' }).click()
  await expect(page).toHaveURL(/\/surveys(\?|$)/)
}

test('pre, end and 90-day follow-up surveys, the reminder by mail, and the paired change in the report', async ({
  page,
  db,
  makeUser,
  login,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const mails: string[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        mails.push(raw)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(E2E_SMTP_PORT, '127.0.0.1', () => resolve()))
  expect((smtp.server.address() as AddressInfo).port).toBe(E2E_SMTP_PORT)
  const hooks = { headers: { Origin: baseURL! } }
  try {
    const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
    const versionId = course.current_version_id!
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { capacity: 50 })

    // Four colleagues already answered before and after: with ours, five pairs.
    const surveyVersion = async (slug: string) =>
      (await db.selectFrom('surveys').select('current_version_id').where('id', '=', slug).executeTakeFirstOrThrow()).current_version_id!
    const items = ['conf-notice', 'conf-talk', 'conf-respond-r', 'conf-refer', 'prac-agreements', 'prac-bystanders', 'prac-observations', 'prac-parents']
    for (let i = 0; i < 4; i++) {
      const colleague = await makeUser({ roles: ['teacher'] })
      const e = await enrol(testWork(db), { userId: colleague.id, cohortId, source: 'admin', today: '2026-06-01' })
      if (!e.ok) throw new Error(e.error)
      for (const [slug, key, score] of [
        ['course-pre', 'pre', 2],
        ['course-followup', 'followup:90', 4],
      ] as const) {
        const responseId = newId()
        await db
          .insertInto('survey_responses')
          .values({
            id: responseId,
            survey_id: slug,
            survey_version_id: await surveyVersion(slug),
            purpose: slug === 'course-pre' ? 'pre' : 'followup',
            schedule_key: key,
            course_id: 'e2e-short',
            cohort_id: cohortId,
            region_code: 'KZ-75',
            enrolment_id: e.enrolmentId,
            user_id: colleague.id,
            period: '2026-06',
            submitted_at: now().toISOString(),
          })
          .execute()
        for (const item of items) {
          await db
            .insertInto('survey_answers')
            .values({
              response_id: responseId,
              item_id: item,
              value_num: item.endsWith('-r') ? 6 - score - (i % 2) : score + (i % 2),
              option_id: null,
              value_text: null,
            })
            .execute()
        }
      }
    }

    const teacher = await makeUser({ roles: ['teacher'] })
    await login(page, teacher)
    await page.goto('/courses/e2e-short')
    await page
      .getByRole('listitem')
      .filter({ hasText: (await db.selectFrom('cohorts').select('title').where('id', '=', cohortId).executeTakeFirstOrThrow()).title })
      .getByRole('button', { name: 'Осы топқа жазылу' })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'Қош келдіңіз' })).toBeVisible()

    // The pre-course survey was assigned at enrolment.
    await page.goto('/surveys')
    await page.locator('main a[href^="/surveys/"]').first().click()
    await answerSurvey(page, 2)

    // The course.
    await page.goto('/learn/e2e-short/start/welcome')
    // Time on task: the server's clock runs past the half of the lesson's 30 minutes it asks for.
    await page.request.post('/__test/clock', { ...hooks, data: { minutes: 16 } })
    await page.getByRole('button', { name: 'Оқыдым, келесіге өту' }).click()
    await page.getByLabel('Әдейі қайталанатын әрекет').check()
    await page.getByLabel('Ауызша').check()
    await page.getByLabel('Кибербуллинг').check()
    await page.getByRole('button', { name: 'Жауаптарды жіберу' }).click()
    await expect(page.getByText('Соңғы әрекет: 100% — тапсырылды')).toBeVisible()
    await page.goto('/learn/e2e-short/final/exam')
    await page.getByLabel('Олар жағдайды өзгерте алады').check()
    await page.getByLabel('Сынып жетекшісіне және психологқа').check()
    await page.getByRole('button', { name: 'Жауаптарды жіберу' }).click()
    await expect(page.getByText('Құттықтаймыз! Курс толық аяқталды.')).toBeVisible()

    // The end-of-course survey (anonymous).
    await page.goto('/surveys')
    await page.locator('main a[href^="/surveys/"]').first().click()
    await answerSurvey(page, 4)

    // 91 days later the scheduler assigns the follow-up and mails a reminder.
    await page.request.post('/__test/clock', { ...hooks, data: { days: 91 } })
    const run = await page.request.post('/__test/jobs', hooks)
    expect(((await run.json()) as { assigned: number }).assigned).toBeGreaterThanOrEqual(1)
    await expect.poll(() => mails.filter((m) => m.includes(teacher.email)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    const mail = mailBody(mails.filter((m) => m.includes(teacher.email)).at(-1)!)
    const link = /https?:\/\/[^\s]+\/surveys\/([a-z2-7]{16})/.exec(mail)
    expect(link, mail).not.toBeNull()
    expect(mail).toMatch(/\/unsubscribe\/\S+/)

    // Ninety days on, the session has expired: the teacher logs in again from the mail's link.
    await page.goto(`/surveys/${link![1]}`)
    await expect(page).toHaveURL(/\/login\?redirectTo=/)
    await login(page, teacher)
    await page.goto(`/surveys/${link![1]}`)
    await answerSurvey(page, 5)

    // The report pairs the teachers' pre and follow-up answers.
    const adminContext = await browser.newContext()
    const adminPage = await adminContext.newPage()
    const admin = await makeUser({ roles: ['admin'] })
    await login(adminPage, admin)
    await adminPage.goto('/admin/surveys/course-followup')
    await expect(adminPage.getByRole('cell', { name: 'Жұптық салыстыру' }).first()).toBeVisible()
    await expect(adminPage.getByText('5 жұп').first()).toBeVisible()
    await adminContext.close()
  } finally {
    await page.request.post('/__test/clock', { ...hooks, data: { days: -91, minutes: -16 } })
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  }
})
