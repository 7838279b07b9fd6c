import type { CertificateFacts, CertificateKind } from '#app/modules/certificates/facts.ts'
import { qrTextFor } from '#app/modules/certificates/issue.server.ts'
import { signFactsWith, signingKey } from '#app/modules/certificates/signing.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { addMinutes, dayOfStamp, isoDay } from './calendar.ts'
import type { EnrolmentState } from './learning.server.ts'
import type { Random } from './random.ts'
import { RATES } from './scale.ts'
import type { SimEnrolment } from './world.ts'

// The documents issueCertificate would have issued, at the moment each
// enrolment finished: a certificate for a completed course, an attendance
// statement when every lesson was done but the exam was not passed. Numbers
// run gapless per year after whatever the registry already holds, and the
// counters are kept in step in every batch. The facts are signed with the
// institute's key (Ed25519, about 0.1 ms each). No PDF is rendered here (a
// few milliseconds each, minutes at the national scale): pdf_sha256 is left
// '', and the first download renders the PDF and records its hash, as it
// does for any certificate issued before its after-commit render.

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const REVOKE_REASONS = [
  'Деректер қате енгізілген (тыңдаушының өтініші бойынша)',
  'Оқу нәтижелері қайта қаралды',
  'Ошибка в данных слушателя, выдан по неверной заявке',
]

interface Document {
  enrolment: SimEnrolment
  kind: CertificateKind
  issuedAt: string
  revokedAt: string | null
}

function plan(ctx: SimContext, rng: Random, written: { enrolment: SimEnrolment; state: EnrolmentState }[]): Document[] {
  const docs: Document[] = []
  for (const { enrolment, state } of written) {
    if (!state.finishedAt) continue
    const kind =
      state.status === 'completed' ? 'certificate' : state.status === 'not_passed' && state.lessonsDone >= enrolment.course.lessons.length ? 'attendance' : null
    if (kind) docs.push({ enrolment, kind, issuedAt: state.finishedAt, revokedAt: null })
  }
  docs.sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0))
  // A revoked certificate always belongs to a teacher who holds another, so every teacher still counts as trained.
  const certificates = docs.filter((d) => d.kind === 'certificate')
  const held = new Map<string, number>()
  for (const d of certificates) held.set(d.enrolment.user.id, (held.get(d.enrolment.user.id) ?? 0) + 1)
  const candidates = certificates.filter((d) => (held.get(d.enrolment.user.id) ?? 0) > 1)
  const revokedUsers = new Set<string>()
  for (const d of rng.sample(candidates, Math.round(certificates.length * RATES.revoked))) {
    if (revokedUsers.has(d.enrolment.user.id)) continue
    const revokedAt = addMinutes(d.issuedAt, rng.int(3, 120) * 1440 + rng.int(-120, 120))
    if (revokedAt > ctx.untilStamp) continue
    revokedUsers.add(d.enrolment.user.id)
    d.revokedAt = revokedAt
  }
  return docs
}

export async function writeCertificates(ctx: SimContext, rng: Random, written: { enrolment: SimEnrolment; state: EnrolmentState }[]): Promise<number> {
  const docs = plan(ctx, rng, written)
  const counters = new Map((await ctx.db.selectFrom('certificate_counters').select(['year', 'last_seq']).execute()).map((c) => [c.year, c.last_seq]))
  const codes = new Set((await ctx.db.selectFrom('certificates').select('code').execute()).map((c) => c.code))
  const newCode = () => {
    let code = rng.text(16, CODE_ALPHABET)
    while (codes.has(code)) code = rng.text(16, CODE_ALPHABET)
    codes.add(code)
    return code
  }

  await inBatches(ctx, 'certificates', docs, 2_000, async (trx, batch) => {
    const rows = []
    const years = new Set<number>()
    for (const d of batch) {
      const e = d.enrolment
      const cohort = e.cohort!
      const issued = isoDay(dayOfStamp(d.issuedAt))
      const year = Number(issued.slice(0, 4))
      const seq = (counters.get(year) ?? 0) + 1
      counters.set(year, seq)
      years.add(year)
      const number = `ORK-${year}-${String(seq).padStart(6, '0')}`
      const code = newCode()
      const languages = e.course.manifest.languages
      // The same facts issueCertificate builds (issue.server.ts).
      const facts: CertificateFacts = {
        kind: d.kind,
        number,
        code,
        holder: e.user.fullName,
        course: e.course.manifest.title,
        lang: cohort.lang,
        secondLang: cohort.lang === 'kk' ? (languages.includes('ru') ? 'ru' : null) : languages.includes('kk') ? 'kk' : null,
        hours: e.course.manifest.hours,
        from: isoDay(dayOfStamp(e.enrolledAt)),
        to: issued,
        approval: e.course.manifest.approval,
        issued,
        revision: 1,
      }
      const token = signFactsWith(await signingKey(trx, null), facts)
      rows.push({
        id: rng.id(),
        enrolment_id: e.id,
        user_id: e.user.id,
        course_id: e.course.id,
        cohort_id: cohort.id,
        region_code: cohort.regionCode,
        kind: d.kind,
        number,
        year,
        seq,
        code,
        facts: JSON.stringify(facts),
        token,
        qr_text: qrTextFor(code, token),
        pdf_sha256: '',
        revision: 1,
        status: d.revokedAt ? ('revoked' as const) : ('valid' as const),
        issued_at: d.issuedAt,
        issued_by: null,
        revoked_at: d.revokedAt,
        revoke_reason: d.revokedAt ? rng.pick(REVOKE_REASONS) : null,
      })
    }
    await insertRows(trx, 'certificates', rows)
    for (const year of years) {
      const lastSeq = counters.get(year)!
      await trx
        .insertInto('certificate_counters')
        .values({ year, last_seq: lastSeq })
        .onConflict((oc) => oc.column('year').doUpdateSet({ last_seq: lastSeq }))
        .execute()
    }
    await refresh(
      ctx,
      trx,
      ['teachers_trained'],
      batch.map((d) => d.enrolment.user.id),
    )
    await refresh(
      ctx,
      trx,
      ['funnel_certified'],
      batch.map((d) => d.enrolment.id),
    )
  })
  return docs.length
}
