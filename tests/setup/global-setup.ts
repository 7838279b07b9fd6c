import fs from 'node:fs'
import path from 'node:path'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { syncDistricts } from '#app/modules/reference/places-data.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { formatProblems, syncContent } from '#app/modules/content/sync.server.ts'
import { testWork } from './work.ts'
import { onPostgres, onPostgresAdmin, PG_TEMPLATE_ENV, postgresUrl } from './databases.ts'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

// Migrate one template database (with the regions and fixture schools) once per
// run; each test file then works on its own copy of it: a copied SQLite file,
// or on PostgreSQL a database created with the template as its TEMPLATE.
export default async function globalSetup() {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  let url = TEMPLATE_DB
  let template: string | null = null
  if (onPostgres) {
    template = `orken_template_${process.pid}`
    await onPostgresAdmin([`drop database if exists "${template}" with (force)`, `create database "${template}"`])
    // The test workers are forked after this and inherit the name.
    process.env[PG_TEMPLATE_ENV] = template
    url = postgresUrl(template)
  } else {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(TEMPLATE_DB + suffix, { force: true })
  }
  const db = openDatabase(url)
  await migrateToLatest(db)
  await syncRegions(db)
  await syncDistricts(db)
  await insertFixtureSchools(db)
  // The short test course (tests/fixtures/content) is published in every copy;
  // so is the real content, so that servers started on a copy compile nothing.
  for (const root of ['tests/fixtures/content', 'content']) {
    const report = await syncContent(testWork(db), path.resolve(root))
    if (report.failed.length) throw new Error(report.failed.map((f) => formatProblems(f.problems)).join('\n'))
  }
  await db.destroy()
  if (!template) return
  return async () => onPostgresAdmin([`drop database if exists "${template}" with (force)`])
}
