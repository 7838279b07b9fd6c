import fs from 'node:fs'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { insertDemoSchools, syncRegions } from '#app/modules/reference/reference.server.ts'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

// Migrate one template database (with the regions and demo schools) once per
// run; each test file then works on its own copy of it.
export default async function globalSetup() {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(TEMPLATE_DB + suffix, { force: true })
  const db = openDatabase(TEMPLATE_DB)
  await migrateToLatest(db)
  await syncRegions(db)
  await insertDemoSchools(db)
  await db.destroy()
}
