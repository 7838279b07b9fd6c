import type { Page } from '@playwright/test'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import type { FixtureUser } from '#tests/fixtures/users.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { testWork } from '#tests/setup/work.ts'

// The pre-course survey of the short test course (content/surveys/course-pre.yml),
// given at enrolment, answered on a phone.

test.use({ viewport: { width: 360, height: 740 } })

async function expectAccessibleAtPhoneWidth(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

/** Enrols the teacher in a new cohort of e2e-short, which gives them the pre-course survey. */
async function enrolWithPreSurvey(db: Database, teacher: FixtureUser): Promise<string> {
  const version = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  const cohortId = newId()
  await db
    .insertInto('cohorts')
    .values({
      id: cohortId,
      course_id: 'e2e-short',
      course_version_id: version.current_version_id!,
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
  const result = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
  if (!result.ok) throw new Error(`enrolment failed: ${result.error}`)
  const assignment = await db
    .selectFrom('survey_assignments')
    .select('id')
    .where('enrolment_id', '=', result.enrolmentId)
    .where('schedule_key', '=', 'pre')
    .executeTakeFirstOrThrow()
  return assignment.id
}

/**
 * Survey rows refer to the enrolment, which the user fixture deletes; the
 * enrolment goes with them, so that the server's survey job cannot give the
 * pre-course survey again in between.
 */
async function removeSurveys(db: Database, userId: string) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('survey_responses').where('user_id', '=', userId).execute()
    await trx.deleteFrom('survey_assignments').where('user_id', '=', userId).execute()
    await trx.deleteFrom('enrolments').where('user_id', '=', userId).execute()
  })
}

const question = (page: Page, text: RegExp) => page.getByRole('group', { name: text })

const firstHalf: [RegExp, string | RegExp][] = [
  [/Мектептегі негізгі қызметіңіз қандай\?/, 'Педагог-психолог'],
  [/Педагогтік өтіліңіз қанша\?/, '3–10 жыл'],
  [/Мектебіңіз қайда орналасқан\?/, 'Ауыл'],
  [/Соңғы тоқсанда оқушылар арасында/, '1–2 рет'],
  [/ерте белгілерін байқай аламын/, /Толық келісемін/],
]

const secondHalf: [RegExp, string | RegExp][] = [
  [/Оқушының күйі алаңдатса/, /^4 — Келісемін$/],
  [/қалай әрекет етерімді білмеймін/, /^2 — Келіспеймін$/],
  [/педагог-психологқа қашан және қалай бағыттау/, /^4 — Келісемін$/],
  [/Сынып ережелерін оқушылармен бірге келісіп/, /Келісемін де, келіспеймін де/],
  [/буллинг куәгері не істей алатынын/, /^4 — Келісемін$/],
  [/Оқушының күйіндегі өзгерістерді/, /Мүлдем келіспеймін/],
  [/Оқушы үшін алаңдасам/, /Толық келісемін/],
]

async function answer(page: Page, answers: [RegExp, string | RegExp][]) {
  for (const [text, option] of answers) await question(page, text).getByLabel(option).check()
}

