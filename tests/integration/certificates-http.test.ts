import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { verifyToken } from '#app/modules/certificates/signing.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

let server: RunningServer
let db: Database
let code: string
let token: string
let iin: string

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: course.current_version_id! })
  const user = await createUser(db, { fullName: 'Ерлан Сапаров' })
  iin = user.iin
  const e = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!e.ok) throw new Error(e.error)
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', completed_at: '2026-06-10T08:00:00.000Z', lessons_done: 3 })
    .where('id', '=', e.enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), e.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  const cert = await db.selectFrom('certificates').select(['code', 'token']).where('id', '=', issued.certificateId).executeTakeFirstOrThrow()
  code = cert.code
  token = cert.token
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('verification over HTTP, without logging in', () => {
  test('the page says valid and shows no IIN; it is never a redirect to the login page', async () => {
    const res = await fetch(`${server.url}/verify/${code}`, { redirect: 'manual' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Жарамды')
    expect(html).toContain('Ерлан Сапаров')
    expect(html).not.toContain(iin)
  })

  test('the same as JSON at /verify/:code.json', async () => {
    const res = await fetch(`${server.url}/verify/${code}.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ state: 'valid', holder: 'Ерлан Сапаров', code })
    expect(JSON.stringify(body)).not.toContain(iin)
    expect((await fetch(`${server.url}/verify/NOPE.json`)).status).toBe(400)
    expect((await fetch(`${server.url}/verify/AAAAAAAAAAAAAAAA.json`)).status).toBe(404)
  })

  test('a malformed code says so in the reader’s language', async () => {
    const res = await fetch(`${server.url}/verify/12345`, { headers: { Cookie: 'orken_lang=ru' } })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Это не код проверки')
  })

  test('the typed-code form leads to the code’s page', async () => {
    const res = await fetch(`${server.url}/verify?code=${code.slice(0, 4).toLowerCase()}-${code.slice(4, 8)} ${code.slice(8)}`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/verify/${code}`)
  })

  test('the public key at its stable address verifies the token', async () => {
    const res = await fetch(`${server.url}/certificates/public-key.pem`)
    expect(res.status).toBe(200)
    const pem = await res.text()
    expect(pem).toContain('BEGIN PUBLIC KEY')
    expect(verifyToken(token, pem).valid).toBe(true)
  })

  test('someone else cannot download the PDF', async () => {
    const other = await createUser(db)
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: other.email, password: other.password }),
    })
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const cert = await db.selectFrom('certificates').select('id').where('code', '=', code).executeTakeFirstOrThrow()
    expect((await fetch(`${server.url}/certificates/${cert.id}.pdf`, { headers: { cookie } })).status).toBe(404)
  })
})
