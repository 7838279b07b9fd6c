import fs from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { certificatePdf, getCertificate, issueCertificate, sha256Hex } from '#app/modules/certificates/issue.server.ts'
import { canAdministerCertificate, issueForTeacher, searchCertificates } from '#app/modules/certificates/registry.server.ts'
import { verificationView } from '#app/modules/certificates/verify.server.ts'
import { getZipJob, startCertificateZip, zipFilePath } from '#app/modules/certificates/zip.server.ts'
import { CERTIFICATE_PDF_VERSION } from '#app/modules/certificates/pdf.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { STALE_MS } from '#app/modules/jobs/jobs.server.ts'
import { recoverStaleJobs } from '#app/modules/jobs/kinds.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, uniqueIin, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { TEST_PUBLIC_ORIGIN } from '#tests/setup/work.ts'
import { testWork } from '#tests/setup/work.ts'

// The certificate registry for admins: search, region scoping, re-issue,
// revocation, manual issue and a cohort's certificates as one ZIP, on the
// module functions and over real HTTP as a browser without JavaScript uses it.

// Both processes must print the same verification address in the QR code, or
// the server's renders would not match the SHA-256 recorded here at issue.
const PUBLIC_ORIGIN = 'http://orken.test'
setPublicOrigin(PUBLIC_ORIGIN)

let server: RunningServer
let db: Database
let course: Awaited<ReturnType<typeof createTestCourse>>
let almaty: string
let astana: string
let admin: FixtureUser
let regionalAlmaty: FixtureUser
let regionalAstana: FixtureUser
const cookies = new Map<string, string>()
const zipDir = path.join(TMP_DIR, `exports-${process.pid}`)

interface Certified {
  learner: FixtureUser
  enrolmentId: string
  certificateId: string
  number: string
  code: string
}

/** A teacher enrolled in `cohortId` whose enrolment is set to completed, with the certificate that earns. */
async function certified(cohortId: string, fullName: string): Promise<Certified> {
  const learner = await createUser(db, { fullName })
  const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId, source: 'admin', today: localIsoDate(now()) })
  if (!enrolled.ok) throw new Error(enrolled.error)
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', lessons_done: 3, completed_at: nowIso(), ended_at: nowIso() })
    .where('id', '=', enrolled.enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  const cert = await getCertificate(testWork(db), issued.certificateId)
  return { learner, enrolmentId: enrolled.enrolmentId, certificateId: issued.certificateId, number: cert!.number, code: cert!.code }
}

function post(urlPath: string, fields: Record<string, string>, cookie: string) {
  return fetch(server.url + urlPath, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

async function cookieOf(user: FixtureUser): Promise<string> {
  let cookie = cookies.get(user.id)
  if (!cookie) {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: user.email, password: TEST_PASSWORD }).toString(),
    })
    expect(res.status).toBe(302)
    cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('orken_session='))!
      .split(';')[0]!
    cookies.set(user.id, cookie)
  }
  return cookie
}

async function get(urlPath: string, user: FixtureUser) {
  return fetch(server.url + urlPath, { redirect: 'manual', headers: { Cookie: await cookieOf(user) } })
}

beforeAll(async () => {
  server = await startServer({ PUBLIC_ORIGIN })
  db = openDatabase(server.dbFile)
  course = await createTestCourse(db)
  almaty = await createTestCohort(db, course, { regionCode: 'KZ-75', endsOn: '2099-12-31' })
  astana = await createTestCohort(db, course, { regionCode: 'KZ-71', endsOn: '2099-12-31' })
  admin = await createUser(db, { roles: ['admin'], fullName: 'Әкімші Бас' })
  regionalAlmaty = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
  regionalAstana = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-71' })
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
  fs.rmSync(zipDir, { recursive: true, force: true })
  setPublicOrigin(TEST_PUBLIC_ORIGIN)
})

