// npm run content:sync — compiles changed content into the database named by
// DATABASE_URL (the same as the server's), publishing new course versions.
import { openDatabase } from '#db/client.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'
import { formatProblems, syncContent } from '#app/modules/content/sync.server.ts'

const env = readEnv()
applyProcessSettings(env)
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX })
await migrateToLatest(db)
// Publishing from files acts as the system and reads no settings.
const report = await syncContent(systemWork(db, appConfigFrom(env), silentLogger))
for (const f of report.failed) console.error(`${f.slug}: not published, the last good version keeps serving\n${formatProblems(f.problems)}`)
console.log(
  `published: ${report.published.join(', ') || 'none'}; unchanged: ${report.unchanged.join(', ') || 'none'}; compiled ${report.compiled}, from cache ${report.cached}`,
)
await db.destroy()
process.exit(report.failed.length ? 1 : 0)
