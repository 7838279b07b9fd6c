import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Learning over real HTTP against the built server, as a browser without
// JavaScript uses it: lesson pages, quiz and enrolment form posts.

const TAMPERED = 'Жауаптар бұл тестке сәйкес келмейді'
const FULL = 'Бұл топта бос орын қалмады'

let server: RunningServer
let db: Database
let versionId: string
let learner: FixtureUser
let enrolmentId: string

function post(path: string, fields: [string, string][], cookie: string) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

const login = sessionLogin(() => server)

async function attempts(id: string): Promise<number> {
  const row = await db
    .selectFrom('quiz_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enrolment_id', '=', id)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  learner = await createUser(db)
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
  const result = await enrol(testWork(db), { userId: learner.id, cohortId, source: 'admin', today: '2026-01-10' })
  if (!result.ok) throw new Error(`enrolment failed: ${result.error}`)
  enrolmentId = result.enrolmentId
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('quizzes over HTTP', () => {
  test.each([
    [
      'the final exam’s id posted on the practice lesson',
      [
        ['intent', 'quiz'],
        ['quizId', 'final-exam'],
        ['answer.q1', 'b'],
        ['answer.q2', 'a'],
      ],
    ],
    [
      'an answer to a question the quiz does not have',
      [
        ['intent', 'quiz'],
        ['quizId', 'basics-quiz'],
        ['answer.q1', 'b'],
        ['answer.q2', 'a'],
        ['answer.q2', 'b'],
        ['answer.zz', 'a'],
      ],
    ],
  ] as [string, [string, string][]][])('%s is refused with 400 in Kazakh and records no attempt', async (_name, fields) => {
    const res = await post('/learn/e2e-short/basics/practice', fields, await login(learner))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(TAMPERED)
    expect(await attempts(enrolmentId)).toBe(0)
  })

  test('a well-formed answer is graded and recorded', async () => {
    const res = await post(
      '/learn/e2e-short/basics/practice',
      [
        ['intent', 'quiz'],
        ['quizId', 'basics-quiz'],
        ['answer.q1', 'b'],
        ['answer.q2', 'a'],
        ['answer.q2', 'b'],
      ],
      await login(learner),
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/learn/e2e-short/basics/practice#quiz-basics-quiz')
    const rows = await db.selectFrom('quiz_attempts').select(['quiz_id', 'score', 'passed']).where('enrolment_id', '=', enrolmentId).execute()
    expect(rows).toEqual([{ quiz_id: 'basics-quiz', score: 100, passed: 1 }])
  })

  test('the lesson page shows the options but never which is correct', async () => {
    const res = await fetch(server.url + '/learn/e2e-short/basics/practice', { headers: { Cookie: await login(learner) } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Әдейі қайталанатын әрекет')
    expect(html).toContain('name="answer.q1"')
    expect(html).not.toMatch(/correct/i)
  })
})

describe('access and enrolment over HTTP', () => {
  test('a teacher not enrolled who opens a lesson is sent to the course page', async () => {
    const outsider = await createUser(db)
    const res = await fetch(server.url + '/learn/e2e-short/start/welcome', { redirect: 'manual', headers: { Cookie: await login(outsider) } })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/courses/e2e-short')
  })

  test('enrolling in a full cohort is refused with 409 in Kazakh', async () => {
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { capacity: 1, endsOn: '2099-12-31' })
    const first = await createUser(db)
    expect(await enrol(testWork(db), { userId: first.id, cohortId, source: 'admin', today: '2026-01-10' })).toMatchObject({ ok: true })
    const late = await createUser(db)
    const res = await post('/courses/e2e-short', [['cohortId', cohortId]], await login(late))
    expect(res.status).toBe(409)
    expect(await res.text()).toContain(FULL)
    const rows = await db.selectFrom('enrolments').select('id').where('user_id', '=', late.id).execute()
    expect(rows).toEqual([])
  })
})
