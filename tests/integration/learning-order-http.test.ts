import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { addMs, DAY, now } from '#app/modules/clock/clock.server.ts'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The order of a course, attempts across cohorts and how an enrolment ends,
// over real HTTP as a browser without JavaScript uses it. child-wellbeing
// declares order rules (diagnostic first, final exam after the lessons and
// module tests); the short fixture course e2e-short declares none.

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

const DIAGNOSTIC_FIRST = 'Алдымен кіріс диагностикасына жауап беріңіз'
const FINAL_LOCKED = 'Қорытынды емтихан әлі жабық'
const ATTEMPTS_SPENT = 'Бұл курс тесттеріне әрекеттеріңіз таусылды'
const CONTINUE = 'Оқуды жалғастыру'

function post(path: string, fields: [string, string][], cookie: string) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

async function page(path: string, cookie: string) {
  const res = await fetch(server.url + path, { redirect: 'manual', headers: { Cookie: cookie } })
  return { status: res.status, html: await res.text() }
}

async function versionOf(course: string): Promise<string> {
  return (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!
}

/** A quiz form's fields, answered right or wrong from the answer key kept on the server. */
async function answers(course: string, quizId: string, right: boolean): Promise<[string, string][]> {
  const key = await db
    .selectFrom('quiz_keys')
    .select('questions')
    .where('course_version_id', '=', await versionOf(course))
    .where('quiz_id', '=', quizId)
    .executeTakeFirstOrThrow()
  const questions = JSON.parse(key.questions) as QuizQuestionKey[]
  return [
    ['intent', 'quiz'],
    ['quizId', quizId],
    ...questions.flatMap((q) => (right ? q.correct : [q.options.find((o) => !q.correct.includes(o))!]).map((o): [string, string] => [`answer.${q.id}`, o])),
  ]
}

async function enrolled(course: string, options: { startsOn?: string } = {}) {
  const teacher = await createUser(db)
  const cohortId = await createTestCohort(db, { slug: course, versionId: await versionOf(course) }, { endsOn: '2099-12-31', ...options })
  const res = await post(`/courses/${course}`, [['cohortId', cohortId]], await login(teacher))
  expect(res.status).toBe(302)
  const enrolment = await db.selectFrom('enrolments').selectAll().where('user_id', '=', teacher.id).where('cohort_id', '=', cohortId).executeTakeFirstOrThrow()
  return { teacher, cohortId, enrolment, cookie: await login(teacher) }
}

/**
 * Opens a lesson, lets the server's clock run 20 minutes (more than the time
 * on task a 30-minute e2e-short lesson needs) and marks it done; the status.
 */
async function studyThenDone(path: string, cookie: string): Promise<number> {
  await page(path, cookie)
  const moved = await fetch(server.url + '/__test/clock', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ minutes: 20 }),
  })
  expect(moved.status).toBe(200)
  return (await post(path, [['intent', 'done']], cookie)).status
}

