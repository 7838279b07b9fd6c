import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { beforeAll, describe, expect, test } from 'vitest'
import { formatDate, localIsoDate } from '#app/i18n/format.ts'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import { certificatePdf, getCertificate, issueCertificate, revokeCertificate, sha256Hex, verifyUrl } from '#app/modules/certificates/issue.server.ts'
import { CERTIFICATE_PDF_VERSION, readCertificateMetadata, renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { publicKeyPem } from '#app/modules/certificates/signing.server.ts'
import { verificationView } from '#app/modules/certificates/verify.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// A revoked document: its PDF is rendered again with the mark, in Kazakh and
// Russian, and that is what every download gets; the verification page says
// revoked, when and why; certificate:verify checks the marked file and says
// revoked, and still recognises the file as it was issued.

const db = createTestDb()
const dir = path.join(TMP_DIR, 'certificate-revoked')
const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const pdfText = (file: string) => run('pdftotext', ['-enc', 'UTF-8', file, '-'])

/** A teacher with a completed enrolment and the certificate issued for it. */
async function issued(fullName: string) {
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: course.current_version_id! })
  const user = await createUser(db, { fullName })
  const e = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!e.ok) throw new Error(e.error)
  await db.updateTable('enrolments').set({ status: 'completed', completed_at: now().toISOString(), lessons_done: 3 }).where('id', '=', e.enrolmentId).execute()
  const result = await issueCertificate(testWork(db), e.enrolmentId)
  if (!result.ok) throw new Error(result.error)
  return { user, id: result.certificateId }
}

function verifyCli(file: string, keyFile: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/certificate-verify.ts', file, '--key', keyFile], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '/nonexistent/no.db' },
  })
}

beforeAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
})

