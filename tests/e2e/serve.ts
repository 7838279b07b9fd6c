// Starts the server for the browser tests on a database of their own, with the
// fixture schools and the short test course of tests/fixtures/content published beside the real ones.
import fs from 'node:fs'
import path from 'node:path'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { formatProblems, syncContent } from '#app/modules/content/sync.server.ts'
import { testWork } from '#tests/setup/work.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { syncDistricts } from '#app/modules/reference/places-data.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'

const file = path.resolve(process.env.DATABASE_URL ?? 'tests/.tmp/e2e.db')
process.env.UPLOADS_DIR ??= path.resolve('tests/.tmp/e2e-uploads')
fs.mkdirSync(path.dirname(file), { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
const db = openDatabase(file)
await migrateToLatest(db)
// The fixture schools the tests' users join (the demo seed then keeps them).
await syncRegions(db)
await syncDistricts(db)
await insertFixtureSchools(db)
const report = await syncContent(testWork(db), path.resolve('tests/fixtures/content'))
if (report.failed.length) throw new Error(report.failed.map((f) => formatProblems(f.problems)).join('\n'))
await db.destroy()
await import('../../server/index.ts')
