import { sql } from 'kysely'
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
  if (db.isTransaction) await lockRateLimitKeys(db, [[rule, key]])
  const events = await recentRateLimitEvents(db, [{ bucket: rule.bucket, key, windowMs: rule.windowMs, limit: rule.max }])
  return rateLimitStatus(rule, events.get(rule.bucket, key))
}

/** Locks the keys of several rules at once, in one statement (lockKeys takes them in a fixed order). */
export async function lockRateLimitKeys(db: Database, keys: readonly (readonly [RateLimitRule, string])[]): Promise<void> {
  await lockKeys(
    db,
    LOCK_SPACES.rateLimit,
    keys.map(([rule, key]) => `${rule.bucket} ${key}`),
  )
}

/** A bucket's key and how far back, and how many of its newest events, to read. */
export interface RateLimitWindow {
  bucket: string
  key: string
  windowMs: number
  limit: number
}

/** The times of recent events, newest first, by bucket and key. */
export interface RecentEvents {
  get(bucket: string, key: string): string[]
}

/**
 * The newest events of several buckets' keys within their windows, in one
 * statement: a login's checks are one round trip on PostgreSQL.
 */
export async function recentRateLimitEvents(db: Database, windows: readonly RateLimitWindow[]): Promise<RecentEvents> {
  const byKey = new Map<string, string[]>()
  const id = (bucket: string, key: string) => `${bucket}\n${key}`
  if (windows.length) {
    const at = now().getTime()
    const rows = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('rate_limit_events')
          .select(['bucket', 'key', 'at', sql<number>`row_number() over (partition by bucket, key order by at desc)`.as('newest')])
          .where((w) =>
            w.or(
              windows.map((window) =>
                w.and([w('bucket', '=', window.bucket), w('key', '=', window.key), w('at', '>', new Date(at - window.windowMs).toISOString())]),
              ),
            ),
          )
          .as('recent'),
      )
      .select(['bucket', 'key', 'at'])
      .where('newest', '<=', Math.max(...windows.map((w) => w.limit)))
      .orderBy('at', 'desc')
      .execute()
    for (const row of rows) {
      const list = byKey.get(id(row.bucket, row.key)) ?? []
      list.push(row.at)
      byKey.set(id(row.bucket, row.key), list)
    }
  }
  const limits = new Map(windows.map((w) => [id(w.bucket, w.key), w.limit]))
  return { get: (bucket, key) => (byKey.get(id(bucket, key)) ?? []).slice(0, limits.get(id(bucket, key)) ?? 0) }
}

/** Whether the newest events of a key (newest first, read with recentRateLimitEvents) have reached `rule`'s limit. */
export function rateLimitStatus(rule: RateLimitRule, newestFirst: readonly string[]): RateLimitStatus {
  const since = now().getTime() - rule.windowMs
  const events = newestFirst.filter((at) => Date.parse(at) > since).slice(0, rule.max)
  if (events.length < rule.max) return { limited: false, retryAfterMinutes: 0 }
  const oldestCounted = Date.parse(events[events.length - 1]!)
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