describe('searching the registry', () => {
  let aigul: Certified
  let berik: Certified

  beforeAll(async () => {
    aigul = await certified(almaty, 'Айгүл Серікқызы Нұрланова')
    berik = await certified(astana, 'Ерік Қайратұлы Жандосов')
  })

  test('finds a certificate by its registry number, whole or in part', async () => {
    const whole = await searchCertificates(testWork(db), { q: aigul.number, regions: null })
    expect(whole.rows.map((r) => r.id)).toEqual([aigul.certificateId])
    expect(whole.rows[0]).toMatchObject({ number: aigul.number, kind: 'certificate', status: 'valid', holder: 'Айгүл Серікқызы Нұрланова' })
    const lower = await searchCertificates(testWork(db), { q: aigul.number.toLowerCase(), regions: null })
    expect(lower.rows.map((r) => r.id)).toEqual([aigul.certificateId])
  })

  test('finds a certificate by part of the holder’s name in any case, Kazakh letters included', async () => {
    const found = await searchCertificates(testWork(db), { q: 'СЕРІКҚЫЗЫ', regions: null })
    expect(found.rows.map((r) => r.id)).toEqual([aigul.certificateId])
    expect((await searchCertificates(testWork(db), { q: 'қайратұлы', regions: null })).rows.map((r) => r.id)).toEqual([berik.certificateId])
    // LIKE's wildcards are matched literally.
    expect((await searchCertificates(testWork(db), { q: '%', regions: null })).total).toBe(0)
  })

  test('finds a certificate by the holder’s IIN and by its verification code', async () => {
    expect((await searchCertificates(testWork(db), { q: berik.learner.iin, regions: null })).rows.map((r) => r.id)).toEqual([berik.certificateId])
    const grouped = berik.code.match(/.{4}/g)!.join('-').toLowerCase()
    expect((await searchCertificates(testWork(db), { q: grouped, regions: null })).rows.map((r) => r.id)).toEqual([berik.certificateId])
  })

  test('filters by course, cohort, region and year', async () => {
    const year = Number(localIsoDate(now()).slice(0, 4))
    const inCourse = await searchCertificates(testWork(db), { courseId: course.slug, regions: null })
    expect(inCourse.rows.map((r) => r.id)).toEqual(expect.arrayContaining([aigul.certificateId, berik.certificateId]))
    expect((await searchCertificates(testWork(db), { cohortId: astana, regions: null })).rows.map((r) => r.id)).toEqual([berik.certificateId])
    expect((await searchCertificates(testWork(db), { regionCode: 'KZ-75', q: aigul.learner.iin, regions: null })).total).toBe(1)
    expect((await searchCertificates(testWork(db), { year, q: aigul.number, regions: null })).total).toBe(1)
    expect((await searchCertificates(testWork(db), { year: year - 1, q: aigul.number, regions: null })).total).toBe(0)
  })

  test('a regional admin sees only their region’s certificates, whatever they ask for', async () => {
    const mine = await searchCertificates(testWork(db), { regions: ['KZ-75'] })
    expect(mine.rows.map((r) => r.id)).toContain(aigul.certificateId)
    expect(mine.rows.map((r) => r.id)).not.toContain(berik.certificateId)
    expect((await searchCertificates(testWork(db), { q: berik.number, regions: ['KZ-75'] })).total).toBe(0)
    expect((await searchCertificates(testWork(db), { regionCode: 'KZ-71', regions: ['KZ-75'] })).total).toBe(0)
    expect((await searchCertificates(testWork(db), { q: aigul.number, regions: [] })).total).toBe(0)
    expect(canAdministerCertificate({ region_code: 'KZ-71' }, ['KZ-75'])).toBe(false)
    expect(canAdministerCertificate({ region_code: null }, ['KZ-75'])).toBe(false)
    expect(canAdministerCertificate({ region_code: null }, null)).toBe(true)
  })

  test('over HTTP: the registry page lists and links a found certificate, scoped to the reader’s region', async () => {
    const page = await get(`/admin/certificates?q=${encodeURIComponent(aigul.number)}`, admin)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(`href="/admin/certificates/${aigul.certificateId}"`)
    expect(html).toContain('Айгүл Серікқызы Нұрланова')
    expect(html).toContain('Табылды: 1')

    const other = await (await get(`/admin/certificates?q=${encodeURIComponent(berik.number)}`, regionalAlmaty)).text()
    expect(other).not.toContain(`/admin/certificates/${berik.certificateId}`)
    expect(other).toContain('Табылды: 0')

    expect((await get(`/admin/certificates/${berik.certificateId}`, regionalAlmaty)).status).toBe(403)
    expect((await get(`/admin/certificates/${berik.certificateId}`, regionalAstana)).status).toBe(200)
    const revoke = await post(`/admin/certificates/${berik.certificateId}`, { intent: 'revoke', reason: 'Қате берілген' }, await cookieOf(regionalAlmaty))
    expect(revoke.status).toBe(403)
    expect((await getCertificate(testWork(db), berik.certificateId))?.status).toBe('valid')

    const teacher = await createUser(db)
    expect((await get('/admin/certificates', teacher)).status).toBe(403)
  })
})

