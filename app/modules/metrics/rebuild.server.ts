import { write, type Work } from '#app/core/work.server.ts'
import { DEFINITIONS, METRIC_KEYS } from './definitions.server.ts'
import type { MetricKey } from './keys.ts'
import { aggregate } from './rollups.server.ts'
import { bumpVersions } from '#app/modules/dashboard/versions.server.ts'

// Rebuilding the rollups from the records: after a definition changed, or for
// a database filled before the metrics existed. Apart from rollups.server.ts,
// which the event subscriber runs inside every write, so that the hook never
// imports the unit of work that calls it.

/**
 * Recomputes every metric from the raw tables and replaces the stored
 * subjects and rollups: for a new definition (see METRICS_VERSION) or a
 * database filled before the metrics existed. One transaction.
 */
export async function rebuildMetrics(work: Work, onMetric?: (metric: MetricKey, subjects: number) => void): Promise<void> {
  await write(work, async (tx) => {
    const trx = tx.db
    // First: a pending subject whose write had committed is counted below; one committing later keeps its row.
    await trx.deleteFrom('metric_pending').execute()
    await trx.deleteFrom('metric_subjects').execute()
    await trx.deleteFrom('metric_rollups').execute()
    await trx.deleteFrom('metric_unit_rollups').execute()
    await trx.deleteFrom('metric_monthly_rollups').execute()
    for (const metric of METRIC_KEYS) {
      const all = await DEFINITIONS[metric].attributions(trx)
      for (let i = 0; i < all.length; i += 500) {
        await trx
          .insertInto('metric_subjects')
          .values(all.slice(i, i + 500).map((a) => ({ metric, ...a })))
          .execute()
      }
      const sums = aggregate(metric, all)
      for (const [table, values] of [
        ['metric_rollups', sums.daily],
        ['metric_monthly_rollups', sums.monthly],
        ['metric_unit_rollups', sums.units],
      ] as const) {
        for (let i = 0; i < values.length; i += 500)
          await trx
            .insertInto(table)
            .values(values.slice(i, i + 500) as never)
            .execute()
      }
      onMetric?.(metric, all.length)
    }
    await bumpVersions(trx, METRIC_KEYS)
  })
}

/** Bump this when a definition changes: start-up then rebuilds every metric once. */
export const METRICS_VERSION = '1'

/** Rebuilds the metrics at start-up when the definitions changed since the last build. */
export async function ensureMetricsBuilt(work: Work): Promise<boolean> {
  const row = await work.db.selectFrom('app_settings').select('value').where('key', '=', 'metrics_version').executeTakeFirst()
  if (row?.value === METRICS_VERSION) return false
  await write(work, async (tx) => {
    await rebuildMetrics(tx.work)
    await tx.db
      .insertInto('app_settings')
      .values({ key: 'metrics_version', value: METRICS_VERSION })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: METRICS_VERSION }))
      .execute()
  })
  return true
}