test('a teacher answers half of the pre-course survey, saves, comes back, finishes and sends it', async ({ page, db, makeUser, login }) => {
  test.slow()
  const teacher = await makeUser({ roles: ['teacher'] })
  const assignmentId = await enrolWithPreSurvey(db, teacher)
  try {
    await login(page, teacher)
    await page.goto('/surveys')
    await expect(page.getByRole('heading', { level: 1, name: 'Менің сауалнамаларым' })).toBeVisible()
    await expect(page.getByText('Сіз әлі бірде-бір сауалнамаға жауап бермедіңіз.')).toBeVisible()
    await expectAccessibleAtPhoneWidth(page)
    const pending = page.getByRole('list', { name: 'Жауабыңызды күтіп тұр' })
    await pending.getByRole('link', { name: /Жауап беру/ }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Курс алдындағы сауалнама' })).toBeVisible()
    await expect(page.getByText('Дұрыс не бұрыс жауап жоқ')).toBeVisible()
    await expect(page.getByText('Бұл сауалнама анонимді')).toHaveCount(0)
    await expect(question(page, /ерте белгілерін байқай аламын/).getByRole('radio')).toHaveCount(5)
    await expectAccessibleAtPhoneWidth(page)
    await answer(page, firstHalf)
    await page.getByRole('button', { name: 'Сақтап, кейін жалғастыру' }).click()

    await expect(page.getByText('Жауаптарыңыз сақталды.')).toBeVisible()
    await expect(pending.getByText('Жауаптарыңыздың бір бөлігі сақталған.')).toBeVisible()
    expect(await db.selectFrom('survey_assignments').select('status').where('id', '=', assignmentId).executeTakeFirstOrThrow()).toEqual({ status: 'started' })

    // Later: the saved answers are filled in.
    await pending.getByRole('link', { name: /Жалғастыру/ }).click()
    await expect(page.getByText('Бұрын сақталған жауаптарыңыз орнында.')).toBeVisible()
    for (const [text, option] of firstHalf) await expect(question(page, text).getByLabel(option)).toBeChecked()
    await expect(question(page, /Оқушының күйі алаңдатса/).getByRole('radio', { checked: true })).toHaveCount(0)
    await answer(page, secondHalf)
    await page.getByLabel(/Курстан не күтесіз\?/).fill('Буллингке қалай әрекет ету керегін білгім келеді.')
    await page.getByRole('button', { name: 'Жіберу' }).click()

    await expect(page.getByText('Рақмет! Жауаптарыңыз жіберілді.')).toBeVisible()
    await expect(page.getByText('Қазір жауап күтіп тұрған сауалнама жоқ.')).toBeVisible()
    const done = page.getByRole('list', { name: 'Жауап берілген' })
    await expect(done.getByRole('heading', { name: 'Курс алдындағы сауалнама' })).toBeVisible()
    await expect(done.getByText('Курс: Қысқа сынақ курсы')).toBeVisible()

    const response = await db.selectFrom('survey_responses').select(['id', 'enrolment_id']).where('user_id', '=', teacher.id).executeTakeFirstOrThrow()
    const answers = await db
      .selectFrom('survey_answers')
      .select(['item_id', 'value_num', 'option_id', 'value_text'])
      .where('response_id', '=', response.id)
      .execute()
    expect(answers).toContainEqual({ item_id: 'role', value_num: null, option_id: 'psychologist', value_text: null })
    expect(answers).toContainEqual({ item_id: 'conf-notice', value_num: 5, option_id: null, value_text: null })
    expect(answers).toContainEqual({ item_id: 'prac-observations', value_num: 1, option_id: null, value_text: null })
    expect(answers).toHaveLength(13)
    expect(await db.selectFrom('survey_drafts').select('assignment_id').where('assignment_id', '=', assignmentId).execute()).toEqual([])

    // The page of a sent survey says so and offers no form.
    await page.goto(`/surveys/${assignmentId}`)
    await expect(page.getByText('Сіз бұл сауалнамаға жауап беріп қойдыңыз. Рақмет!')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Жіберу' })).toHaveCount(0)
  } finally {
    await removeSurveys(db, teacher.id)
  }
})

test('sending with a required question unanswered shows the error beside it and keeps the answers', async ({ page, db, makeUser, login }) => {
  test.slow()
  const teacher = await makeUser({ roles: ['teacher'] })
  const assignmentId = await enrolWithPreSurvey(db, teacher)
  try {
    await login(page, teacher)
    await page.goto(`/surveys/${assignmentId}`)
    await expect(page.getByRole('heading', { level: 1, name: 'Курс алдындағы сауалнама' })).toBeVisible()
    // Everything but one matrix row.
    await answer(page, firstHalf)
    await answer(
      page,
      secondHalf.filter(([text]) => !text.test('Оқушы үшін алаңдасам, оның ата-анасымен уақтылы байланысамын.')),
    )
    await page.getByLabel(/Курстан не күтесіз\?/).fill('Тәжірибе алмасу.')
    await page.getByRole('button', { name: 'Жіберу' }).click()

    const missing = question(page, /Оқушы үшін алаңдасам/)
    await expect(missing.getByText('Бұл сұраққа жауап беріңіз.')).toBeVisible()
    await expect(missing).toHaveAccessibleDescription('Бұл сұраққа жауап беріңіз.')
    const summary = page.getByRole('alert').filter({ hasText: 'Жауаптарды тексеріңіз' })
    await expect(summary.getByRole('listitem')).toHaveCount(1)
    await expect(question(page, /Мектебіңіз қайда орналасқан\?/).getByLabel('Ауыл')).toBeChecked()
    await expect(page.getByLabel(/Курстан не күтесіз\?/)).toHaveValue('Тәжірибе алмасу.')
    await expectAccessibleAtPhoneWidth(page)
    await summary.getByRole('link', { name: /Оқушы үшін алаңдасам/ }).click()
    await expect(missing.getByRole('radio').first()).toBeFocused()

    // Nothing was sent.
    expect(await db.selectFrom('survey_assignments').select('status').where('id', '=', assignmentId).executeTakeFirstOrThrow()).toEqual({ status: 'assigned' })
    expect(await db.selectFrom('survey_responses').select('id').where('user_id', '=', teacher.id).execute()).toEqual([])
  } finally {
    await removeSurveys(db, teacher.id)
  }
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the form saves a draft and reports a missing answer with plain posts', async ({ page, db, makeUser, login }) => {
    const teacher = await makeUser({ roles: ['teacher'] })
    const assignmentId = await enrolWithPreSurvey(db, teacher)
    try {
      await login(page, teacher)
      await page.goto(`/surveys/${assignmentId}`)
      await answer(page, firstHalf)
      await page.getByRole('button', { name: 'Жіберу' }).click()
      await expect(question(page, /Оқушының күйі алаңдатса/).getByText('Бұл сұраққа жауап беріңіз.')).toBeVisible()
      await expect(question(page, /Мектебіңіз қайда орналасқан\?/).getByLabel('Ауыл')).toBeChecked()
      await page.getByRole('button', { name: 'Сақтап, кейін жалғастыру' }).click()
      await expect(page.getByText('Жауаптарыңыз сақталды.')).toBeVisible()
      await page.goto(`/surveys/${assignmentId}`)
      await expect(question(page, /Мектебіңіз қайда орналасқан\?/).getByLabel('Ауыл')).toBeChecked()
    } finally {
      await removeSurveys(db, teacher.id)
    }
  })
})
