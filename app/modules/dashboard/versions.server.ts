import { sql, type QueryCreator } from 'kysely'
import type { Database } from '#db/client.server.ts'
import type { DB } from '#db/schema.ts'
import type { MetricKey } from '#app/modules/metrics/keys.ts'
import { prepared } from '#db/prepared.server.ts'

// The version numbers of the dashboard's sources (ADR 031). The transaction
// that changes a source moves its number; a reader reads the numbers before
// the figures, so figures computed under a version are at least that recent.
// Numbers only grow, so their sum moves exactly when any of them does.

/**
 * What the dashboard's figures are computed from: each metric's rollups, the
 * targets, the courses' titles, the schools' names and districts, and the
 * accounts (moved by triggers, see migration 0020).
 */
export type VersionSource = MetricKey | 'targets' | 'courses' | 'schools' | 'accounts'

/**
 * Moves the version of each source by one, on `trx`: the transaction that
 * changed them. Sources are bumped in name order, one statement each, so
 * that two PostgreSQL transactions bumping the same rows lock them in the
 * same order and never wait on each other in a circle.
 */
export async function bumpVersions(trx: Database, sources: readonly VersionSource[]): Promise<void> {
  for (const source of [...new Set(sources)].sort()) await sourceBump.all(trx, source)
}

// Every write that moves a figure runs it: built once (db/prepared.server.ts).
const sourceBump = prepared((db, source: VersionSource) => versionBump(db, [source]))

/**
 * The statement that moves each of `sources` by one, rows in name order (the
 * lock order): for a caller that runs it inside a larger statement, as the
 * metrics' rollups do on PostgreSQL.
 */
export function versionBump(db: QueryCreator<DB>, sources: readonly VersionSource[]) {
  return db
    .insertInto('metric_versions')
    .values([...new Set(sources)].sort().map((source) => ({ source, version: 1 })))
    .onConflict((oc) => oc.column('source').doUpdateSet({ version: sql`${sql.ref('metric_versions.version')} + 1` }))
}

/** The sum of every source's version: it moves whenever any of the dashboard's figures may have. */
export async function dashboardVersion(db: Database): Promise<number> {
  const row = await versionsTotal.first(db)
  return Number(row?.total ?? 0)
}

// Every dashboard read asks it first: built once (db/prepared.server.ts).
const versionsTotal = prepared((db) => db.selectFrom('metric_versions').select((eb) => eb.fn.sum<number>('version').as('total')))
