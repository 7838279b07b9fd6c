import type { Database } from '#db/client.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { DAY, HOUR, MINUTE } from '#app/modules/clock/clock.server.ts'
import { checkRateLimit, recordRateLimitEvent, type RateLimitRule } from '#app/modules/security/rate-limit.server.ts'

// How often the public check-in may be used, per address and for the whole
// site. The figures and why they cannot let anyone find a code by guessing are
// in docs/decisions/019-parent-check-in-codes.md. A school's Wi-Fi puts a whole
// centre behind one address, so the limits leave room for a room of parents
// and stop a script.

/** Opening a code's page: a centre of 300 parents on one address opens ~3 pages each in 10 minutes. */
const PAGE_RULE: RateLimitRule = { bucket: 'checkin:lookup', max: 120, windowMs: MINUTE }
/** Codes that match no session, per address: a parent mistypes a code now and then, a script all the time. */
const MISS_RULES: RateLimitRule[] = [
  { bucket: 'checkin:miss', max: 10, windowMs: 10 * MINUTE },
  { bucket: 'checkin:miss', max: 50, windowMs: DAY },
]
/** Codes that match no session, from all addresses together: what many addresses at once may try. */
const SITE_MISS_RULE: RateLimitRule = { bucket: 'checkin:miss:site', max: 600, windowMs: HOUR }
const SITE = '*'
/** Anonymous check-ins to one session from one address: a room checks in over minutes, a script in a second. */
const SESSION_CHECKIN_RULE: RateLimitRule = { bucket: 'checkin:session', max: 10, windowMs: MINUTE }
/** Anonymous check-ins from one address to any session. */
const ADDRESS_CHECKIN_RULES: RateLimitRule[] = [
  { bucket: 'checkin:address', max: 300, windowMs: 10 * MINUTE },
  { bucket: 'checkin:address', max: 1000, windowMs: DAY },
]

// The address a request comes from; one the proxy settings could not tell counts as one address.
const addressOf = (work: Work) => work.clientIp ?? 'unknown'

export type CheckinLimit = { reason: 'address' | 'site'; retryAfterMinutes: number } | null

async function firstLimited(db: Database, checks: [RateLimitRule, string][], reason: (rule: RateLimitRule) => 'address' | 'site'): Promise<CheckinLimit> {
  for (const [rule, key] of checks) {
    const status = await checkRateLimit(db, rule, key)
    if (status.limited) return { reason: reason(rule), retryAfterMinutes: status.retryAfterMinutes }
  }
  return null
}

/**
 * Whether `address` may look a code up now: refused when it (or, under a
 * guessing attack from many addresses, the whole site) has tried too many
 * unknown codes, and, for a page view, when it opens pages too fast. Checked
 * before the code is looked up, so a refusal says nothing about the code.
 */
export function codeLookupLimit(work: Work, kind: 'page' | 'post'): Promise<CheckinLimit> {
  const address = addressOf(work)
  const checks: [RateLimitRule, string][] = MISS_RULES.map((rule) => [rule, address])
  checks.push([SITE_MISS_RULE, SITE])
  if (kind === 'page') checks.push([PAGE_RULE, address])
  return firstLimited(work.db, checks, (rule) => (rule === SITE_MISS_RULE ? 'site' : 'address'))
}

/** Counts a code lookup: every page view, and every code that matched no session as a guess. */
export async function recordCodeLookup(work: Work, input: { kind: 'page' | 'post'; found: boolean }): Promise<void> {
  const address = addressOf(work)
  await write(work, async ({ db }) => {
    if (input.kind === 'page') await recordRateLimitEvent(db, PAGE_RULE, address)
    if (input.found) return
    await recordRateLimitEvent(db, MISS_RULES[0]!, address)
    await recordRateLimitEvent(db, SITE_MISS_RULE, SITE)
  })
}

/** Whether an anonymous check-in from `address` to the session may go ahead. */
export function checkinLimit(work: Work, sessionId: string): Promise<CheckinLimit> {
  const address = addressOf(work)
  const checks: [RateLimitRule, string][] = [
    [SESSION_CHECKIN_RULE, `${sessionId} ${address}`],
    ...ADDRESS_CHECKIN_RULES.map((rule): [RateLimitRule, string] => [rule, address]),
  ]
  return firstLimited(work.db, checks, () => 'address')
}

export async function recordCheckinAttempt(work: Work, sessionId: string): Promise<void> {
  const address = addressOf(work)
  await write(work, async ({ db }) => {
    await recordRateLimitEvent(db, SESSION_CHECKIN_RULE, `${sessionId} ${address}`)
    await recordRateLimitEvent(db, ADDRESS_CHECKIN_RULES[0]!, address)
  })
}
