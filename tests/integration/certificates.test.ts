import { execFileSync, spawnSync } from 'node:child_process'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Database } from '#db/client.server.ts'
import { normaliseCode } from '#app/modules/certificates/facts.ts'
import { certificatePdf, getCertificate, issueCertificate, qrTextFor, revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { publicKeyPem, verifyToken } from '#app/modules/certificates/signing.server.ts'
import { allowVerification, VERIFY_RULE, verificationView } from '#app/modules/certificates/verify.server.ts'
import { CERTIFICATE_PDF_VERSION, renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { sha256Hex } from '#app/modules/certificates/pdf-record.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

async function e2eCourse(database: Database) {
  const row = await database.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  return { slug: 'e2e-short', versionId: row.current_version_id! }
}

async function enrolledTeacher(fullName?: string) {
  const course = await e2eCourse(db)
  const cohortId = await createTestCohort(db, course, { capacity: 500 })
  const user = await createUser(db, { fullName })
  const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!result.ok) throw new Error(result.error)
  return { user, enrolment: { id: result.enrolmentId, course_version_id: course.versionId } }
}

const right = { basics: { q1: ['b'], q2: ['a', 'b'] }, final: { q1: ['b'], q2: ['a'] } }
const wrong = { q1: ['a'], q2: ['b'] }

async function complete(enrolment: { id: string; course_version_id: string }) {
  await studyLesson(db, enrolment, 'start', 'welcome')
  await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', right.basics)
  return submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', right.final)
}

/** Makes an enrolment complete without the learning steps, for bulk tests. */
async function markCompleted(enrolmentId: string) {
  await db.updateTable('enrolments').set({ status: 'completed', completed_at: now().toISOString(), lessons_done: 3 }).where('id', '=', enrolmentId).execute()
}

describe('issuing on completion', () => {
  test('the transaction that completes the enrolment issues the certificate', async () => {
    const { user, enrolment } = await enrolledTeacher('Дана Серікқызы')
    const result = await complete(enrolment)
    expect(result).toMatchObject({ ok: true, value: { status: 'completed' } })
    const cert = await db.selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    expect(cert.kind).toBe('certificate')
    expect(cert.user_id).toBe(user.id)
    expect(cert.number).toMatch(/^ORK-\d{4}-\d{6}$/)
    expect(cert.code).toMatch(/^[A-Z2-7]{16}$/)
    expect(cert.status).toBe('valid')
    const audit = await db.selectFrom('audit_log').select('action').where('target_id', '=', cert.id).execute()
    expect(audit.map((a) => a.action)).toContain('certificate.issue')
  })

  test('all lessons done but the exam failed twice: an attendance statement instead', async () => {
    const { enrolment } = await enrolledTeacher()
    await studyLesson(db, enrolment, 'start', 'welcome')
    await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', right.basics)
    await submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', wrong)
    const last = await submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', wrong)
    expect(last).toMatchObject({ ok: true, value: { status: 'not_passed' } })
    const cert = await db.selectFrom('certificates').select(['kind']).where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    expect(cert.kind).toBe('attendance')
  })

  test('an enrolment that is not complete gets nothing', async () => {
    const { enrolment } = await enrolledTeacher()
    await studyLesson(db, enrolment, 'start', 'welcome')
    expect(await issueCertificate(testWork(db), enrolment.id)).toEqual({ ok: false, error: 'notComplete' })
    expect(await issueCertificate(testWork(db), 'no-such-enrolment')).toEqual({ ok: false, error: 'notFound' })
    expect(await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolment.id).execute()).toHaveLength(0)
  })
})

