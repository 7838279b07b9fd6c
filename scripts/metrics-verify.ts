// npm run metrics:verify [-- --rebuild] — recomputes every strategy metric
// from the raw tables of the database named by DATABASE_URL and compares it
// with the rollups the dashboard reads. Exits 1 when anything differs.
// --rebuild replaces the stored rollups with the recomputed ones first (after
// a definition changed or a repair), and then verifies.
import { parseArgs } from 'node:util'
import { openDatabase } from '#db/client.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'
import { rebuildMetrics } from '#app/modules/metrics/rebuild.server.ts'
import { drainAllPendingMetrics } from '#app/modules/metrics/pending.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'

const { values } = parseArgs({ options: { rebuild: { type: 'boolean', default: false }, limit: { type: 'string', default: '20' } } })
const env = readEnv()
applyProcessSettings(env)
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX })
await migrateToLatest(db)
const started = performance.now()
// The rebuild and the refresh of what writes left pending (ADR 042) write as the system and read no settings.
const work = systemWork(db, appConfigFrom(env), silentLogger)
if (values.rebuild) await rebuildMetrics(work, (metric, subjects) => console.log(`rebuilt ${metric}: ${subjects} subjects`))
// What the rollups are a moment after the last write: subjects still pending are refreshed first.
const drained = await drainAllPendingMetrics(work)
if (drained) console.log(`refreshed ${drained} pending subject(s) first`)
const number = new Intl.NumberFormat('en-US')
console.log(`${'metric'.padEnd(32)}${'recomputed'.padStart(14)}${'rollups'.padStart(14)}${'subjects'.padStart(12)}${'differences'.padStart(13)}`)
const report = await verifyMetrics(db, {
  limit: Number(values.limit),
  onMetric: (m) =>
    console.log(
      `${m.metric.padEnd(32)}${number.format(m.expected).padStart(14)}${number.format(m.stored).padStart(14)}${number.format(m.subjects).padStart(12)}${String(m.differences).padStart(13)}`,
    ),
})
for (const d of report.differences) console.log(`  ${d.metric} ${d.table} [${d.key}]: recomputed ${d.expected}, stored ${d.stored}`)
console.log(`${report.totalDifferences} difference(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
await db.destroy()
process.exitCode = report.totalDifferences ? 1 : 0
