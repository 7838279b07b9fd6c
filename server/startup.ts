import type { Database } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { isDatabaseEmpty, seedDemo } from '#tools/demo/seed.server.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { syncDistricts } from '#app/modules/reference/places-data.server.ts'
import type { AppConfig } from '#app/core/config.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'
import { syncTargets } from '#app/modules/dashboard/targets.server.ts'
import { ensureMetricsBuilt } from '#app/modules/metrics/rebuild.server.ts'
import { drainAllPendingMetrics } from '#app/modules/metrics/pending.server.ts'
import { formatProblems, syncContent } from '#app/modules/content/sync.server.ts'
import { setContentRoot } from '#app/modules/content/content-root.server.ts'
import { hasAdministrator } from '#app/modules/auth/admin-account.server.ts'

/** What an operator does next on a production site without an administrator (docs/going-live.md). */
export const FIRST_START_STEPS = [
  'No administrator yet: run `npm run admin:create` on this server (same environment as the server) to make the first one;',
  '  then import the school registry (`npm run schools:import -- <file> --full` or /admin/schools);',
  '  then import teachers (/admin/import). Every step is in docs/going-live.md.',
]

/**
 * Makes a database ready to serve: migrations, reference data, and the demo
 * seed when the database has no users and this is not production. A
 * production database without an administrator gets none made: the log says
 * how to make one (the site never offers it to whoever comes first).
 */
export async function prepareDatabase(db: Database, options: { config: AppConfig; demoPassword: string; log?: (line: string) => void }) {
  const { production, contentRoot } = options.config
  const log = options.log ?? (() => {})
  const applied = await migrateToLatest(db)
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`)
  await syncRegions(db)
  await syncDistricts(db)
  // Start-up writes as the system, before any request; what it runs reads no settings.
  const work = systemWork(db, options.config, silentLogger)
  await syncTargets(work)
  if (await ensureMetricsBuilt(work)) log('Rebuilt the strategy metrics from the records (their definitions changed).')
  setContentRoot(contentRoot)
  // Compile changed content now, so that no learner's request ever compiles.
  const content = await syncContent(work, contentRoot)
  if (content.published.length) log(`Published content: ${content.published.join(', ')} (compiled ${content.compiled} lessons, ${content.cached} from cache)`)
  for (const f of content.failed) log(`Content not published (the last good version keeps serving): ${f.slug}\n${formatProblems(f.problems)}`)
  if (!production && (await isDatabaseEmpty(db))) {
    const accounts = await seedDemo(work, options.demoPassword)
    // The demo's starts, counted before the first request (ADR 042).
    await drainAllPendingMetrics(work)
    log('Seeded demo data. Log in with any of these accounts (email or IIN) and the demo password:')
    for (const a of accounts) log(`  ${a.role.padEnd(15)} ${a.email}${a.iin ? `  (IIN ${a.iin})` : ''}`)
    log(`  password: ${options.demoPassword === 'orken-demo-2026' ? 'orken-demo-2026 (set DEMO_PASSWORD to change it)' : 'the value of DEMO_PASSWORD'}`)
    return { seeded: true, awaitingAdministrator: false }
  }
  const awaitingAdministrator = production && !(await hasAdministrator(work))
  if (awaitingAdministrator) for (const line of FIRST_START_STEPS) log(line)
  return { seeded: false, awaitingAdministrator }
}