describe('numbers and codes', () => {
  test('concurrent issuances get consecutive numbers with no gaps or duplicates', async () => {
    const enrolments = await Promise.all(Array.from({ length: 12 }, () => enrolledTeacher()))
    for (const { enrolment } of enrolments) await markCompleted(enrolment.id)
    const before = await db.selectFrom('certificate_counters').select('last_seq').executeTakeFirst()
    const results = await Promise.all(enrolments.map(({ enrolment }) => issueCertificate(testWork(db), enrolment.id)))
    expect(results.every((r) => r.ok && r.created)).toBe(true)
    const certs = await db
      .selectFrom('certificates')
      .select(['seq', 'number', 'code', 'year'])
      .where(
        'enrolment_id',
        'in',
        enrolments.map((e) => e.enrolment.id),
      )
      .execute()
    const seqs = certs.map((c) => c.seq).sort((a, b) => a - b)
    const start = (before?.last_seq ?? 0) + 1
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => start + i))
    expect(new Set(certs.map((c) => c.number)).size).toBe(12)
    expect(new Set(certs.map((c) => c.code)).size).toBe(12)
    for (const c of certs) expect(c.number).toBe(`ORK-${c.year}-${String(c.seq).padStart(6, '0')}`)
  })

  test('two issuances for one enrolment at once give exactly one certificate', async () => {
    const { enrolment } = await enrolledTeacher()
    await markCompleted(enrolment.id)
    const [a, b] = await Promise.all([issueCertificate(testWork(db), enrolment.id), issueCertificate(testWork(db), enrolment.id)])
    expect(a.ok && b.ok).toBe(true)
    expect([a, b].filter((r) => r.ok && r.created)).toHaveLength(1)
    expect(await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolment.id).execute()).toHaveLength(1)
  })

  test('the verification code is random, not derived from the number', async () => {
    const certs = await db.selectFrom('certificates').select(['code', 'number']).execute()
    for (const c of certs) expect(c.code).not.toContain(c.number.slice(-6))
    // 16 base32 characters carry 80 bits.
    expect(certs[0]!.code.length * 5).toBeGreaterThanOrEqual(60)
  })
})

