import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The lesson page over real HTTP, as a phone gets it: plain HTML and forms, no
// scripts, the lesson's body shared by every reader and their own state in it.

const PRACTICE = '/learn/e2e-short/basics/practice'

let server: RunningServer
let db: Database
let cohortId: string
const login = sessionLogin(() => server)

async function enrolledTeacher(): Promise<FixtureUser> {
  const user = await createUser(db)
  const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-01-10' })
  if (!result.ok) throw new Error(`enrolment failed: ${result.error}`)
  return user
}

async function page(user: FixtureUser, path = PRACTICE) {
  const res = await fetch(server.url + path, { redirect: 'manual', headers: { Cookie: await login(user) } })
  return { status: res.status, headers: res.headers, html: await res.text() }
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('the lesson page', () => {
  test('arrives as HTML and styles only: the body, the quiz form posting to the lesson, and no script or dictionary', async () => {
    const { status, html } = await page(await enrolledTeacher())
    expect(status).toBe(200)
    expect(html).toContain('Буллинг — әдейі, қайталанатын және күш теңсіздігі бар әрекет.')
    expect(html).toContain(`<form method="post" action="${PRACTICE}#quiz-basics-quiz" class="quiz__form">`)
    expect(html).toContain('name="answer.q1" required="" value="b"')
    expect(html).not.toMatch(/<script|modulepreload|\/i18n\//)
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/[^"]+\.css"/)
  })

  test('a quiz answered by a form post without JavaScript shows in that teacher’s page and not in another’s', async () => {
    const first = await enrolledTeacher()
    const second = await enrolledTeacher()
    const res = await fetch(server.url + PRACTICE, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(first) },
      body: new URLSearchParams([
        ['intent', 'quiz'],
        ['quizId', 'basics-quiz'],
        ['answer.q1', 'b'],
        ['answer.q2', 'a'],
      ]).toString(),
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${PRACTICE}#quiz-basics-quiz`)

    const mine = (await page(first)).html
    const theirs = (await page(second)).html
    expect(mine).toContain(translate('kk', 'lesson.quiz.attempts', { used: 1, max: 3 }))
    expect(mine).toContain(translate('kk', 'lesson.quiz.best', { score: 50 }))
    expect(theirs).toContain(translate('kk', 'lesson.quiz.attempts', { used: 0, max: 3 }))
    expect(theirs).not.toContain(translate('kk', 'lesson.quiz.best', { score: 50 }))
    for (const html of [mine, theirs]) expect(html).toContain('Буллинг — әдейі, қайталанатын және күш теңсіздігі бар әрекет.')
  })

  test('a reflection saved without JavaScript comes back in its form, escaped, for its writer only', async () => {
    const writer = await enrolledTeacher()
    const reader = await enrolledTeacher()
    const welcome = '/learn/e2e-short/start/welcome'
    const text = 'Сынып <ережелері> & "келісім"'
    const res = await fetch(server.url + welcome, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(writer) },
      body: new URLSearchParams([
        ['intent', 'reflection'],
        ['reflectionId', 'expectations'],
        ['text', text],
      ]).toString(),
    })
    expect(res.status).toBe(302)
    const mine = (await page(writer, welcome)).html
    expect(mine).toContain('>Сынып &lt;ережелері&gt; &amp; &quot;келісім&quot;</textarea>')
    expect(mine).toContain(translate('kk', 'lesson.reflection.saved'))
    expect((await page(reader, welcome)).html).not.toContain('ережелері')
  })
})
