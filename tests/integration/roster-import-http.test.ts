import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { iinCheckDigit } from '#app/modules/auth/iin.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// The roster upload over HTTP against the built server: who may upload into
// which cohorts (admins, regional admins, trainers; teachers not at all), the
// job page with its phases and outcome, the samples.

const HEADER = 'ЖСН;Аты-жөні;Электрондық пошта;Өңір;Мектеп'

let server: RunningServer
let db: Database

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

let serial = 0
function freshIin(): string {
  for (;;) {
    serial++
    const born = new Date(Date.UTC(1971, 0, 1) + (serial % 9000) * DAY)
    const yymmdd = born.toISOString().slice(2, 10).replace(/-/g, '')
    const first11 = `${yymmdd}${serial % 2 ? 3 : 4}${String(7000 + serial).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return first11 + check
  }
}
const row = (region = 'KZ-75', school = 'sch-kz75-1') => `${freshIin()};Http Педагог;http-${newId()}@example.kz;${region};${school}`

async function loginAs(user: FixtureUser): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: user.email, password: TEST_PASSWORD }).toString(),
  })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
  if (!cookie) throw new Error(`login failed: ${res.status}`)
  return cookie.split(';')[0]!
}

function upload(cookie: string, path: string, fields: { cohortId?: string; file: string | Uint8Array<ArrayBuffer>; name?: string }) {
  const form = new FormData()
  form.set('cohortId', fields.cohortId ?? '')
  form.set('sheet', '')
  form.set('file', new File([fields.file], fields.name ?? 'teachers.csv', { type: 'text/csv' }))
  return fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url }, body: form })
}

async function waitForJob(jobId: string) {
  for (let i = 0; i < 300; i++) {
    const job = await db.selectFrom('jobs').select(['status', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow()
    if (job.status !== 'running') return { status: job.status, result: JSON.parse(job.result ?? 'null') as unknown }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the job did not finish')
}

const page = async (cookie: string, path: string) => (await fetch(server.url + path, { headers: { Cookie: cookie } })).text()

describe('uploading a roster', () => {
  test('an admin uploads without JavaScript, is sent to the job page and sees the counts', async () => {
    const cookie = await loginAs(await createUser(db, { roles: ['admin'] }))
    const cohortId = await createTestCohort(db, await createTestCourse(db))
    const form = await page(cookie, '/admin/import')
    expect(form).toContain('Педагогтер тізімін жүктеу')
    expect(form).toContain(`value="${cohortId}"`)
    expect(form).toContain('href="/admin/import/sample.csv"')
    expect(form).toContain('href="/admin/import/sample.xlsx"')
    expect(form).toContain('Т.А.Ә.')
    // The sample is written for the reader's Excel: semicolons in Kazakh, commas when asked for English.
    const sample = await fetch(`${server.url}/admin/import/sample.csv`, { headers: { cookie } })
    expect(sample.status).toBe(200)
    expect(await sample.text()).toMatch(/^\uFEFF?№;ЖСН;Т\.А\.Ә\.;Электрондық пошта;Облыс;Мектеп\r\n1;850412412016;/)
    const english = await (await fetch(`${server.url}/admin/import/sample.csv?locale=en`, { headers: { cookie } })).text()
    expect(english).toContain('2,790923312024,Әбдіров Ерлан Қайратұлы,erlan.abdirov@example.kz,Алматы,"Медеу ауданы, № 3 жалпы орта мектеп"')

    const res = await upload(cookie, '/admin/import', { cohortId, file: `${HEADER}\n${row()}\n` })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/admin\/import\/[a-z2-7]{16}$/)
    expect(await waitForJob(location.split('/').pop()!)).toMatchObject({ status: 'done', result: { kind: 'counts', usersCreated: 1, enrolled: 1 } })
    const done = await page(cookie, location)
    expect(done).toContain('Импорт аяқталды.')
    expect(done).toContain('Деректері жаңартылды')
    expect(done).not.toContain('http-equiv="refresh"')
  })

  test('a running job page shows its phase and progress and refreshes itself; a failed one lists the lines', async () => {
    const adminUser = await createUser(db, { roles: ['admin'] })
    const cookie = await loginAs(adminUser)
    const jobId = newId()
    const at = now().toISOString()
    await db
      .insertInto('jobs')
      .values({
        id: jobId,
        kind: 'roster',
        status: 'running',
        file_name: 'national.csv',
        total: 2_000,
        processed: 500,
        phase: 'saving',
        result: null,
        params: JSON.stringify({ cohortId: null, sheet: null, access: { kind: 'all' } }),
        created_by: adminUser.id,
        created_at: at,
        started_at: at,
        heartbeat_at: at,
        runner: 'test:1',
        finished_at: null,
      })
      .execute()
    const running = await page(cookie, `/admin/import/${jobId}`)
    expect(running).toMatch(/<progress[^>]*max="2000"[^>]*value="500"/)
    expect(running).toContain('Сақталуда: 500 / 2\u00a0000 жол (25%)')
    expect(running).toContain('<meta http-equiv="refresh" content="1"/>')
    await db
      .updateTable('jobs')
      .set({ status: 'failed', result: JSON.stringify({ kind: 'errors', errors: [{ line: 7, key: 'import.row.emailMissing' }], errorCount: 1, lineCount: 1 }) })
      .where('id', '=', jobId)
      .execute()
    const failed = await page(cookie, `/admin/import/${jobId}`)
    expect(failed).not.toContain('http-equiv="refresh"')
    expect(failed).toContain('<td>7</td><td>Электрондық пошта көрсетілмеген.</td>')
  })

  test('a file refused whole shows its reason on the job page; one over 20 MB comes back to the form', async () => {
    const cookie = await loginAs(await createUser(db, { roles: ['admin'] }))
    const cohortId = await createTestCohort(db, await createTestCourse(db))
    const res = await upload(cookie, '/admin/import', { cohortId, file: 'a;b;c\n1;2;3\n' })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(await waitForJob(location.split('/').pop()!)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'roster.file.noHeader' } })
    expect(await page(cookie, location)).toContain('Тақырып жолы табылмады')
    const big = await upload(cookie, '/admin/import', { cohortId, file: new Uint8Array(20 * 1024 * 1024 + 10).fill(0x41) })
    expect(big.status).toBe(400)
    expect(await big.text()).toContain('Файл тым үлкен: ең көбі 20 МБ.')
  })

  test('teachers get 403 everywhere; a regional admin works only with cohorts of their region and their own jobs', async () => {
    const teacherCookie = await loginAs(await createUser(db))
    for (const path of ['/admin/import', '/admin/import/sample.csv', '/trainer/import', '/trainer/import/sample.xlsx']) {
      expect((await fetch(server.url + path, { headers: { Cookie: teacherCookie } })).status).toBe(403)
    }
    const course = await createTestCourse(db)
    const almaty = await createTestCohort(db, course, { regionCode: 'KZ-75' })
    const astana = await createTestCohort(db, course, { regionCode: 'KZ-71' })
    expect((await upload(teacherCookie, '/admin/import', { cohortId: almaty, file: `${HEADER}\n${row()}\n` })).status).toBe(403)
    expect((await upload(teacherCookie, '/trainer/import', { cohortId: almaty, file: `${HEADER}\n${row()}\n` })).status).toBe(403)

    const cookie = await loginAs(await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' }))
    const form = await page(cookie, '/admin/import')
    expect(form).toContain(`value="${almaty}"`)
    expect(form).not.toContain(`value="${astana}"`)
    const before = await db.selectFrom('jobs').select('id').execute()
    const refused = await upload(cookie, '/admin/import', { cohortId: astana, file: `${HEADER}\n${row('KZ-71', 'sch-kz71-1')}\n` })
    expect(refused.status).toBe(403)
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length)

    // A cohort column naming another region's cohort is a line error.
    const mixed = await upload(cookie, '/admin/import', { file: `${HEADER};Ағын\n${row()};${almaty}\n${row('KZ-71', 'sch-kz71-1')};${astana}\n` })
    expect(mixed.status).toBe(302)
    expect(await waitForJob(mixed.headers.get('location')!.split('/').pop()!)).toMatchObject({
      status: 'failed',
      result: { kind: 'errors', errors: [{ line: 3, key: 'roster.row.cohortNotYours' }] },
    })

    const accepted = await upload(cookie, '/admin/import', { cohortId: almaty, file: `${HEADER}\n${row()}\n` })
    expect(accepted.status).toBe(302)
    const jobPath = accepted.headers.get('location')!
    await waitForJob(jobPath.split('/').pop()!)
    expect((await fetch(server.url + jobPath, { headers: { Cookie: cookie } })).status).toBe(200)
    const otherRegional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-71' })
    expect((await fetch(server.url + jobPath, { headers: { Cookie: await loginAs(otherRegional) } })).status).toBe(403)
  }, 60_000)

  test('a trainer imports into a cohort they train, not into another trainer’s', async () => {
    const trainer = await createUser(db, { roles: ['trainer'] })
    const otherTrainer = await createUser(db, { roles: ['trainer'] })
    const course = await createTestCourse(db)
    const mine = await createTestCohort(db, course, { trainerId: trainer.id })
    const theirs = await createTestCohort(db, course, { trainerId: otherTrainer.id })
    const cookie = await loginAs(trainer)
    const form = await page(cookie, '/trainer/import')
    expect(form).toContain(`value="${mine}"`)
    expect(form).not.toContain(`value="${theirs}"`)
    expect(form).toContain('href="/trainer/import/sample.csv"')

    const jobsBefore = await db.selectFrom('jobs').select('id').execute()
    const refused = await upload(cookie, '/trainer/import', { cohortId: theirs, file: `${HEADER}\n${row()}\n` })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Бұл ағынға педагогтерді жаза алмайсыз.')
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(jobsBefore.length)
    expect((await fetch(`${server.url}/admin/import`, { headers: { Cookie: cookie } })).status).toBe(403)

    const res = await upload(cookie, '/trainer/import', { cohortId: mine, file: `${HEADER}\n${row()}\n${row()}\n` })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/trainer\/import\/[a-z2-7]{16}$/)
    expect(await waitForJob(location.split('/').pop()!)).toMatchObject({ status: 'done', result: { kind: 'counts', usersCreated: 2, enrolled: 2 } })
    expect(await page(cookie, location)).toContain('Импорт аяқталды.')
    expect(await db.selectFrom('enrolments').select('id').where('cohort_id', '=', mine).execute()).toHaveLength(2)
    // Another trainer cannot read the job.
    expect((await fetch(server.url + location, { headers: { Cookie: await loginAs(otherTrainer) } })).status).toBe(403)
  }, 60_000)

  test('the sample CSV is UTF-8 with a BOM and imports cleanly; the XLSX sample is a workbook', async () => {
    const cookie = await loginAs(await createUser(db, { roles: ['admin'] }))
    const res = await fetch(`${server.url}/admin/import/sample.csv`, { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const cohortId = await createTestCohort(db, await createTestCourse(db))
    const uploaded = await upload(cookie, '/admin/import', { cohortId, file: bytes, name: 'orken-roster-sample.csv' })
    expect(uploaded.status).toBe(302)
    expect(await waitForJob(uploaded.headers.get('location')!.split('/').pop()!)).toEqual({
      status: 'done',
      result: { kind: 'counts', usersCreated: 3, usersUpdated: 0, usersFound: 0, enrolled: 3, alreadyEnrolled: 0, notices: [] },
    })
    const xlsx = await fetch(`${server.url}/admin/import/sample.xlsx`, { headers: { Cookie: cookie } })
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]) // a zip
  }, 60_000)
})
