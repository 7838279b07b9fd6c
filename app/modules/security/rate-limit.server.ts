import type { Database } from '#db/client.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import { LOCK_SPACES, lockKeys } from '#db/locks.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'

// consumeRateLimit is the write a route or module calls. The steps it is made
// of (check, record, release, clear) take the database or transaction they
// run on, so that a write elsewhere (the login throttle, the check-in limits)
// can combine them inside its own transaction.

export interface RateLimitRule {
  bucket: string
  max: number
  windowMs: number
}

export interface RateLimitStatus {
  limited: boolean
  /** Whole minutes until the oldest counted event leaves the window. */
  retryAfterMinutes: number
}

/**
 * Whether `key` has reached `rule.max` events within the rule's window. Inside
 * a write, the key is locked first (on PostgreSQL, ADR 035), so that a check
 * and the event its write records are one step for the key.
 */
export async function checkRateLimit(db: Database, rule: RateLimitRule, key: string): Promise<RateLimitStatus> {
  if (db.isTransaction) await lockKeys(db, LOCK_SPACES.rateLimit, [`${rule.bucket} ${key}`])
  const since = new Date(now().getTime() - rule.windowMs).toISOString()
  const events = await db
    .selectFrom('rate_limit_events')
    .select('at')
    .where('bucket', '=', rule.bucket)
    .where('key', '=', key)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(rule.max)
    .execute()
  if (events.length < rule.max) return { limited: false, retryAfterMinutes: 0 }
  const oldestCounted = new Date(events[events.length - 1]!.at).getTime()
  const waitMs = oldestCounted + rule.windowMs - now().getTime()
  return { limited: true, retryAfterMinutes: Math.max(1, Math.ceil(waitMs / 60_000)) }
}

/**
 * Checks and records in one step: when `key` is under the limit, an event is
 * recorded and its id returned (release it if the attempt turns out to be
 * harmless); when it is at the limit, nothing is recorded. The check locks the
 * key (checkRateLimit), so forty requests at once cannot all pass a check of
 * five before any of them is counted.
 */
export async function consumeRateLimit(work: Work, rule: RateLimitRule, key: string): Promise<RateLimitStatus & { eventId: string | null }> {
  return write(work, async ({ db: trx }) => {
    const status = await checkRateLimit(trx, rule, key)
    if (status.limited) return { ...status, eventId: null }
    return { ...status, eventId: await recordRateLimitEvent(trx, rule, key) }
  })
}

/** Takes back one recorded event (an attempt that succeeded after all). */
export async function releaseRateLimitEvent(db: Database, eventId: string): Promise<void> {
  await db.deleteFrom('rate_limit_events').where('id', '=', eventId).execute()
}

export async function recordRateLimitEvent(db: Database, rule: RateLimitRule, key: string): Promise<string> {
  const id = newId()
  await db.insertInto('rate_limit_events').values({ id, bucket: rule.bucket, key, at: now().toISOString() }).execute()
  return id
}

export async function clearRateLimit(db: Database, rule: RateLimitRule, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_events').where('bucket', '=', rule.bucket).where('key', '=', key).execute()
}

/** Deletes events older than a day; run now and then by the server. */
export async function pruneRateLimitEvents(db: Database): Promise<void> {
  const cutoff = new Date(now().getTime() - 24 * 3_600_000).toISOString()
  await db.deleteFrom('rate_limit_events').where('at', '<', cutoff).execute()
}
