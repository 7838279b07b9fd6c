import { setImmediate as nextTurn } from 'node:timers/promises'
import { dialectOf, type Database } from '#db/client.server.ts'
import { prepared } from '#db/prepared.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { DEFINITIONS } from './definitions.server.ts'
import type { MetricKey } from './keys.ts'
import { refreshSubjects } from './rollups.server.ts'

// Metrics refreshed a moment after the write (ADR 042). A test's synchronized
// start is 2,000 teachers opening their first page at once, and each first
// page starts an enrolment: refreshing the funnel's "started" inside each of
// those writes took a quarter of the start's time on SQLite and almost a third on
// PostgreSQL (four round trips of the eight in the write). Such a write now
// leaves a row here, in its own transaction, and the server's job runner
// refreshes what is left in batches: the same refresh (refreshSubjects), run
// once for a hundred subjects instead of a hundred times for one.
//
// The rows are written by the database: a trigger on enrolments queues the
// update that starts one, whichever write path ran it, in that update's own
// statement (migration 0027, ADR 043). This module drains them, in writes of
// its own.
//
// A row is removed only by the transaction that refreshed its subject after
// the row had committed, so the refresh saw the write; a later event on the
// same subject adds a row of its own and is refreshed again.

const anyPending = prepared((db) => db.selectFrom('metric_pending').select('id').limit(1))

/** How often the job runner looks for pending subjects: how long the dashboard may lag a write. */
export const DRAIN_INTERVAL_MS = 250

/** Subjects refreshed per transaction: a few milliseconds of the event loop. */
export const DRAIN_BATCH = 100

/**
 * Refreshes up to `limit` pending subjects in one write and removes their
 * rows; returns how many rows it took. On PostgreSQL two drains at once take
 * different rows (the rows are locked, and locked ones skipped).
 */
export async function drainPendingMetrics(work: Work, limit = DRAIN_BATCH): Promise<number> {
  // Nothing pending, the usual case: no write, which on SQLite would take the one writer's turn.
  if (!(await anyPending.first(work.db))) return 0
  return write(work, async (tx) => {
    const trx = tx.db
    const query = trx.selectFrom('metric_pending').select(['id', 'metric', 'subject_id']).limit(limit)
    const rows = await (dialectOf(trx) === 'postgres' ? query.forUpdate().skipLocked() : query).execute()
    if (!rows.length) return 0
    const byMetric = new Map<MetricKey, string[]>()
    for (const row of rows) {
      // A metric whose definition is gone has nothing left to refresh.
      if (!Object.hasOwn(DEFINITIONS, row.metric)) continue
      const metric = row.metric as MetricKey
      const ids = byMetric.get(metric) ?? []
      ids.push(row.subject_id)
      byMetric.set(metric, ids)
    }
    await refreshSubjects(
      trx,
      [...byMetric].sort(([a], [b]) => (a < b ? -1 : 1)),
    )
    await trx
      .deleteFrom('metric_pending')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    return rows.length
  })
}

/** Drains until nothing is pending, a batch per turn of the event loop; returns how many rows it took. */
export async function drainAllPendingMetrics(work: Work): Promise<number> {
  let total = 0
  for (;;) {
    const drained = await drainPendingMetrics(work)
    total += drained
    if (drained < DRAIN_BATCH) return total
    await nextTurn()
  }
}

/** How many subjects wait for their refresh. */
export async function pendingMetricCount(db: Database): Promise<number> {
  const row = await db
    .selectFrom('metric_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
