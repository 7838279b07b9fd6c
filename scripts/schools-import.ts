// npm run schools:import -- <file> [--full] [--sheet <name>] [--lang kk|ru|en]
//
// Imports the national registry of education organisations (CSV, Excel's
// Unicode text or XLSX) into the database named by DATABASE_URL, through the
// same job as the admin page: progress as it goes, then the counts; a refused
// file prints every error with its line, writes nothing and exits with 1.
// --full: the file is the whole national list, so schools it leaves out close.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { isLocale } from '#app/i18n/locales.ts'
import { syncDistricts } from '#app/modules/reference/places-data.server.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { readRegistryFile } from '#app/modules/registry/registry-file.server.ts'
import { getRegistryJob, startRegistryImport } from '#app/modules/registry/registry.server.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { full: { type: 'boolean', default: false }, sheet: { type: 'string' }, lang: { type: 'string', default: 'kk' } },
})
const file = positionals[0]
const locale = isLocale(values.lang) ? values.lang : 'kk'
if (!file) {
  console.error('usage: npm run schools:import -- <file> [--full] [--sheet <name>] [--lang kk|ru|en]')
  process.exit(2)
}

const env = readEnv()
applyProcessSettings(env)
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX })
await migrateToLatest(db)
await syncRegions(db)
await syncDistricts(db)
const work = systemWork(db, appConfigFrom(env), silentLogger)

async function run(): Promise<number> {
  const table = await readRegistryFile(new Uint8Array(fs.readFileSync(file!)), values.sheet ? { sheet: values.sheet } : {})
  if (!table.ok) {
    console.error(translate(locale, table.error.key, table.error.params))
    return 1
  }
  for (const notice of table.value.notices) console.log(translate(locale, notice.key, notice.params))
  const started = await startRegistryImport(work, table.value, { fileName: path.basename(file!), full: values.full, sheet: values.sheet ?? null })
  if (!started.ok) {
    console.error(translate(locale, started.error.key, started.error.params))
    return 1
  }
  let finished = false
  void started.value.done.then(() => (finished = true))
  while (!finished) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const job = await getRegistryJob(work, started.value.jobId)
    if (job && !finished) process.stdout.write(`\r${job.processed} / ${job.total}`)
  }
  process.stdout.write('\n')
  const job = await getRegistryJob(work, started.value.jobId)
  const result = job?.result
  if (result?.kind === 'counts') {
    for (const key of ['created', 'updated', 'closed', 'reopened', 'unchanged'] as const)
      console.log(`${translate(locale, `registry.result.${key}`)}: ${result[key]}`)
    return 0
  }
  if (result?.kind === 'errors') {
    for (const e of result.errors) console.error(`${e.line}: ${translate(locale, e.key, e.params)}`)
    if (result.errorCount > result.errors.length) console.error(`… ${result.errorCount - result.errors.length}`)
  } else console.error(translate(locale, result?.key ?? 'registry.job.crashed', result?.params))
  return 1
}

const code = await run()
await db.destroy()
process.exit(code)
