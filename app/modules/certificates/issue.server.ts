import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { sql } from 'kysely'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { lockRow } from '#db/locks.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { enqueueCertificateMail } from '#app/modules/mail/certificate-mail.server.ts'
import { parseFacts, type CertificateFacts, type CertificateKind } from './facts.ts'
import { certificatePdf } from './pdf-record.server.ts'
import { signFacts } from './signing.server.ts'

// Issuing, re-issuing and revoking certificates and attendance statements.
// A certificate is issued inside the transaction that completes its enrolment:
// its facts, number and signature. Its PDF is rendered once that transaction
// has committed, outside the write lock (pdf-record.server.ts).

export { certificatePdf, sha256Hex, type CertificatePdf } from './pdf-record.server.ts'

/** The verification page of a certificate; its QR code points there. */
export function verifyUrl(code: string): string {
  return absoluteUrl(`/verify/${code}`)
}

/**
 * The signed verification address: the address and the token an offline
 * checker verifies. The PDF's QR code prints only the address (verifyAddress
 * in pdf/draw.ts); the whole is kept in the PDF's metadata.
 */
export function qrTextFor(code: string, token: string): string {
  return `${verifyUrl(code)}?t=${token}`
}

/** 80 random bits, independent of the registry number. */
export function newVerificationCode(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)))
}

