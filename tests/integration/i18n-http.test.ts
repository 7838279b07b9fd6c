import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Pages read in Russian over real HTTP: every word on them Russian, the
// languages named in Russian, the audit log in words rather than codes and JSON.

let server: RunningServer
let db: Database
let cohortId: string
const login = sessionLogin(() => server)

async function russianReader(roles: ('teacher' | 'admin')[] = ['teacher']): Promise<FixtureUser> {
  const user = await createUser(db, { roles })
  await db.updateTable('users').set({ locale: 'ru' }).where('id', '=', user.id).execute()
  return user
}

async function page(user: FixtureUser, path: string) {
  const res = await fetch(server.url + path, { redirect: 'manual', headers: { Cookie: await login(user) } })
  return { status: res.status, html: await res.text() }
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('a Russian reader', () => {
  test('the course page names its language in Russian, not in Kazakh', async () => {
    const { status, html } = await page(await russianReader(), '/courses/e2e-short')
    expect(status).toBe(200)
    expect(html).toMatch(/Языки<!-- -->: <!-- -->казахский|Языки: казахский/)
    expect(html).not.toContain('Қазақша</li>')
  })

  test('a lesson without a Russian text says it is shown in Kazakh and offers to switch', async () => {
    const user = await russianReader()
    const enrolled = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-01-10' })
    if (!enrolled.ok) throw new Error(enrolled.error)
    const { status, html } = await page(user, '/learn/e2e-short/basics/practice')
    expect(status).toBe(200)
    expect(html).toContain('Этого занятия пока нет на русском, поэтому оно показано на казахском.')
    expect(html).toContain('<form method="post" action="/set-locale">')
    expect(html).toMatch(/<button[^>]*name="locale"[^>]*value="kk"[^>]*>Қазақша<\/button>/)
  })

  test('the audit log shows translated actions and details, never the action code or JSON', async () => {
    const admin = await russianReader(['admin'])
    const teacher = await createUser(db)
    await db
      .insertInto('audit_log')
      .values([
        {
          id: newId(),
          actor_user_id: admin.id,
          action: 'cohort.move_version',
          target_type: 'cohort',
          target_id: cohortId,
          details: JSON.stringify({ from: 'v1', to: 'v2', changed: 3, removed: 0, progressCleared: 5 }),
          ip: null,
          created_at: new Date(Date.now() + 60_000).toISOString(),
        },
        {
          id: newId(),
          actor_user_id: admin.id,
          action: 'user.role_grant',
          target_type: 'user',
          target_id: teacher.id,
          details: JSON.stringify({ role: 'trainer', regionCode: null, schoolId: null }),
          ip: null,
          created_at: new Date(Date.now() + 60_000).toISOString(),
        },
      ])
      .execute()
    const { status, html } = await page(admin, '/admin/audit')
    expect(status).toBe(200)
    expect(html).toContain('Поток переведён на новую версию курса')
    expect(html).toContain('Назначена роль')
    expect(html).toContain('<dt>Изменённых уроков</dt><dd>3</dd>')
    expect(html).toContain('<dt>Роль</dt><dd>Тренер</dd>')
    expect(html).toContain(`href="/cohorts/${cohortId}/roster"`)
    expect(html).toContain(`href="/admin/users/${teacher.id}"`)
    // What a person reads: the page without the data its scripts carry.
    const visible = html.replace(/<script[\s\S]*?<\/script>/g, '')
    expect(visible).toContain('Поток переведён на новую версию курса')
    expect(visible).not.toContain('cohort.move_version')
    expect(visible).not.toContain('user.role_grant')
    expect(visible).not.toMatch(/\{&quot;|\{"/)
  })
})
