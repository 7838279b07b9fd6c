// npm run db:restore -- <backup file> [--to <database file or url>] [--force]
// — restores a backup made by npm run db:backup into --to (default
// DATABASE_URL, else ./data/orken.db), then runs the migrations so that an
// older backup comes up to date. Stop the app first. It refuses, changing
// nothing, when the backup's SHA-256 differs from the manifest beside it, and
// when the SQLite target already holds data unless --force is given.
// PostgreSQL targets go through pg_restore --clean --if-exists --no-owner.
import { parseArgs } from 'node:util'
import { RestoreRefusedError, restoreDatabase } from '#tools/ops/backup.server.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { to: { type: 'string' }, force: { type: 'boolean', default: false } } })
if (positionals.length !== 1) {
  console.error('usage: npm run db:restore -- <backup file> [--to <database file or url>] [--force]')
  process.exit(2)
}
const number = new Intl.NumberFormat('en-US')
try {
  const report = await restoreDatabase(positionals[0]!, values.to ?? (process.env.DATABASE_URL || undefined), { force: values.force })
  console.log(`restored ${positionals[0]} into ${report.target}`)
  console.log(report.checksumVerified ? 'sha256   matches the manifest' : 'sha256   not checked (no manifest beside the backup)')
  if (report.integrity) console.log(`integrity ${report.integrity}`)
  console.log(report.migrations.length ? `migrated ${report.migrations.join(', ')}` : 'migrations: already up to date')
  for (const [table, rows] of Object.entries(report.rowCounts)) console.log(`  ${table.padEnd(18)}${number.format(rows).padStart(12)}`)
} catch (error) {
  if (!(error instanceof RestoreRefusedError)) throw error
  console.error(`refused: ${error.message}`)
  process.exitCode = 1
}