async function nextNumber(trx: Database, year: number): Promise<{ seq: number; number: string }> {
  // The counter row is created or moved on in the issuing transaction, one
  // statement: a rolled-back issuance gives its number back, so numbers have
  // no gaps. On PostgreSQL a concurrent issuance waits for the row once, not
  // once to find it and again to move it.
  const row = await trx
    .insertInto('certificate_counters')
    .values({ year, last_seq: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_seq: sql<number>`certificate_counters.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow()
  return { seq: row.last_seq, number: `ORK-${year}-${String(row.last_seq).padStart(6, '0')}` }
}

async function enrolmentFacts(trx: Database, enrolmentId: string) {
  return trx
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select([
      'enrolments.id',
      'enrolments.user_id',
      'enrolments.course_id',
      'enrolments.cohort_id',
      'enrolments.status',
      'enrolments.lessons_done',
      'enrolments.lessons_total',
      'enrolments.completed_at',
      'enrolments.ended_at',
      'enrolments.enrolled_at',
      'cohorts.course_version_id',
      'cohorts.lang',
      'cohorts.region_code',
      'users.full_name',
    ])
    .where('enrolments.id', '=', enrolmentId)
    .executeTakeFirst()
}

export type IssueError = 'notFound' | 'notComplete'

/**
 * Which document an enrolment has earned, if any. An enrolment ends not passed
 * only once every lesson still open to the teacher is done
 * (progress.server.ts evaluateCompletion), so it always ends in a statement.
 */
export function earnedKind(e: { status: string }): CertificateKind | null {
  if (e.status === 'completed') return 'certificate'
  if (e.status === 'not_passed') return 'attendance'
  return null
}

/**
 * Issues the document an enrolment has earned: a certificate when it is
 * completed, an attendance statement when it ended not passed. Idempotent:
 * an enrolment has at most one document. Issued by the work's actor (none
 * when completion issues it: see progress.server.ts).
 */
export async function issueCertificate(
  work: Work,
  enrolmentId: string,
): Promise<{ ok: true; certificateId: string; created: boolean } | { ok: false; error: IssueError }> {
  const issuedBy = work.actorId
  return write(work, async (tx) => {
    const trx = tx.db
    // One document per enrolment: the enrolment is locked before its certificate is looked for (ADR 035).
    await lockRow(trx, 'enrolments', enrolmentId)
    const existing = await trx.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolmentId).executeTakeFirst()
    if (existing) return { ok: true, certificateId: existing.id, created: false } as const
    const e = await enrolmentFacts(trx, enrolmentId)
    if (!e) return { ok: false, error: 'notFound' } as const
    const kind = earnedKind(e)
    if (!kind) return { ok: false, error: 'notComplete' } as const
    const manifest = await versionManifest(trx, e.course_version_id)
    if (!manifest) return { ok: false, error: 'notFound' } as const
    const issuedAt = now()
    const issued = localIsoDate(issuedAt)
    const year = Number(issued.slice(0, 4))
    const { seq, number } = await nextNumber(trx, year)
    const code = newVerificationCode()
    const lang = e.lang === 'ru' ? 'ru' : 'kk'
    const secondLang = lang === 'kk' ? (manifest.languages.includes('ru') ? 'ru' : null) : manifest.languages.includes('kk') ? 'kk' : null
    const facts: CertificateFacts = {
      kind,
      number,
      code,
      holder: e.full_name,
      course: manifest.title,
      lang,
      secondLang,
      hours: manifest.hours,
      // The teacher's own study period: from their enrolment, not the cohort's start.
      from: localIsoDate(e.enrolled_at),
      to: localIsoDate(e.completed_at ?? e.ended_at ?? issuedAt),
      approval: manifest.approval,
      issued,
      revision: 1,
    }
    const token = await signFacts(tx.work, facts)
    const qrText = qrTextFor(code, token)
    const id = newId()
    await trx
      .insertInto('certificates')
      .values({
        id,
        enrolment_id: e.id,
        user_id: e.user_id,
        course_id: e.course_id,
        cohort_id: e.cohort_id,
        region_code: e.region_code,
        kind,
        number,
        year,
        seq,
        code,
        facts: JSON.stringify(facts),
        token,
        qr_text: qrText,
        // Recorded once the PDF is rendered, after the commit.
        pdf_sha256: '',
        pdf_version: null,
        revision: 1,
        status: 'valid',
        issued_at: issuedAt.toISOString(),
        issued_by: issuedBy,
        revoked_at: null,
        revoke_reason: null,
      })
      .execute()
    await enqueueCertificateMail(trx, { userId: e.user_id, kind, number, course: manifest.title, verifyUrl: verifyUrl(code) })
    tx.emit({ type: 'certificate.issued', certificateId: id, userId: e.user_id, enrolmentId: e.id })
    // The actor is named: a completion issues it for no one inside a learner's write.
    tx.audit({ action: `certificate.issue`, targetType: 'certificate', targetId: id, details: { number, kind, enrolmentId }, actorId: issuedBy })
    tx.afterCommit((outside) => certificatePdf(outside, id))
    return { ok: true, certificateId: id, created: true } as const
  })
}

export async function getCertificate(work: Pick<Work, 'db'>, id: string) {
  return certificateRow(work.db, id)
}

async function certificateRow(db: Database, id: string) {
  const row = await db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? { ...row, facts: parseFacts(row.facts) } : null
}

export async function findCertificateByCode(work: Pick<Work, 'db'>, code: string) {
  const row = await work.db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst()
  return row ? { ...row, facts: parseFacts(row.facts) } : null
}

/**
 * Re-issues a certificate with corrected facts (a corrected name, say): same
 * number, same verification code and address, a new revision, a new signature.
 */
export async function reissueCertificate(work: Work, id: string, changes: { holder?: string }) {
  return write(work, async (tx) => {
    const trx = tx.db
    const cert = await certificateRow(trx, id)
    if (!cert) return false
    const facts: CertificateFacts = { ...cert.facts, holder: changes.holder?.trim() || cert.facts.holder, revision: cert.revision + 1 }
    const token = await signFacts(tx.work, facts)
    // Keep the address the certificate was first issued with.
    const qrText = `${cert.qr_text.split('?')[0]}?t=${token}`
    await trx
      .updateTable('certificates')
      .set({ facts: JSON.stringify(facts), token, qr_text: qrText, pdf_sha256: '', pdf_version: null, revision: facts.revision })
      .where('id', '=', id)
      .execute()
    tx.audit({
      action: 'certificate.reissue',
      targetType: 'certificate',
      targetId: id,
      details: { number: cert.number, revision: facts.revision, holder: facts.holder, previousHolder: cert.facts.holder },
    })
    tx.afterCommit((outside) => certificatePdf(outside, id))
    return true
  })
}

export async function revokeCertificate(work: Work, id: string, reason: string) {
  return write(work, async (tx) => {
    const trx = tx.db
    const cert = await trx
      .selectFrom('certificates')
      .select(['number', 'status', 'user_id', 'enrolment_id', 'pdf_sha256'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!cert || cert.status === 'revoked') return false
    // From now on the PDF is the marked one: its hash is recorded once it is rendered, after the commit.
    await trx
      .updateTable('certificates')
      .set({ status: 'revoked', revoked_at: nowIso(), revoke_reason: reason, pdf_sha256: '', pdf_version: null })
      .where('id', '=', id)
      .execute()
    tx.emit({ type: 'certificate.revoked', certificateId: id, userId: cert.user_id, enrolmentId: cert.enrolment_id })
    // The hash of the file as it was valid stays on record: a copy of it can still be recognised.
    tx.audit({
      action: 'certificate.revoke',
      targetType: 'certificate',
      targetId: id,
      details: { number: cert.number, reason, validPdfSha256: cert.pdf_sha256 || null },
    })
    tx.afterCommit((outside) => certificatePdf(outside, id))
    return true
  })
}

export async function listUserCertificates(work: Work, userId: string) {
  const rows = await work.db.selectFrom('certificates').selectAll().where('user_id', '=', userId).orderBy('issued_at', 'desc').execute()
  return rows.map((r) => ({ ...r, facts: parseFacts(r.facts) }))
}
