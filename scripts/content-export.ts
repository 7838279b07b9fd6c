// npm run content:export [-- --course <slug> ...] [--out <dir>] — writes each
// course's published version from the database named by DATABASE_URL back to
// content/ (or --out), for review in git.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { exportContent } from '#app/modules/content/export.server.ts'

const { values } = parseArgs({
  options: { course: { type: 'string', multiple: true }, out: { type: 'string', default: process.env.CONTENT_DIR ?? 'content' } },
})
const db = openDatabase(process.env.DATABASE_URL)
await migrateToLatest(db)
const report = await exportContent(db, path.resolve(values.out!), values.course)
for (const w of report.written) console.log(`${w.slug}: wrote ${w.files} file(s), removed ${w.removed}`)
if (report.unchanged.length) console.log(`unchanged: ${report.unchanged.join(', ')}`)
if (report.skipped.length) console.log(`skipped (published before sources were kept; run content:sync first): ${report.skipped.join(', ')}`)
await db.destroy()
