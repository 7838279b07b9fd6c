import fs from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { afterEach, describe, expect, test } from 'vitest'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { startCertificateZip, zipFilePath } from '#app/modules/certificates/zip.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'
import { renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { sha256Hex } from '#app/modules/certificates/pdf-record.server.ts'
import { pdfRenderer, pdfThreadRunning, pdfThreadStats, type PdfRenderer } from '#app/modules/certificates/pdf-worker-thread.server.ts'

// The certificate thread renders what the server's thread renders, byte for
// byte (the recorded SHA-256 and certificate:verify depend on it), and it runs
// only while a job holds it.

const facts: CertificateFacts = {
  kind: 'certificate',
  number: 'ORK-2026-000042',
  code: 'ABCDEFGHJKLMNPQR',
  holder: 'Әсел Қуанышқызы',
  course: { kk: 'Буллингтің алдын алу', ru: 'Профилактика буллинга' },
  lang: 'kk',
  secondLang: 'ru',
  hours: 72,
  from: '2026-01-12',
  to: '2026-03-02',
  approval: { number: '№ 118', date: '2025-12-20' },
  issued: '2026-03-03',
  revision: 1,
}
const qrText = 'https://orken.example.kz/verify/ABCDEFGHJKLMNPQR?t=eyJhbGciOiJFZERTQSJ9.payload.signature'

const held: PdfRenderer[] = []
function renderer(): PdfRenderer {
  const r = pdfRenderer()
  held.push(r)
  return r
}
afterEach(async () => {
  for (const r of held.splice(0)) await r.release()
})

describe('the certificate thread', () => {
  test.each([
    ['a certificate', facts, null],
    ['an attendance statement in Russian', { ...facts, kind: 'attendance', lang: 'ru', secondLang: null, approval: null }, null],
    ['a revoked certificate', facts, { date: '2026-04-01' }],
    ['a name with letters beyond the prepared fonts', { ...facts, holder: 'Şükrü Öztürk' }, null],
  ] as const)('renders %s to the same bytes as the server thread', async (_, f, revocation) => {
    const here = await renderCertificatePdf(f, qrText, revocation)
    const there = await renderer().render(f, qrText, revocation)
    expect(there.byteLength).toBeGreaterThan(10_000)
    expect(sha256Hex(there)).toBe(sha256Hex(here))
  })

  test('two jobs share one thread; it ends when the last lets it go', async () => {
    const first = renderer()
    const second = renderer()
    const [a, b] = await Promise.all([first.render(facts, qrText), second.render({ ...facts, holder: 'Дана Серікқызы' }, qrText)])
    expect(sha256Hex(a)).not.toBe(sha256Hex(b))
    await first.release()
    expect(pdfThreadRunning()).toBe(true)
    expect(sha256Hex(await second.render(facts, qrText))).toBe(sha256Hex(a))
    await second.release()
    expect(pdfThreadRunning()).toBe(false)
    await expect(second.render(facts, qrText)).rejects.toThrow('released')
  })

  test('a renderer taken after the thread ended starts a new one', async () => {
    const before = renderer()
    await before.render(facts, qrText)
    await before.release()
    expect(pdfThreadRunning()).toBe(false)
    const after = renderer()
    expect(pdfThreadRunning()).toBe(true)
    expect(sha256Hex(await after.render(facts, qrText))).toBe(sha256Hex(await renderCertificatePdf(facts, qrText)))
  })

  test('a ZIP job renders in the thread, and the thread ends with the job', async () => {
    const db = createTestDb()
    const version = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: version.current_version_id! }, { capacity: 10 })
    for (const name of ['Айгүл Сәрсенова', 'Ерлан Құрманов', 'Şükrü Öztürk']) {
      const user = await createUser(db, { fullName: name })
      const enrolled = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
      if (!enrolled.ok) throw new Error(enrolled.error)
      await db.updateTable('enrolments').set({ status: 'completed', lessons_done: 3, completed_at: nowIso() }).where('id', '=', enrolled.enrolmentId).execute()
      const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
      if (!issued.ok) throw new Error(issued.error)
    }
    // Recorded by the renders after each issuing commit, on this thread.
    await expect.poll(async () => (await db.selectFrom('certificates').select('pdf_sha256').where('pdf_sha256', '<>', '').execute()).length).toBe(3)
    const work = testWork(db, { config: { exportsDir: path.join(TMP_DIR, `pdf-thread-${process.pid}`) } })
    const before = pdfThreadStats.renders
    const started = await startCertificateZip(work, cohortId)
    if (!started.ok) throw new Error(started.error)
    await started.value.done
    expect(pdfThreadStats.renders - before).toBe(3)
    expect(pdfThreadRunning()).toBe(false)
    const entries = unzipSync(new Uint8Array(fs.readFileSync(zipFilePath(work, started.value.jobId))))
    const recorded = await db.selectFrom('certificates').select(['number', 'pdf_sha256']).where('cohort_id', '=', cohortId).execute()
    expect(recorded).toHaveLength(3)
    for (const row of recorded) expect(sha256Hex(entries[`${row.number}.pdf`]!)).toBe(row.pdf_sha256)
  })
})
