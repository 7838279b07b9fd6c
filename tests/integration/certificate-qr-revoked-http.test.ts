import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { formatDate, localIsoDate } from '#app/i18n/format.ts'
import { getCertificate, issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The PDF a holder downloads from the running server: its QR code decodes
// from a 150 dpi and a 72 dpi render to the certificate's verification
// address, and that address opens the certificate's page. Once an admin
// revokes it through the form, the same address says revoked, with the day
// and the reason, and the next download carries the mark in both languages.

const PUBLIC_ORIGIN = 'http://orken.test'
setPublicOrigin(PUBLIC_ORIGIN)

let server: RunningServer
let db: Database
let holder: FixtureUser
let admin: FixtureUser
let cert: NonNullable<Awaited<ReturnType<typeof getCertificate>>>
const dir = path.join(TMP_DIR, 'certificate-qr-http')
const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

async function cookieOf(user: FixtureUser): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: user.email, password: TEST_PASSWORD }).toString(),
  })
  expect(res.status).toBe(302)
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('orken_session='))!
    .split(';')[0]!
}

async function download(name: string): Promise<string> {
  const res = await fetch(`${server.url}/certificates/${cert.id}.pdf`, { headers: { Cookie: await cookieOf(holder) } })
  expect(res.status).toBe(200)
  const file = path.join(dir, `${name}.pdf`)
  fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()))
  return file
}

/**
 * A GET on a connection of its own: after seconds of rendering and scanning,
 * a pooled keep-alive connection may be closed by the server as it is reused.
 */
function freshGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      .on('error', reject)
  })
}

/** Page 1 rendered at `dpi`, and what zbar reads in it. */
function scan(file: string, dpi: number): string {
  const png = file.replace(/\.pdf$/, `-${dpi}`)
  run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, png])
  return run('zbarimg', ['--raw', '-q', `${png}.png`]).trim()
}

beforeAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  server = await startServer({ PUBLIC_ORIGIN })
  db = openDatabase(server.dbFile)
  const course = await createTestCourse(db)
  const cohort = await createTestCohort(db, course, { regionCode: 'KZ-75', endsOn: '2099-12-31' })
  admin = await createUser(db, { roles: ['admin'], fullName: 'Әкімші Тексеруші' })
  holder = await createUser(db, { fullName: 'Жібек Әлімқызы Сәрсенбаева' })
  const enrolled = await enrol(testWork(db), { userId: holder.id, cohortId: cohort, source: 'admin', today: localIsoDate(now()) })
  if (!enrolled.ok) throw new Error(enrolled.error)
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', lessons_done: 3, completed_at: nowIso(), ended_at: nowIso() })
    .where('id', '=', enrolled.enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  cert = (await getCertificate(testWork(db), issued.certificateId))!
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('the QR code of a downloaded certificate', () => {
  test('decodes from 150 and 72 dpi renders to the verification address, which opens the certificate’s page', async () => {
    const file = await download('valid')
    const address = `${PUBLIC_ORIGIN}/verify/${cert.code}`
    expect(scan(file, 150)).toBe(address)
    expect(scan(file, 72)).toBe(address)
    expect(address.length).toBeLessThan(100)

    const page = await freshGet(server.url + new URL(address).pathname)
    expect(page.status).toBe(200)
    const html = page.body
    expect(html).toContain('Жарамды')
    expect(html).toContain('Жібек Әлімқызы Сәрсенбаева')
    expect(html).toContain(cert.number)
  })
})

describe('revoked through the admin’s form', () => {
  test('the QR code’s address says revoked with the day and the reason; the next download is marked in Kazakh and Russian', async () => {
    const reason = 'Құжат басқа адамға қате берілген'
    const res = await fetch(`${server.url}/admin/certificates/${cert.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await cookieOf(admin) },
      body: new URLSearchParams({ intent: 'revoke', reason }).toString(),
    })
    expect(res.status).toBe(302)
    const revoked = (await getCertificate(testWork(db), cert.id))!
    const day = localIsoDate(revoked.revoked_at!)

    const kk = await (await fetch(`${server.url}/verify/${cert.code}`)).text()
    expect(kk).toContain('Күші жойылған')
    expect(kk).toContain(`Бұл құжаттың күші ${formatDate(revoked.revoked_at!, 'kk')} жойылды.`)
    expect(kk).toContain(`Себебі: ${reason}`)
    expect(kk).not.toContain('Жарамды')
    const ru = await (await fetch(`${server.url}/verify/${cert.code}`, { headers: { Cookie: 'orken_lang=ru' } })).text()
    expect(ru).toContain(`Этот документ отозван ${formatDate(revoked.revoked_at!, 'ru')}.`)
    expect(ru).toContain(`Причина: ${reason}`)

    const file = await download('revoked')
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-'])
    expect(text).toContain(`КҮШІ ЖОЙЫЛҒАН — ${formatDate(`${day}T12:00:00Z`, 'kk')}`)
    expect(text).toContain(`ОТОЗВАН — ${formatDate(`${day}T12:00:00Z`, 'ru')}`)
    // The mark leaves the QR code readable.
    expect(scan(file, 72)).toBe(`${PUBLIC_ORIGIN}/verify/${cert.code}`)

    const adminPage = await (await fetch(`${server.url}/admin/certificates/${cert.id}`, { headers: { Cookie: await cookieOf(admin) } })).text()
    expect(adminPage).toContain('PDF файлында «Күші жойылған» белгісі тұр')
    expect(adminPage).toMatch(/<p class="form-errors"><strong>Күші жойылған<\/strong>/)
  }, 30_000)
})