describe('re-issuing and revoking', () => {
  test('a re-issue with a corrected name keeps the number and code, bumps the revision, and stores the new PDF’s SHA-256', async () => {
    const c = await certified(almaty, 'Гүлнар Ахметова')
    const before = (await getCertificate(testWork(db), c.certificateId))!
    const res = await post(`/admin/certificates/${c.certificateId}`, { intent: 'reissue', holder: '  Гүлнара   Ахметқызы  ' }, await cookieOf(regionalAlmaty))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/admin/certificates/${c.certificateId}?done=reissued`)

    const after = (await getCertificate(testWork(db), c.certificateId))!
    expect(after.number).toBe(before.number)
    expect(after.code).toBe(before.code)
    expect(after.revision).toBe(2)
    expect(after.facts).toMatchObject({ holder: 'Гүлнара Ахметқызы', revision: 2, number: before.number, code: before.code })
    expect(after.pdf_sha256).not.toBe(before.pdf_sha256)
    expect(after.token).not.toBe(before.token)
    const pdf = (await certificatePdf(testWork(db), c.certificateId))!
    expect(pdf.matches).toBe(true)
    expect(sha256Hex(pdf.bytes)).toBe(after.pdf_sha256)

    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('target_id', '=', c.certificateId)
      .where('action', '=', 'certificate.reissue')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(regionalAlmaty.id)
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ previousHolder: 'Гүлнар Ахметова', holder: 'Гүлнара Ахметқызы', revision: 2 })

    const page = await (await get(`/admin/certificates/${c.certificateId}?done=reissued`, regionalAlmaty)).text()
    expect(page).toContain('Сертификат қайта берілді.')
    expect(page).toContain('Қайта берілді (2-нұсқа): «Гүлнар Ахметова» → «Гүлнара Ахметқызы»')
    expect(page).toContain(`href="/certificates/${c.certificateId}.pdf"`)
  })

  test('a re-issue with the same name is refused with a Kazakh message and changes nothing', async () => {
    const c = await certified(almaty, 'Самат Әлиев')
    const res = await post(`/admin/certificates/${c.certificateId}`, { intent: 'reissue', holder: 'Самат Әлиев' }, await cookieOf(admin))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Аты-жөні өзгермеген: түзетілген нұсқасын жазыңыз.')
    expect((await getCertificate(testWork(db), c.certificateId))?.revision).toBe(1)
  })

  test.each([
    ['a missing reason', '', 'Себебін жазыңыз (кемінде 3 таңба).'],
    ['a two-letter reason', 'ab', 'Себебін жазыңыз (кемінде 3 таңба).'],
    ['a reason over 500 characters', 'ә'.repeat(501), 'Себебі 500 таңбадан аспауы керек.'],
  ])('%s is refused with a Kazakh message and nothing is revoked', async (_name, reason, message) => {
    const c = await certified(almaty, 'Дина Оспанова')
    const res = await post(`/admin/certificates/${c.certificateId}`, { intent: 'revoke', reason }, await cookieOf(admin))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    expect((await getCertificate(testWork(db), c.certificateId))?.status).toBe('valid')
  })

  test('a revocation records when and why, writes an audit row, and the public check then says revoked', async () => {
    const c = await certified(almaty, 'Нұржан Бекұлы')
    const reason = 'Құжат басқа адамға қате берілген'
    const res = await post(`/admin/certificates/${c.certificateId}`, { intent: 'revoke', reason }, await cookieOf(admin))
    expect(res.status).toBe(302)
    const cert = (await getCertificate(testWork(db), c.certificateId))!
    expect(cert.status).toBe('revoked')
    expect(cert.revoked_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(cert.revoke_reason).toBe(reason)
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('target_id', '=', c.certificateId)
      .where('action', '=', 'certificate.revoke')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(admin.id)
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ number: c.number, reason })
    expect((await verificationView(testWork(db), c.code)).state).toBe('revoked')

    // A second revocation, or a re-issue of a revoked certificate, is refused.
    const again = await post(`/admin/certificates/${c.certificateId}`, { intent: 'revoke', reason: 'Тағы да' }, await cookieOf(admin))
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('Бұл сертификаттың күші бұрын жойылған.')
    const reissue = await post(`/admin/certificates/${c.certificateId}`, { intent: 'reissue', holder: 'Нұржан Бекұлов' }, await cookieOf(admin))
    expect(reissue.status).toBe(400)
    expect(await reissue.text()).toContain('Күші жойылған сертификатты қайта беруге болмайды.')
    const page = await (await get(`/admin/certificates/${c.certificateId}`, admin)).text()
    expect(page).toContain(`Күші жойылды. Себебі: ${reason}`)
  })
})

describe('issuing by hand', () => {
  test('an enrolment that is not complete is refused with notComplete, and nothing is issued', async () => {
    const learner = await createUser(db, { fullName: 'Мадина Әбенова' })
    const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId: almaty, source: 'admin', today: localIsoDate(now()) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    const result = await issueForTeacher(testWork(db, { actorId: admin.id }), { iin: learner.iin, courseId: course.slug, regions: null })
    expect(result).toEqual({ ok: false, error: 'notComplete' })

    const res = await post('/admin/certificates?index', { intent: 'issue', iin: learner.iin, courseId: course.slug }, await cookieOf(admin))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Педагог курсты әлі аяқтамаған: сертификат тек аяқталған оқуға беріледі.')
    expect(await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolled.enrolmentId).execute()).toHaveLength(0)
  })

  test('no teacher, no enrolment and another region’s enrolment are each refused clearly', async () => {
    const stranger = await createUser(db)
    const notEnrolled = await issueForTeacher(testWork(db, { actorId: admin.id }), { iin: stranger.iin, courseId: course.slug, regions: null })
    expect(notEnrolled).toEqual({ ok: false, error: 'noEnrolment' })
    const res = await post('/admin/certificates?index', { intent: 'issue', iin: stranger.iin, courseId: course.slug }, await cookieOf(admin))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Бұл педагог осы курсқа жазылмаған.')
    const unknown = await post('/admin/certificates?index', { intent: 'issue', iin: uniqueIin(), courseId: course.slug }, await cookieOf(admin))
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Бұл ЖСН-мен тіркелген педагог жоқ.')
    const malformed = await post('/admin/certificates?index', { intent: 'issue', iin: '12345', courseId: course.slug }, await cookieOf(admin))
    expect(malformed.status).toBe(400)
    expect(await malformed.text()).toContain('ЖСН 12 цифрдан тұрады.')

    const far = await createUser(db)
    const enrolled = await enrol(testWork(db), { userId: far.id, cohortId: astana, source: 'admin', today: localIsoDate(now()) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await db.updateTable('enrolments').set({ status: 'completed', completed_at: nowIso() }).where('id', '=', enrolled.enrolmentId).execute()
    const elsewhere = await issueForTeacher(testWork(db, { actorId: regionalAlmaty.id }), { iin: far.iin, courseId: course.slug, regions: ['KZ-75'] })
    expect(elsewhere).toEqual({ ok: false, error: 'notYourRegion' })
  })

  test('a completed enrolment without a certificate gets one, issued by the admin and audited', async () => {
    const learner = await createUser(db, { fullName: 'Ләззат Серікова' })
    const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId: almaty, source: 'admin', today: localIsoDate(now()) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await db.updateTable('enrolments').set({ status: 'completed', completed_at: nowIso(), ended_at: nowIso() }).where('id', '=', enrolled.enrolmentId).execute()
    const res = await post('/admin/certificates?index', { intent: 'issue', iin: learner.iin, courseId: course.slug }, await cookieOf(regionalAlmaty))
    expect(res.status).toBe(302)
    const cert = await db
      .selectFrom('certificates')
      .select(['id', 'issued_by', 'status'])
      .where('enrolment_id', '=', enrolled.enrolmentId)
      .executeTakeFirstOrThrow()
    expect(res.headers.get('location')).toBe(`/admin/certificates/${cert.id}?done=issued`)
    expect(cert).toMatchObject({ issued_by: regionalAlmaty.id, status: 'valid' })
    const audit = await db.selectFrom('audit_log').select('actor_user_id').where('target_id', '=', cert.id).where('action', '=', 'certificate.issue').execute()
    expect(audit).toEqual([{ actor_user_id: regionalAlmaty.id }])
    // Asking again shows the same certificate.
    const again = await post('/admin/certificates?index', { intent: 'issue', iin: learner.iin, courseId: course.slug }, await cookieOf(admin))
    expect(again.headers.get('location')).toBe(`/admin/certificates/${cert.id}?done=existing`)
  })
})

describe('a cohort’s certificates as one ZIP', () => {
  let cohort: string
  let valid: Certified[]

  beforeAll(async () => {
    cohort = await createTestCohort(db, course, { regionCode: 'KZ-75', endsOn: '2099-12-31', capacity: 50 })
    valid = []
    for (let i = 0; i < 12; i++) valid.push(await certified(cohort, `Тыңдаушы Нөмір ${i + 1}`))
    const revoked = await certified(cohort, 'Күші Жойылған')
    await db
      .updateTable('certificates')
      .set({ status: 'revoked', revoked_at: nowIso(), revoke_reason: 'test' })
      .where('id', '=', revoked.certificateId)
      .execute()
  }, 30_000)

  function expectCohortZip(bytes: Uint8Array) {
    const { 'index.csv': index, ...entries } = unzipSync(bytes)
    expect(Object.keys(entries).sort()).toEqual(valid.map((c) => `${c.number}.pdf`).sort())
    for (const pdf of Object.values(entries)) expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    // The index counts the revoked one apart, and lists it out of the archive.
    expect(new TextDecoder().decode(index)).toContain('Күші жойылған құжаттар (архивке кірмеді);1')
  }

  test('the job renders every valid certificate into a ZIP named by number, with progress', async () => {
    const work = testWork(db, { actorId: admin.id, clientIp: null, config: { exportsDir: zipDir } })
    // Half as if their render after the commit had never happened: the job renders them and records their hashes.
    const unrendered = valid.slice(0, 6).map((c) => c.certificateId)
    await db.updateTable('certificates').set({ pdf_sha256: '', pdf_version: null }).where('id', 'in', unrendered).execute()
    const result = await startCertificateZip(work, cohort)
    if (!result.ok) throw new Error(result.error)
    const started = result.value
    // The job starts once its record is committed; on a quick database it may have finished before this read.
    const running = await getZipJob(work, started.jobId)
    expect(running).toMatchObject({ total: 12, cohort: { id: cohort, region_code: 'KZ-75' } })
    expect(['running', 'done']).toContain(running?.status)
    await started.done
    const job = await getZipJob(work, started.jobId)
    expect(job).toMatchObject({ status: 'done', processed: 12, total: 12, result: { kind: 'zip', files: 12 } })
    const bytes = new Uint8Array(fs.readFileSync(zipFilePath(work, started.jobId)))
    expect(job?.result).toMatchObject({ bytes: bytes.byteLength })
    expectCohortZip(bytes)
    const entries = unzipSync(bytes)
    const rows = await db
      .selectFrom('certificates')
      .select(['number', 'pdf_sha256', 'pdf_version'])
      .where(
        'id',
        'in',
        valid.map((c) => c.certificateId),
      )
      .execute()
    for (const row of rows) {
      expect(row.pdf_version).toBe(CERTIFICATE_PDF_VERSION)
      expect(sha256Hex(entries[`${row.number}.pdf`]!)).toBe(row.pdf_sha256)
    }
    expect(fs.existsSync(`${zipFilePath(work, started.jobId)}.part`)).toBe(false)
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'certificate.export').where('target_id', '=', cohort).execute()
    expect(audit.map((a) => JSON.parse(a.details))).toContainEqual({ jobId: started.jobId, certificates: 12 })
  })

  test('a job whose process died is built again from the beginning by the next recovery', async () => {
    const work = testWork(db, { config: { exportsDir: zipDir } })
    const jobId = newId()
    const long = new Date(now().getTime() - STALE_MS - 60_000).toISOString()
    await db
      .insertInto('jobs')
      .values({
        id: jobId,
        kind: 'certificate-zip',
        status: 'running',
        file_name: 'cohort.zip',
        total: 12,
        processed: 5,
        result: null,
        params: JSON.stringify({ cohortId: cohort }),
        created_by: admin.id,
        created_at: long,
        started_at: long,
        heartbeat_at: long,
        runner: 'gone:1',
        finished_at: null,
      })
      .execute()
    expect(await getZipJob(work, jobId)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'admin.certificates.zip.interrupted' } })
    const recovered = await recoverStaleJobs(work)
    expect(recovered.resumed).toEqual([jobId])
    await recovered.done
    expect(await getZipJob(work, jobId)).toMatchObject({ status: 'done', processed: 12, total: 12, result: { kind: 'zip', files: 12 } })
    expectCohortZip(new Uint8Array(fs.readFileSync(zipFilePath(work, jobId))))
  })

  test('a cohort without valid certificates is refused', async () => {
    const empty = await createTestCohort(db, course, { regionCode: 'KZ-75', endsOn: '2099-12-31' })
    expect(await startCertificateZip(testWork(db, { actorId: admin.id, config: { exportsDir: zipDir } }), empty)).toEqual({ ok: false, error: 'noneValid' })
  })

  test('over HTTP: the form starts the job, its page shows progress, and the archive downloads for the cohort’s region only', async () => {
    const res = await post('/admin/certificates?index', { intent: 'zip', cohortId: cohort }, await cookieOf(regionalAlmaty))
    expect(res.status).toBe(302)
    const location = res.headers.get('location') ?? ''
    const jobId = /^\/admin\/certificates\/zip\/([a-z2-7]{16})$/.exec(location)?.[1]
    expect(jobId).toBeDefined()
    const first = await (await get(location, regionalAlmaty)).text()
    expect(first).toMatch(/<progress id="zip-progress" max="12" value="\d+"/)
    expect(first).toContain('Дайындалған сертификаттар')

    const deadline = Date.now() + 15_000
    let html = first
    while (!html.includes('Архив дайын.') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      html = await (await get(location, regionalAlmaty)).text()
    }
    expect(html).toContain('Архив дайын.')
    expect(html).toContain(`href="/admin/certificates/zip/${jobId}.zip"`)

    expect((await get(location, regionalAstana)).status).toBe(403)
    expect((await get(`${location}.zip`, regionalAstana)).status).toBe(403)
    const download = await get(`${location}.zip`, regionalAlmaty)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/zip')
    expect(download.headers.get('content-disposition')).toContain(`filename="certificates-${cohort}.zip"`)
    expectCohortZip(new Uint8Array(await download.arrayBuffer()))

    // Written beside the server's database.
    const written = path.join(server.exportsDir, `${jobId}.zip`)
    expect(fs.existsSync(written)).toBe(true)
    fs.rmSync(written)

    const other = await post('/admin/certificates?index', { intent: 'zip', cohortId: cohort }, await cookieOf(regionalAstana))
    expect(other.status).toBe(403)
    const missing = await post('/admin/certificates?index', { intent: 'zip', cohortId: '' }, await cookieOf(admin))
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('Оқу тобын таңдаңыз.')
    // Every PDF rendered by the server matched the SHA-256 recorded at issue.
    expect(server.output()).not.toContain('no longer renders')
  })
})
