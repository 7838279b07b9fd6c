import { newId } from '#db/ids.server.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'

// On a phone (360 px): a failed final attempt says to take the test again
// with the attempts left, on the lesson, the course page and /certificates;
// the catalogue's search works without JavaScript. axe (it needs scripts) on
// the course page and /certificates.

test.use({ viewport: { width: 360, height: 740 } })

test('after a failed final attempt every page says to take it again, with the attempts left', async ({ page, db, makeUser, login, baseURL }) => {
  const teacher = await makeUser({ roles: ['teacher'] })
  const version = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  const cohortId = newId()
  await db
    .insertInto('cohorts')
    .values({
      id: cohortId,
      course_id: 'e2e-short',
      course_version_id: version,
      title: `E2E ${cohortId.slice(0, 4)}`,
      lang: 'kk',
      starts_on: '2026-01-01',
      ends_on: '2030-12-31',
      trainer_id: null,
      capacity: 5,
      region_code: 'KZ-75',
      status: 'open',
      created_by: null,
      created_at: nowIso(),
    })
    .execute()
  const answers = async (quizId: string, right: boolean) => {
    const key = await db
      .selectFrom('quiz_keys')
      .select('questions')
      .where('course_version_id', '=', version)
      .where('quiz_id', '=', quizId)
      .executeTakeFirstOrThrow()
    const form = new URLSearchParams({ intent: 'quiz', quizId })
    for (const q of JSON.parse(key.questions) as QuizQuestionKey[]) {
      for (const o of right ? q.correct : [q.options.find((o) => !q.correct.includes(o))!]) form.append(`answer.${q.id}`, o)
    }
    return form.toString()
  }

  await login(page, teacher)
  await page.goto('/courses/e2e-short')
  await page
    .getByRole('listitem')
    .filter({ hasText: `E2E ${cohortId.slice(0, 4)}` })
    .getByRole('button', { name: 'Осы топқа жазылу' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Қош келдіңіз' })).toBeVisible()

  // The lessons, then one wrong final attempt, beside the page (the server's test clock gives the time on task).
  const hooks = { headers: { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' } }
  await page.request.post('/__test/clock', { headers: { Origin: baseURL! }, data: { minutes: 16 } })
  await page.request.post('/learn/e2e-short/start/welcome', { ...hooks, data: 'intent=done', maxRedirects: 0 })
  await page.request.post('/__test/clock', { headers: { Origin: baseURL! }, data: { minutes: -16 } })
  await page.request.post('/learn/e2e-short/basics/practice', { ...hooks, data: await answers('basics-quiz', true), maxRedirects: 0 })
  await page.request.post('/learn/e2e-short/final/exam', { ...hooks, data: await answers('final-exam', false), maxRedirects: 0 })

  await page.goto('/learn/e2e-short/start/welcome')
  const notice = page.getByRole('status').filter({ hasText: 'Қорытынды тест әлі тапсырылған жоқ' })
  await expect(notice).toContainText('қалған әрекет: 1')
  await expect(page.getByText('Курс соңындағы сауалнамаға жауап беріңіз')).toHaveCount(0)
  await notice.getByRole('link', { name: 'Қайта тапсыру' }).click()
  await expect(page).toHaveURL(/\/learn\/e2e-short\/final\/exam$/)
  // (The lesson page's own layout and its axe run are the lesson layout's spec.)
  await expect(page.getByRole('status').filter({ hasText: 'қалған әрекет: 1' })).toBeVisible()

  await page.goto('/courses/e2e-short')
  await expect(page.getByRole('status').filter({ hasText: 'қалған әрекет: 1' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Күнтізбеге қосу (.ics)' })).toBeVisible()
  expect(await accessibilityViolations(page)).toEqual([])

  await page.goto('/certificates')
  const card = page.getByRole('listitem').filter({ hasText: 'Қысқа сынақ курсы' })
  await expect(card.getByRole('status')).toContainText('қалған әрекет: 1')
  expect(await accessibilityViolations(page)).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the catalogue’s search box finds courses in Kazakh, keeps the query and says when nothing matches', async ({ page }) => {
    await page.goto('/courses')
    const search = page.getByRole('searchbox', { name: 'Курс іздеу' })
    await search.fill('ӘЛ-АУҚАТ')
    await search.press('Enter')
    await expect(page).toHaveURL(/[?&]q=/)
    await expect(page.getByRole('searchbox', { name: 'Курс іздеу' })).toHaveValue('ӘЛ-АУҚАТ')
    await expect(page.getByText('«ӘЛ-АУҚАТ» бойынша табылған курстар: 1')).toBeVisible()
    await expect(page.getByRole('link', { name: /Балалардың психологиялық әл-ауқаты/ })).toBeVisible()

    await page.getByRole('searchbox', { name: 'Курс іздеу' }).fill('астрономия')
    await page.getByRole('button', { name: 'Көрсету' }).click()
    await expect(page.getByText('«астрономия» сөзіне сай курс табылмады')).toBeVisible()
  })
})