describe('public verification', () => {
  test('says valid with the facts and never the IIN; revoked after revocation', async () => {
    const { user, enrolment } = await enrolledTeacher('Нұрлан Әбенов')
    await complete(enrolment)
    const cert = await db.selectFrom('certificates').select(['id', 'code']).where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    const view = await verificationView(
      testWork(db),
      cert.code
        .toLowerCase()
        .replace(/(.{4})/g, '$1-')
        .replace(/-$/, ''),
    )
    expect(view).toMatchObject({ state: 'valid', holder: 'Нұрлан Әбенов', hours: 2 })
    expect(JSON.stringify(view)).not.toContain(user.iin)
    expect(JSON.stringify(view)).not.toContain(user.email)
    expect(await revokeCertificate(testWork(db, { actorId: user.id }), cert.id, 'Қате берілген')).toBe(true)
    expect(await verificationView(testWork(db), cert.code)).toMatchObject({ state: 'revoked' })
  })

  test('a code of the wrong shape or length, or an unknown one', async () => {
    expect(await verificationView(testWork(db), 'ABC')).toEqual({ state: 'malformed' })
    expect(await verificationView(testWork(db), 'ABCDEFGHJKMNPQRS1')).toEqual({ state: 'malformed' })
    expect(await verificationView(testWork(db), 'ABCD-EFGH-1890-QRST')).toEqual({ state: 'malformed' })
    expect(normaliseCode('abcd efgh jkmn pqrs')).toBe('ABCDEFGHJKMNPQRS')
    expect(await verificationView(testWork(db), 'AAAA-AAAA-AAAA-AAAA')).toEqual({ state: 'notFound', code: 'AAAAAAAAAAAAAAAA' })
  })

  test('look-ups are rate-limited per address', async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 200)}`
    for (let i = 0; i < VERIFY_RULE.max; i++) expect(await allowVerification(testWork(db), address)).toBe(true)
    expect(await allowVerification(testWork(db), address)).toBe(false)
    expect(await allowVerification(testWork(db), '198.51.100.7')).toBe(true)
  })
})

describe('the PDF and offline verification', () => {
  test('is rendered once the completing transaction has committed, and its SHA-256 recorded', async () => {
    const { enrolment } = await enrolledTeacher()
    await complete(enrolment)
    const cert = await db.selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    expect(cert.pdf_version).toBe(CERTIFICATE_PDF_VERSION)
    const facts = JSON.parse(cert.facts) as Parameters<typeof renderCertificatePdf>[0]
    expect(cert.pdf_sha256).toBe(sha256Hex(await renderCertificatePdf(facts, cert.qr_text)))
  })

  test('a download before the PDF was rendered renders it once, records its hash, and concurrent downloads share that render', async () => {
    const { enrolment } = await enrolledTeacher()
    await complete(enrolment)
    const { id } = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    // As if the process had stopped between the commit and the render.
    await db.updateTable('certificates').set({ pdf_sha256: '', pdf_version: null }).where('id', '=', id).execute()
    const first = certificatePdf(testWork(db), id)
    const second = certificatePdf(testWork(db), id)
    expect(second).toBe(first)
    const pdf = (await first)!
    expect(pdf.matches).toBe(true)
    const row = await db.selectFrom('certificates').select(['pdf_sha256', 'pdf_version']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ pdf_sha256: sha256Hex(pdf.bytes), pdf_version: CERTIFICATE_PDF_VERSION })
    // A later download renders again and compares with what was recorded.
    const later = certificatePdf(testWork(db), id)
    expect(later).not.toBe(first)
    expect((await later)!.matches).toBe(true)
  })

  test('a hash recorded by an older renderer is recorded again by this one; a hash that differs is reported', async () => {
    const { enrolment } = await enrolledTeacher()
    await complete(enrolment)
    const { id } = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    await db
      .updateTable('certificates')
      .set({ pdf_sha256: 'a'.repeat(64), pdf_version: 1 })
      .where('id', '=', id)
      .execute()
    const pdf = (await certificatePdf(testWork(db), id))!
    expect(pdf.matches).toBe(true)
    expect(await db.selectFrom('certificates').select('pdf_sha256').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      pdf_sha256: sha256Hex(pdf.bytes),
    })
    await db
      .updateTable('certificates')
      .set({ pdf_sha256: 'b'.repeat(64) })
      .where('id', '=', id)
      .execute()
    expect((await certificatePdf(testWork(db), id))!.matches).toBe(false)
  })

  test('renders to the same bytes every time, matching the SHA-256 kept at issue', async () => {
    const { enrolment } = await enrolledTeacher()
    await complete(enrolment)
    const cert = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    const a = await certificatePdf(testWork(db), cert.id)
    const b = await certificatePdf(testWork(db), cert.id)
    expect(a!.matches).toBe(true)
    expect(Buffer.compare(Buffer.from(a!.bytes), Buffer.from(b!.bytes))).toBe(0)
  })

  test('the token verifies with the public key; a tampered token does not', async () => {
    const cert = await db.selectFrom('certificates').select('token').where('status', '=', 'valid').executeTakeFirstOrThrow()
    const key = await publicKeyPem(testWork(db))
    expect(verifyToken(cert.token, key).valid).toBe(true)
    const [prefix, payload, signature] = cert.token.split('.')
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    forged.h = 'Басқа Адам'
    expect(verifyToken(`${prefix}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`, key)).toEqual({
      valid: false,
      reason: 'signature',
    })
    expect(verifyToken('ORK1.bm90.anything', key).valid).toBe(false)
    expect(verifyToken('hello', key)).toEqual({ valid: false, reason: 'malformed' })
  })

  test('npm run certificate:verify accepts the genuine PDF and rejects a tampered token or PDF, with no database', async () => {
    const { enrolment } = await enrolledTeacher('Әлия Қасымова')
    await complete(enrolment)
    const row = await db.selectFrom('certificates').select(['id']).where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    const cert = (await getCertificate(testWork(db), row.id))!
    const dir = fs.mkdtempSync(path.join(TMP_DIR, 'cert-'))
    const keyFile = path.join(dir, 'key.pem')
    fs.writeFileSync(keyFile, await publicKeyPem(testWork(db)))
    const pdfFile = path.join(dir, `${cert.number}.pdf`)
    fs.writeFileSync(pdfFile, (await certificatePdf(testWork(db), cert.id))!.bytes)
    const verify = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/certificate-verify.ts', ...args, '--key', keyFile], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '/nonexistent/no.db' },
      })

    const genuine = verify(pdfFile)
    expect(genuine.status, genuine.stderr).toBe(0)
    expect(genuine.stdout).toContain(`GENUINE certificate ${cert.number}`)
    expect(genuine.stdout).toContain('Әлия Қасымова')

    expect(verify(cert.token).status).toBe(0)
    const tampered = cert.token.slice(0, -3) + (cert.token.endsWith('AAA') ? 'BBB' : 'AAA')
    const bad = verify(tampered)
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('NOT GENUINE')

    // A PDF re-made with another name but the genuine token inside.
    const forgedFacts = { ...cert.facts, holder: 'Басқа Адам' }
    const forgedPdf = path.join(dir, 'forged.pdf')
    fs.writeFileSync(forgedPdf, await renderCertificatePdf(forgedFacts, qrTextFor(cert.code, cert.token)))
    const forged = verify(forgedPdf)
    expect(forged.status).toBe(1)
    expect(forged.stderr).toContain('NOT GENUINE')

    // A PDF from the renderer before this one (no renderer version in it) is not said to be genuine.
    const older = await PDFDocument.load(fs.readFileSync(pdfFile))
    older.context.lookup(older.context.trailerInfo.Info, PDFDict).delete(PDFName.of('OrkenRenderer'))
    const olderPdf = path.join(dir, 'older.pdf')
    fs.writeFileSync(olderPdf, await older.save({ useObjectStreams: false }))
    const old = verify(olderPdf)
    expect(old.status).toBe(1)
    expect(old.stderr).toContain('made by version 1 of the certificate renderer')

    // And the genuine PDF reads back with real tools.
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' })
    expect(text).toContain('Әлия Қасымова')
    expect(text).toContain(cert.number)
    // Four runs of the command-line tool, each starting tsx: slow on a busy machine.
  }, 60_000)

  test('npm run certificate:verify names a QR code that points to another site or certificate, and does not say genuine', async () => {
    const { enrolment } = await enrolledTeacher('Дәулет Серікұлы')
    await complete(enrolment)
    const row = await db.selectFrom('certificates').select(['id']).where('enrolment_id', '=', enrolment.id).executeTakeFirstOrThrow()
    const cert = (await getCertificate(testWork(db), row.id))!
    const dir = fs.mkdtempSync(path.join(TMP_DIR, 'cert-'))
    const keyFile = path.join(dir, 'key.pem')
    fs.writeFileSync(keyFile, await publicKeyPem(testWork(db)))
    const expected = new URL(qrTextFor(cert.code, cert.token)).origin
    const verify = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/certificate-verify.ts', ...args, '--key', keyFile], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '/nonexistent/no.db' },
      })

    // The genuine facts and token, re-rendered with a QR code for another site: every byte matches what they render to.
    const foreignPdf = path.join(dir, 'foreign-qr.pdf')
    fs.writeFileSync(foreignPdf, await renderCertificatePdf(cert.facts, `http://evil.example/verify/${cert.code}?t=${cert.token}`))
    const foreign = verify(foreignPdf)
    expect(foreign.status).toBe(1)
    expect(foreign.stdout).not.toContain('GENUINE')
    expect(foreign.stderr).toContain(`NOT GENUINE: signature genuine, but its QR code points to http://evil.example/verify/${cert.code}, not ${expected}`)
    expect(foreign.stderr).not.toContain(cert.token)

    // The right site, but another certificate's page.
    const otherPdf = path.join(dir, 'other-code.pdf')
    fs.writeFileSync(otherPdf, await renderCertificatePdf(cert.facts, `${expected}/verify/AAAAAAAAAAAAAAAA?t=${cert.token}`))
    const other = verify(otherPdf)
    expect(other.status).toBe(1)
    expect(other.stderr).toContain(`its QR code points to ${expected}/verify/AAAAAAAAAAAAAAAA, not ${expected}/verify/${cert.code}`)

    // --origin names the site to expect: the genuine PDF, checked against another, is refused; against its own, accepted.
    const genuinePdf = path.join(dir, 'genuine.pdf')
    fs.writeFileSync(genuinePdf, (await certificatePdf(testWork(db), cert.id))!.bytes)
    const elsewhere = verify(genuinePdf, '--origin', 'https://academy.orken.kz')
    expect(elsewhere.status).toBe(1)
    expect(elsewhere.stderr).toContain(`its QR code points to ${expected}/verify/${cert.code}, not https://academy.orken.kz`)
    const own = verify(genuinePdf, '--origin', expected)
    expect(own.status, own.stderr).toBe(0)
    expect(own.stdout).toContain(`GENUINE certificate ${cert.number}`)
  }, 60_000)
})
