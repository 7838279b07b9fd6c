import type { Work } from '#app/core/work.server.ts'
import { MINUTE } from '#app/modules/clock/clock.server.ts'
import { checkRateLimit, recordRateLimitEvent } from '#app/modules/security/rate-limit.server.ts'
import { normaliseCode } from './facts.ts'
import { findCertificateByCode } from './issue.server.ts'

// What anyone may learn about a certificate from its code: never the IIN,
// never the email, never the user's id.

export const VERIFY_RULE = { bucket: 'verify:address', max: 120, windowMs: 10 * MINUTE }

export type VerificationView =
  | { state: 'malformed' }
  | { state: 'notFound'; code: string }
  | {
      state: 'valid' | 'revoked'
      code: string
      kind: 'certificate' | 'attendance'
      number: string
      holder: string
      course: { kk?: string; ru?: string; en?: string }
      lang: 'kk' | 'ru'
      hours: number
      from: string
      to: string
      issued: string
      revision: number
      revokedAt: string | null
      /** Why it was revoked, when a reason was recorded: public, as the admin's form says. */
      revokeReason: string | null
    }

/** A read of the database only: the JSON handler outside Remix passes `{ db }`. */
export async function verificationView(work: Pick<Work, 'db'>, input: string): Promise<VerificationView> {
  const code = normaliseCode(input)
  if (!code) return { state: 'malformed' }
  const cert = await findCertificateByCode(work, code)
  if (!cert) return { state: 'notFound', code }
  const f = cert.facts
  return {
    state: cert.status === 'revoked' ? 'revoked' : 'valid',
    code,
    kind: f.kind,
    number: f.number,
    holder: f.holder,
    course: f.course,
    lang: f.lang,
    hours: f.hours,
    from: f.from,
    to: f.to,
    issued: f.issued,
    revision: cert.revision,
    revokedAt: cert.revoked_at,
    revokeReason: cert.status === 'revoked' ? cert.revoke_reason : null,
  }
}

/** True when this address may look up one more code now; records the look-up. */
export async function allowVerification(work: Pick<Work, 'db'>, address: string): Promise<boolean> {
  const status = await checkRateLimit(work.db, VERIFY_RULE, address)
  if (status.limited) return false
  await recordRateLimitEvent(work.db, VERIFY_RULE, address)
  return true
}