async function attemptCount(userId: string, quizId: string): Promise<number> {
  const row = await db
    .selectFrom('quiz_attempts')
    .innerJoin('enrolments', 'enrolments.id', 'quiz_attempts.enrolment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enrolments.user_id', '=', userId)
    .where('quiz_attempts.quiz_id', '=', quizId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function status(enrolmentId: string) {
  return (await db.selectFrom('enrolments').select('status').where('id', '=', enrolmentId).executeTakeFirstOrThrow()).status
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('order rules (child-wellbeing, bullying-prevention: diagnostic first, final exam last)', () => {
  test('a lesson before the diagnostic is refused with 403, a translated reason and a link to the diagnostic; marking it done records nothing', async () => {
    const { enrolment, cookie } = await enrolled('child-wellbeing')
    const view = await page('/learn/child-wellbeing/wellbeing/what-is-wellbeing', cookie)
    expect(view.status).toBe(403)
    expect(view.html).toContain(DIAGNOSTIC_FIRST)
    expect(view.html).toContain('href="/learn/child-wellbeing/diagnostic/diagnostic"')
    const done = await post('/learn/child-wellbeing/wellbeing/what-is-wellbeing', [['intent', 'done']], cookie)
    expect(done.status).toBe(403)
    expect(await done.text()).toContain(DIAGNOSTIC_FIRST)
    const rows = await db.selectFrom('lesson_progress').select('lesson_id').where('enrolment_id', '=', enrolment.id).execute()
    expect(rows).toEqual([])
    // A module test answered before the diagnostic: refused for the same reason, no attempt recorded, the lesson not timed as open.
    const quiz = await post('/learn/child-wellbeing/wellbeing/age-features', await answers('child-wellbeing', 'wellbeing-quiz', true), cookie)
    expect(quiz.status).toBe(403)
    expect(await quiz.text()).toContain(DIAGNOSTIC_FIRST)
    expect(await attemptCount(enrolment.user_id, 'wellbeing-quiz')).toBe(0)
    const open = await db.selectFrom('lesson_opens').select('lesson_id').where('enrolment_id', '=', enrolment.id).executeTakeFirst()
    expect(open?.lesson_id).not.toBe('age-features')

    // The course page says where to start, with no JavaScript.
    const course = await page('/courses/child-wellbeing', cookie)
    expect(course.html).toContain('href="/learn/child-wellbeing/diagnostic/diagnostic"')

    const diagnostic = await post('/learn/child-wellbeing/diagnostic/diagnostic', await answers('child-wellbeing', 'diagnostic', false), cookie)
    expect(diagnostic.status).toBe(302)
    expect((await page('/learn/child-wellbeing/wellbeing/what-is-wellbeing', cookie)).status).toBe(200)
  })

  test('“done” posted to all 8 lessons of the 72-hour course in a row records nothing: the diagnostic’s lesson wants its time, the rest are locked', async () => {
    const { enrolment, cookie } = await enrolled('bullying-prevention')
    const version = await db
      .selectFrom('course_versions')
      .select('manifest')
      .where('id', '=', await versionOf('bullying-prevention'))
      .executeTakeFirstOrThrow()
    const manifest = JSON.parse(version.manifest) as { modules: { id: string; lessons: { id: string }[] }[] }
    const lessons = manifest.modules.flatMap((m) => m.lessons.map((l) => `/learn/bullying-prevention/${m.id}/${l.id}`))
    expect(lessons).toHaveLength(8)
    const statuses = []
    for (const path of lessons) statuses.push((await post(path, [['intent', 'done']], cookie)).status)
    expect(statuses).toEqual([409, 403, 403, 403, 403, 403, 403, 403])
    const rows = await db.selectFrom('lesson_progress').select(['module_id', 'lesson_id']).where('enrolment_id', '=', enrolment.id).execute()
    expect(rows).toEqual([])
  })

  test('the final exam before the lessons and module tests is refused, says what is left, and records no attempt', async () => {
    const { teacher, cookie } = await enrolled('child-wellbeing')
    await post('/learn/child-wellbeing/diagnostic/diagnostic', await answers('child-wellbeing', 'diagnostic', true), cookie)
    const view = await page('/learn/child-wellbeing/final/final-exam', cookie)
    expect(view.status).toBe(403)
    expect(view.html).toContain(FINAL_LOCKED)
    // Six lessons and three module tests are left; the first of them is linked.
    expect(view.html).toContain('Оқылмаған сабақтар: 6')
    expect(view.html).toContain('Тапсырылмаған модуль тесттері: 3')
    expect(view.html).toContain('href="/learn/child-wellbeing/wellbeing/what-is-wellbeing"')
    const submit = await post('/learn/child-wellbeing/final/final-exam', await answers('child-wellbeing', 'final-exam', true), cookie)
    expect(submit.status).toBe(403)
    expect(await submit.text()).toContain(FINAL_LOCKED)
    expect(await attemptCount(teacher.id, 'final-exam')).toBe(0)
  })
})

describe('how an enrolment ends (e2e-short: no order rules)', () => {
  test('failing the final exam twice before the lessons keeps the enrolment running; finishing them ends it with a statement of attendance', async () => {
    const { enrolment, cookie } = await enrolled('e2e-short')
    for (let i = 0; i < 2; i++) expect((await post('/learn/e2e-short/final/exam', await answers('e2e-short', 'final-exam', false), cookie)).status).toBe(302)
    expect(await status(enrolment.id)).toBe('active')
    const lesson = await page('/learn/e2e-short/start/welcome', cookie)
    expect(lesson.html).toContain('name="intent" value="done"')
    const course = await page('/courses/e2e-short', cookie)
    expect(course.html).toContain('Қорытынды емтиханға әрекет қалмады')

    expect(await studyThenDone('/learn/e2e-short/start/welcome', cookie)).toBe(302)
    expect((await post('/learn/e2e-short/basics/practice', await answers('e2e-short', 'basics-quiz', true), cookie)).status).toBe(302)
    expect(await status(enrolment.id)).toBe('not_passed')

    const certificates = await page('/certificates', cookie)
    expect(certificates.html).toContain('Тыңдаушы анықтамасы')
    const after = await page('/courses/e2e-short', cookie)
    expect(after.html).not.toContain(CONTINUE)
    expect(after.html).toContain('Қорытынды емтиханға әрекет қалмады')
    expect(after.html).toContain('тыңдаушы анықтамасы берілді')
  })

  test('another cohort of the course gives no fresh attempts; a retake granted by the trainer gives exactly that many, audited and on the roster', async () => {
    const { teacher, enrolment, cohortId, cookie } = await enrolled('e2e-short')
    await studyThenDone('/learn/e2e-short/start/welcome', cookie)
    await post('/learn/e2e-short/basics/practice', await answers('e2e-short', 'basics-quiz', true), cookie)
    for (let i = 0; i < 2; i++) await post('/learn/e2e-short/final/exam', await answers('e2e-short', 'final-exam', false), cookie)
    expect(await status(enrolment.id)).toBe('not_passed')

    const other = await createTestCohort(db, { slug: 'e2e-short', versionId: await versionOf('e2e-short') }, { endsOn: '2099-12-31' })
    const again = await post('/courses/e2e-short', [['cohortId', other]], cookie)
    expect(again.status).toBe(409)
    expect(await again.text()).toContain(ATTEMPTS_SPENT)
    // Nor does an admin's enrolment reset them.
    const byAdmin = await enrol(testWork(db), { userId: teacher.id, cohortId: other, source: 'admin', today: localIsoDate(now()) })
    expect(byAdmin).toEqual({ ok: false, error: 'attemptsSpent' })
    expect(await attemptCount(teacher.id, 'final-exam')).toBe(2)

    const trainer = await createUser(db, { roles: ['trainer'] })
    await db.updateTable('cohorts').set({ trainer_id: trainer.id }).where('id', '=', cohortId).execute()
    const grant = [
      ['intent', 'retake'],
      ['enrolmentId', enrolment.id],
      ['quizId', 'final-exam'],
      ['attempts', '1'],
      ['reason', 'Ауырып қалды, құжаты бар'],
    ] as [string, string][]
    const stranger = await createUser(db, { roles: ['trainer'] })
    expect((await post(`/cohorts/${cohortId}/roster`, grant, await login(stranger))).status).toBe(403)
    const granted = await post(`/cohorts/${cohortId}/roster`, grant, await login(trainer))
    expect(granted.status).toBe(200)
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('target_id', '=', enrolment.id)
      .where('action', '=', 'quiz.retake.grant')
      .execute()
    expect(audit).toEqual([{ action: 'quiz.retake.grant', actor_user_id: trainer.id }])
    const roster = await page(`/cohorts/${cohortId}/roster`, await login(trainer))
    expect(roster.html).toContain('Ауырып қалды, құжаты бар')

    expect((await post('/courses/e2e-short', [['cohortId', other]], cookie)).status).toBe(302)
    await studyThenDone('/learn/e2e-short/start/welcome', cookie)
    await post('/learn/e2e-short/basics/practice', await answers('e2e-short', 'basics-quiz', true), cookie)
    expect((await post('/learn/e2e-short/final/exam', await answers('e2e-short', 'final-exam', false), cookie)).status).toBe(302)
    const spent = await post('/learn/e2e-short/final/exam', await answers('e2e-short', 'final-exam', true), cookie)
    expect(spent.status).toBe(409)
    expect(await attemptCount(teacher.id, 'final-exam')).toBe(3)
  })

  test('a retake with no reason, or for a teacher of another cohort, is refused with a translated 400 and grants nothing', async () => {
    const trainer = await createUser(db, { roles: ['trainer'] })
    const mine = await enrolled('e2e-short')
    const theirs = await enrolled('e2e-short')
    await db.updateTable('cohorts').set({ trainer_id: trainer.id }).where('id', '=', mine.cohortId).execute()
    const cookie = await login(trainer)
    const noReason = await post(
      `/cohorts/${mine.cohortId}/roster`,
      [
        ['intent', 'retake'],
        ['enrolmentId', mine.enrolment.id],
        ['quizId', 'final-exam'],
        ['attempts', '1'],
        ['reason', ' '],
      ],
      cookie,
    )
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('Себебін жазыңыз')
    const elsewhere = await post(
      `/cohorts/${mine.cohortId}/roster`,
      [
        ['intent', 'retake'],
        ['enrolmentId', theirs.enrolment.id],
        ['quizId', 'final-exam'],
        ['attempts', '1'],
        ['reason', 'Себебі бар'],
      ],
      cookie,
    )
    expect(elsewhere.status).toBe(400)
    expect(await elsewhere.text()).toContain('Осы топтың педагогын таңдаңыз')
    const tooMany = await post(
      `/cohorts/${mine.cohortId}/roster`,
      [
        ['intent', 'retake'],
        ['enrolmentId', mine.enrolment.id],
        ['quizId', 'final-exam'],
        ['attempts', '50'],
        ['reason', 'Себебі бар'],
      ],
      cookie,
    )
    expect(tooMany.status).toBe(400)
    const rows = await db.selectFrom('quiz_retakes').select('id').where('user_id', 'in', [mine.teacher.id, theirs.teacher.id]).execute()
    expect(rows).toEqual([])
  })

  test('the study period starts on the teacher’s own enrolment, not on the cohort’s start', async () => {
    const startsOn = localIsoDate(addMs(now(), -40 * DAY))
    const { enrolment, cookie } = await enrolled('e2e-short', { startsOn })
    await studyThenDone('/learn/e2e-short/start/welcome', cookie)
    await post('/learn/e2e-short/basics/practice', await answers('e2e-short', 'basics-quiz', true), cookie)
    await post('/learn/e2e-short/final/exam', await answers('e2e-short', 'final-exam', true), cookie)
    expect(await status(enrolment.id)).toBe('completed')
    const cert = await db.selectFrom('certificates').select('facts').where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    const facts = JSON.parse(cert.facts) as CertificateFacts
    expect(facts.from).toBe(localIsoDate(enrolment.enrolled_at))
    expect(facts.from).not.toBe(startsOn)
  })
})
