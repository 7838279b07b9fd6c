import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { write, writeStatement, type Work } from '#app/core/work.server.ts'
import { HOUR, MINUTE, now } from '#app/modules/clock/clock.server.ts'
import {
  clearRateLimit,
  lockRateLimitKeys,
  rateLimitStatus,
  recentRateLimitEvents,
  recordRateLimitEvent,
  type RateLimitRule,
} from '#app/modules/security/rate-limit.server.ts'

// Password guessing is slowed down without letting a stranger lock the owner
// out (docs/decisions/014-security-headers.md, "Login throttling"):
// - one account from one address: 5 failures in 15 minutes, then that pair waits;
// - one address over all accounts: 30 failures in 15 minutes, then it waits;
// - one account over all addresses: from the 10th failure within an hour, an
//   address that has already failed on it waits 5 s, 10 s, 20 s … (at most
//   15 minutes) after the account's latest failure. An address that has not
//   failed on the account (the owner's, as a rule) is never held back by it.
// An attempt is counted before its password is checked, in one transaction
// with the check, and taken back if the password was right.

export const LOGIN_RULES = {
  pair: { bucket: 'login:pair', max: 5, windowMs: 15 * MINUTE } satisfies RateLimitRule,
  address: { bucket: 'login:address', max: 30, windowMs: 15 * MINUTE } satisfies RateLimitRule,
  account: { bucket: 'login:account', max: 10, windowMs: HOUR } satisfies RateLimitRule,
}

export const ACCOUNT_DELAY_BASE_MS = 5_000
export const ACCOUNT_DELAY_MAX_MS = 15 * MINUTE

export function accountLimitKey(userId: string): string {
  return `user:${userId}`
}

const pairKey = (accountKey: string, address: string) => `${accountKey}|${address}`

/** How long an account with `failures` recent failures makes a failing address wait after the latest one. */
export function accountDelayMs(failures: number): number {
  if (failures < LOGIN_RULES.account.max) return 0
  return Math.min(ACCOUNT_DELAY_MAX_MS, ACCOUNT_DELAY_BASE_MS * 2 ** (failures - LOGIN_RULES.account.max))
}

export type LoginAttempt = { allowed: true; eventIds: string[] } | { allowed: false; retryAfterMinutes: number }

/**
 * Decides whether a login attempt may check its password and, if so, counts
 * it against the pair and the address at once. `accountKey` is the account's
 * (whichever of its logins was typed) or, for an unknown login, the login itself.
 */
export async function beginLoginAttempt(work: Work, accountKey: string, address: string): Promise<LoginAttempt> {
  return write(work, async ({ db: trx }) => {
    const pair = pairKey(accountKey, address)
    // Both keys locked at once, then every recent event the decision needs in
    // one read: on PostgreSQL two round trips where there were five (ADR 035).
    await lockRateLimitKeys(trx, [
      [LOGIN_RULES.pair, pair],
      [LOGIN_RULES.address, address],
    ])
    const events = await recentRateLimitEvents(trx, [
      // The pair's window is the account's hour: the account's delay asks whether this address failed on it within that hour.
      { bucket: LOGIN_RULES.pair.bucket, key: pair, windowMs: LOGIN_RULES.account.windowMs, limit: LOGIN_RULES.pair.max },
      { bucket: LOGIN_RULES.address.bucket, key: address, windowMs: LOGIN_RULES.address.windowMs, limit: LOGIN_RULES.address.max },
      { bucket: LOGIN_RULES.account.bucket, key: accountKey, windowMs: LOGIN_RULES.account.windowMs, limit: ACCOUNT_FAILURES_COUNTED },
    ])
    const pairEvents = events.get(LOGIN_RULES.pair.bucket, pair)
    for (const [rule, newest] of [
      [LOGIN_RULES.pair, pairEvents],
      [LOGIN_RULES.address, events.get(LOGIN_RULES.address.bucket, address)],
    ] as const) {
      const status = rateLimitStatus(rule, newest)
      if (status.limited) return { allowed: false, retryAfterMinutes: status.retryAfterMinutes }
    }
    const waitMs = accountWaitMs(events.get(LOGIN_RULES.account.bucket, accountKey), pairEvents.length > 0)
    if (waitMs > 0) return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(waitMs / MINUTE)) }
    // Only the pair counts the attempt before its password is checked: a
    // school's one address may have forty teachers logging in at once, and
    // their attempts in flight must not lock it; the address counts failures.
    const eventIds = [await recordRateLimitEvent(trx, LOGIN_RULES.pair, pair)]
    return { allowed: true, eventIds }
  })
}

/** The account's failures that can still lengthen its delay: from this many on it is ACCOUNT_DELAY_MAX_MS. */
const ACCOUNT_FAILURES_COUNTED = (() => {
  let failures = LOGIN_RULES.account.max
  while (accountDelayMs(failures) < ACCOUNT_DELAY_MAX_MS) failures++
  return failures
})()

/**
 * How long this address still waits, given the account's failures within the
 * hour (newest first, at most ACCOUNT_FAILURES_COUNTED) and whether this
 * address has failed on the account within it.
 */
function accountWaitMs(failures: readonly string[], failedHere: boolean): number {
  const delay = accountDelayMs(failures.length)
  if (delay === 0 || !failedHere) return 0
  return Math.max(0, Date.parse(failures[0]!) + delay - now().getTime())
}

/** The password was wrong: the attempt stays counted, and the account and the address count one more failure. */
export async function loginFailed(work: Work, accountKey: string, address: string): Promise<void> {
  // Both failures in one insert, which checks nothing: on PostgreSQL one
  // round trip and no transaction of its own, where there were four.
  const at = now().toISOString()
  const record = (db: Database) =>
    db
      .insertInto('rate_limit_events')
      .values([
        { id: newId(), bucket: LOGIN_RULES.account.bucket, key: accountKey, at },
        { id: newId(), bucket: LOGIN_RULES.address.bucket, key: address, at },
      ])
      .execute()
  await writeStatement(work, record)
}

/** The password was right: the attempt is taken back and this address starts afresh on the account. */
export async function loginSucceeded(work: Work, attempt: { eventIds: string[] }, accountKey: string, address: string): Promise<void> {
  // releaseRateLimitEvent and clearRateLimit in one statement, which decides
  // nothing: no lock, and on PostgreSQL no transaction of its own (one round
  // trip where there were three). SQLite's writes keep their turns (ADR 033).
  const pair = pairKey(accountKey, address)
  const release = (db: Database) =>
    db
      .deleteFrom('rate_limit_events')
      .where((eb) =>
        eb.or([
          ...(attempt.eventIds.length ? [eb('id', 'in', attempt.eventIds)] : []),
          eb.and([eb('bucket', '=', LOGIN_RULES.pair.bucket), eb('key', '=', pair)]),
        ]),
      )
      .execute()
  await writeStatement(work, release)
}

/** After a password change or reset: the account's failures no longer count. */
export async function forgetLoginFailures(work: Work, userId: string): Promise<void> {
  await write(work, async (tx) => clearRateLimit(tx.db, LOGIN_RULES.account, accountLimitKey(userId)))
}
