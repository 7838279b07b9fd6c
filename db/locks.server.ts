import { sql } from 'kysely'
import { dialectOf, type Database } from './client.server.ts'

// Locks a write takes on PostgreSQL so that its check and its write see the
// same state (ADR 035). Transactions there run side by side under READ
// COMMITTED: each statement sees what had committed when it began, so a check
// made after a lock sees every write the lock's last holder committed. On
// SQLite writers already take turns (BEGIN IMMEDIATE), and these do nothing.

/** The rows a write may lock before it checks them: an enrolment, a cohort, a person, a check-in session. */
export type LockedTable = 'enrolments' | 'cohorts' | 'users' | 'parent_sessions'

/**
 * Locks one row until the transaction ends (`SELECT … FOR UPDATE`). Take it
 * first, before reading what the row guards, so the reads see the state the
 * previous holder left.
 */
export async function lockRow(trx: Database, table: LockedTable, id: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  await sql`select 1 from ${sql.table(table)} where id = ${id} for update`.execute(trx)
}

/**
 * What one kind of lock keys is for: the first half of a two-part advisory
 * lock, so the kinds never collide with each other.
 */
export const LOCK_SPACES = {
  /** A metric subject's attribution (metrics/rollups.server.ts). */
  metricSubject: 1,
  /** One import of a kind at a time (a registry import, a roster import). */
  importKind: 2,
  /** A rate limit's bucket and key (security/rate-limit.server.ts). */
  rateLimit: 3,
} as const

/**
 * Keys a write of `space` hashes to at most this many slots: a batch of tens
 * of thousands of subjects takes at most this many locks (PostgreSQL keeps
 * them in a table of max_locks_per_transaction × connections).
 */
const SLOTS = 1024

/**
 * Transaction-scoped advisory locks on things that have no row to lock yet
 * (a subject not yet counted, "an import is running"). Keys are hashed to
 * slots and locked in slot order, so two transactions never wait on each
 * other in a circle over them; two keys sharing a slot only wait a little.
 */
export async function lockKeys(trx: Database, space: number, keys: readonly string[]): Promise<void> {
  if (dialectOf(trx) !== 'postgres' || !keys.length) return
  const slots = [...new Set(keys.map(slotOf))].sort((a, b) => a - b)
  // unnest yields the array in order, so the locks are taken in slot order.
  await sql`select pg_advisory_xact_lock(${space}::int4, s) from unnest(${slots}::int4[]) as s`.execute(trx)
}

function slotOf(key: string): number {
  // FNV-1a: cheap and stable across processes.
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % SLOTS
}
