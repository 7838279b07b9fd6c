import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { requestPasswordReset } from '#app/modules/auth/password-reset.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The next step as the course page, the lesson page and /certificates show
// it, over real HTTP without JavaScript, on the short fixture course
// e2e-short (welcome, practice with a module test, the final exam; an end
// survey that is not required; two attempts at the final exam).

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

const CONTINUE = 'Оқуды жалғастыру'
const FINAL_RETRY = 'Қорытынды тест әлі тапсырылған жоқ'
const END_SURVEY = 'Курс соңындағы сауалнамаға жауап беріңіз'
const COHORT_ENDED = 'ал сіз оны тапсырған жоқсыз'

function post(path: string, fields: [string, string][], cookie = '') {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

async function page(path: string, cookie = '') {
  const res = await fetch(server.url + path, { redirect: 'manual', headers: { Cookie: cookie } })
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

async function moveClock(minutes: number) {
  const res = await fetch(server.url + '/__test/clock', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ minutes }),
  })
  expect(res.status).toBe(200)
}

async function versionId() {
  return (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
}

async function answers(quizId: string, right: boolean): Promise<[string, string][]> {
  const key = await db
    .selectFrom('quiz_keys')
    .select('questions')
    .where('course_version_id', '=', await versionId())
    .where('quiz_id', '=', quizId)
    .executeTakeFirstOrThrow()
  const questions = JSON.parse(key.questions) as QuizQuestionKey[]
  return [
    ['intent', 'quiz'],
    ['quizId', quizId],
    ...questions.flatMap((q) => (right ? q.correct : [q.options.find((o) => !q.correct.includes(o))!]).map((o): [string, string] => [`answer.${q.id}`, o])),
  ]
}

async function enrolled(endsOn = '2099-12-31') {
  const teacher = await createUser(db)
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: await versionId() }, { endsOn })
  const cookie = await login(teacher)
  expect((await post('/courses/e2e-short', [['cohortId', cohortId]], cookie)).status).toBe(302)
  const enrolment = await db.selectFrom('enrolments').selectAll().where('user_id', '=', teacher.id).executeTakeFirstOrThrow()
  return { teacher, enrolment, cookie }
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('each state says what is next', () => {
  test('a failed first final attempt: the lesson page, the course page and /certificates say “take it again, attempts left: 1”, not the end survey', async () => {
    const { enrolment, cookie } = await enrolled()
    const fresh = await page('/courses/e2e-short', cookie)
    expect(fresh.html).toContain('data-next-step="start"')
    expect(fresh.html).toContain('href="/learn/e2e-short/start/welcome"')

    await page('/learn/e2e-short/start/welcome', cookie)
    await moveClock(20)
    expect((await post('/learn/e2e-short/start/welcome', [['intent', 'done']], cookie)).status).toBe(302)
    expect((await post('/learn/e2e-short/basics/practice', await answers('basics-quiz', true), cookie)).status).toBe(302)
    expect((await post('/learn/e2e-short/final/exam', await answers('final-exam', false), cookie)).status).toBe(302)
    // Every lesson is done, so the end survey has been given; the final test still comes first.
    const survey = await db
      .selectFrom('survey_assignments')
      .select('status')
      .where('enrolment_id', '=', enrolment.id)
      .where('schedule_key', '=', 'end')
      .executeTakeFirst()
    expect(survey?.status).toBe('assigned')

    const lesson = await page('/learn/e2e-short/final/exam', cookie)
    expect(lesson.html).toContain('data-next-step="finalRetry"')
    expect(lesson.html).toContain(FINAL_RETRY)
    expect(lesson.html).toContain('қалған әрекет: 1')
    expect(lesson.html).not.toContain(END_SURVEY)
    // Elsewhere in the course the notice links to the final test.
    const welcome = await page('/learn/e2e-short/start/welcome', cookie)
    expect(welcome.html).toContain(FINAL_RETRY)
    expect(welcome.html).toMatch(/<a class="button next-step__link"[^>]*href="\/learn\/e2e-short\/final\/exam"/)

    const course = await page('/courses/e2e-short', cookie)
    expect(course.html).toContain(FINAL_RETRY)
    expect(course.html).toContain('қалған әрекет: 1')

    const certificates = await page('/certificates', cookie)
    expect(certificates.html).toContain('Қысқа сынақ курсы')
    expect(certificates.html).toContain(FINAL_RETRY)
    expect(certificates.html).toContain('қалған әрекет: 1')

    // Passed at the second attempt: completed, the certificate is what is next, in all three places.
    expect((await post('/learn/e2e-short/final/exam', await answers('final-exam', true), cookie)).status).toBe(302)
    for (const path of ['/learn/e2e-short/final/exam', '/courses/e2e-short']) {
      const after = await page(path, cookie)
      expect(after.html).toContain('data-next-step="certificate"')
      expect(after.html).toContain('href="/certificates"')
      expect(after.html).not.toContain(FINAL_RETRY)
    }
    expect((await page('/certificates', cookie)).html).not.toContain(FINAL_RETRY)
  })

  test('both final attempts failed: the course page and the lesson page say the course ended with a statement, never “continue”', async () => {
    const { cookie } = await enrolled()
    await page('/learn/e2e-short/start/welcome', cookie)
    await moveClock(20)
    await post('/learn/e2e-short/start/welcome', [['intent', 'done']], cookie)
    await post('/learn/e2e-short/basics/practice', await answers('basics-quiz', true), cookie)
    for (let i = 0; i < 2; i++) await post('/learn/e2e-short/final/exam', await answers('final-exam', false), cookie)
    for (const path of ['/courses/e2e-short', '/learn/e2e-short/start/welcome']) {
      const view = await page(path, cookie)
      expect(view.html).toContain('data-next-step="notPassed"')
      expect(view.html).toContain('тыңдаушы анықтамасы берілді')
      expect(view.html).not.toContain(CONTINUE)
    }
    expect((await page('/learn/e2e-short', cookie)).location).toBe('/courses/e2e-short')
  })

  test('after a password reset the login page says to log in with the new password', async () => {
    const teacher = await createUser(db)
    const before = (await db.selectFrom('mail_outbox').select('id').where('user_id', '=', teacher.id).execute()).map((m) => m.id)
    await requestPasswordReset(testWork(db), teacher.email)
    const mail = await db
      .selectFrom('mail_outbox')
      .select(['id', 'text_body'])
      .where('user_id', '=', teacher.id)
      .where('id', 'not in', before.length ? before : [''])
      .executeTakeFirstOrThrow()
    const token = mail.text_body.match(/\/reset-password\/([a-z2-7]{32})(?![a-z2-7])/)![1]!
    const reset = await post(`/reset-password/${token}`, [
      ['password', 'a-fresh-password-42'],
      ['passwordConfirm', 'a-fresh-password-42'],
    ])
    expect(reset.status).toBe(302)
    const to = reset.headers.get('location')!
    const loginPage = await page(to)
    expect(loginPage.html).toContain('Құпиясөзіңіз өзгертілді. Жаңа құпиясөзбен кіріңіз.')
    expect((await page('/login')).html).not.toContain('Құпиясөзіңіз өзгертілді')
  })

  test('the home page links “continue” straight to where /learn/<course> leads: the first lesson, then the last one viewed', async () => {
    const { cookie } = await enrolled()
    const before = await page('/', cookie)
    expect(before.html).toContain('href="/learn/e2e-short/start/welcome"')
    expect((await page('/learn/e2e-short', cookie)).location).toBe('/learn/e2e-short/start/welcome')
    await page('/learn/e2e-short/basics/practice', cookie)
    const after = await page('/', cookie)
    expect(after.html).toContain('href="/learn/e2e-short/basics/practice"')
    expect(after.html).not.toContain('href="/learn/e2e-short"')
    expect((await page('/learn/e2e-short', cookie)).location).toBe('/learn/e2e-short/basics/practice')
  })

  // Last: it moves the server's clock past the cohort's end.
  test('a cohort that ended without a pass says so on every page and never says “continue”', async () => {
    const { cookie } = await enrolled('2026-10-20')
    await page('/learn/e2e-short/start/welcome', cookie)
    await moveClock(20 * 24 * 60)
    for (const path of ['/courses/e2e-short', '/learn/e2e-short/start/welcome', '/certificates']) {
      const view = await page(path, cookie)
      expect(view.html).toContain('data-next-step="cohortEnded"')
      expect(view.html).toContain(COHORT_ENDED)
      expect(view.html).not.toContain(CONTINUE)
    }
    expect((await page('/learn/e2e-short', cookie)).location).toBe('/courses/e2e-short')
    const home = await page('/', cookie)
    expect(home.html).toContain('href="/courses/e2e-short"')
    expect(home.html).not.toContain('href="/learn/e2e-short')
  })
})
