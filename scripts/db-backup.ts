// npm run db:backup [-- --out <dir>] — backs up the database named by
// DATABASE_URL (default ./data/orken.db) into <dir> (default data/backups)
// while the app keeps serving. SQLite: orken-<UTC stamp>.db, copied page by
// page with SQLite's online backup from one snapshot (the database as it was
// when the copy began; writers go on meanwhile and cannot restart it) and
// checked with PRAGMA integrity_check. PostgreSQL: orken-<UTC stamp>.dump from
// pg_dump --format=custom (pg_dump must be on PATH). Either way a manifest,
// orken-<UTC stamp>.json, records the bytes, SHA-256 and key tables' row counts;
// npm run db:restore checks the SHA-256 before it restores.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { backupDatabase, manifestPathFor } from '#tools/ops/backup.server.ts'

const { values } = parseArgs({ options: { out: { type: 'string', default: 'data/backups' } } })
const dir = path.resolve(values.out!)
const number = new Intl.NumberFormat('en-US')
const started = performance.now()
let lastTenth = -1
const manifest = await backupDatabase(process.env.DATABASE_URL || undefined, dir, {
  onProgress: ({ copiedPages, totalPages }) => {
    const percent = totalPages ? (copiedPages / totalPages) * 100 : 100
    // One line per tenth, not one per step.
    if (Math.floor(percent / 10) === lastTenth) return
    lastTenth = Math.floor(percent / 10)
    console.log(`copied ${number.format(copiedPages)} / ${number.format(totalPages)} pages (${percent.toFixed(0)}%)`)
  },
})
const seconds = (performance.now() - started) / 1000
const megabytes = manifest.bytes / 1024 / 1024
console.log(`backup   ${path.join(dir, manifest.file)}`)
console.log(`manifest ${manifestPathFor(path.join(dir, manifest.file))}`)
console.log(`source   ${manifest.source}`)
console.log(`size     ${megabytes.toFixed(1)} MB in ${seconds.toFixed(1)} s (${(megabytes / seconds).toFixed(0)} MB/s)`)
console.log(`sha256   ${manifest.sha256}`)
if (manifest.integrity) console.log(`integrity ${manifest.integrity}`)
for (const [table, rows] of Object.entries(manifest.rowCounts)) console.log(`  ${table.padEnd(18)}${number.format(rows).padStart(12)}`)