describe('a revoked certificate', () => {
  test('downloads marked revoked in Kazakh and Russian, with the date; the marked file’s hash is recorded; the QR code still scans', async () => {
    const { user, id } = await issued('Гүлнар Сейітқызы')
    const valid = (await certificatePdf(testWork(db), id))!
    const validHash = (await getCertificate(testWork(db), id))!.pdf_sha256
    expect(validHash).toBe(sha256Hex(valid.bytes))

    expect(await revokeCertificate(testWork(db, { actorId: user.id }), id, 'Құжаттар жалған болып шықты')).toBe(true)
    const cert = (await getCertificate(testWork(db), id))!
    const pdf = (await certificatePdf(testWork(db), id))!
    expect(pdf.matches).toBe(true)
    const file = path.join(dir, 'revoked.pdf')
    fs.writeFileSync(file, pdf.bytes)

    const day = localIsoDate(cert.revoked_at!)
    const text = pdfText(file)
    expect(text).toContain(`КҮШІ ЖОЙЫЛҒАН — ${formatDate(`${day}T12:00:00Z`, 'kk')}`)
    expect(text).toContain(`ОТОЗВАН — ${formatDate(`${day}T12:00:00Z`, 'ru')}`)
    // Everything else is still printed: the holder, the number.
    expect(text).toContain('Гүлнар Сейітқызы')
    expect(text).toContain(cert.number)
    const meta = await readCertificateMetadata(pdf.bytes)
    expect(meta.revoked).toEqual({ date: day })

    // The marked file is what is on record now; the valid one's hash stays in the audit record.
    const row = await db.selectFrom('certificates').select(['pdf_sha256', 'pdf_version']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ pdf_sha256: sha256Hex(pdf.bytes), pdf_version: CERTIFICATE_PDF_VERSION })
    expect(row.pdf_sha256).not.toBe(validHash)
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', id)
      .where('action', '=', 'certificate.revoke')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ validPdfSha256: validHash })

    run('pdftoppm', ['-r', '100', '-png', '-singlefile', file, path.join(dir, 'revoked')])
    expect(run('zbarimg', ['--raw', '-q', path.join(dir, 'revoked.png')]).trim()).toBe(verifyUrl(cert.code))

    // A second download renders the same marked bytes.
    expect(Buffer.from((await certificatePdf(testWork(db), id))!.bytes).equals(Buffer.from(pdf.bytes))).toBe(true)
  })

  test('an attendance statement is marked in the feminine in Russian, its own language first', async () => {
    const facts: CertificateFacts = {
      kind: 'attendance',
      number: 'ORK-2026-000777',
      code: 'ABCDEFGHJKMNPQRS',
      holder: 'Сергей Иванов',
      course: { ru: 'Благополучие детей' },
      lang: 'ru',
      secondLang: null,
      hours: 36,
      from: '2026-01-10',
      to: '2026-02-20',
      approval: null,
      issued: '2026-02-25',
      revision: 1,
    }
    const file = path.join(dir, 'attendance.pdf')
    fs.writeFileSync(file, await renderCertificatePdf(facts, `https://academy.orken.kz/verify/${facts.code}?t=x`, { date: '2026-11-30' }))
    const text = pdfText(file)
    const banner = text.split('\n').find((line) => line.includes('ОТОЗВАНА'))
    expect(banner).toBe('ОТОЗВАНА — 30 ноября 2026 г. · КҮШІ ЖОЙЫЛҒАН — 2026 ж. 30 қараша')
  })

  test('the public check says revoked, with the day and the reason', async () => {
    const { id } = await issued('Марат Оспанов')
    const reason = 'Қате берілген'
    await revokeCertificate(testWork(db), id, reason)
    const cert = (await getCertificate(testWork(db), id))!
    expect(await verificationView(testWork(db), cert.code)).toMatchObject({ state: 'revoked', revokedAt: cert.revoked_at, revokeReason: reason })
    const { id: validId } = await issued('Әсем Жұмабаева')
    const valid = (await getCertificate(testWork(db), validId))!
    expect(await verificationView(testWork(db), valid.code)).toMatchObject({ state: 'valid', revokedAt: null, revokeReason: null })
  })

  test('certificate:verify says revoked for the marked file, genuine for the file as issued, and refuses a mark taken out', async () => {
    const { id } = await issued('Ерболат Нұрланұлы')
    const keyFile = path.join(dir, 'key.pem')
    fs.writeFileSync(keyFile, await publicKeyPem(testWork(db)))
    const issuedFile = path.join(dir, 'as-issued.pdf')
    fs.writeFileSync(issuedFile, (await certificatePdf(testWork(db), id))!.bytes)
    await revokeCertificate(testWork(db), id, 'Тексеру')
    const cert = (await getCertificate(testWork(db), id))!
    const revokedFile = path.join(dir, 'marked.pdf')
    fs.writeFileSync(revokedFile, (await certificatePdf(testWork(db), id))!.bytes)

    const revoked = verifyCli(revokedFile, keyFile)
    expect(revoked.status, revoked.stderr).toBe(3)
    expect(revoked.stdout).toContain(`REVOKED certificate ${cert.number}: issued genuinely, revoked on ${localIsoDate(cert.revoked_at!)}`)
    expect(revoked.stdout).not.toContain('GENUINE')

    // The copy downloaded before the revocation is still the genuine issued file; only the site knows it is revoked.
    const before = verifyCli(issuedFile, keyFile)
    expect(before.status, before.stderr).toBe(0)
    expect(before.stdout).toContain(`GENUINE certificate ${cert.number}`)
    expect(before.stdout).toContain('only known online')

    // The mark's record taken out of the marked file: it no longer renders to these bytes.
    const stripped = await PDFDocument.load(fs.readFileSync(revokedFile))
    stripped.context.lookup(stripped.context.trailerInfo.Info, PDFDict).delete(PDFName.of('OrkenRevoked'))
    const strippedFile = path.join(dir, 'stripped.pdf')
    fs.writeFileSync(strippedFile, await stripped.save({ useObjectStreams: false }))
    const forged = verifyCli(strippedFile, keyFile)
    expect(forged.status).toBe(1)
    expect(forged.stderr).toContain('NOT GENUINE: the PDF was altered after it was issued')
  }, 60_000)
})
