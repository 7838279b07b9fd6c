import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { z } from 'zod'
import { DEFAULT_DATABASE_URL, isPostgresUrl, openDatabase, type Database } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

/** The tables whose row counts a manifest records, to compare at a glance after a restore. */
export const KEY_TABLES = ['users', 'enrolments', 'certificates', 'survey_responses', 'parent_sessions', 'metric_rollups'] as const

const manifestSchema = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  dialect: z.enum(['sqlite', 'postgres']),
  source: z.string(),
  createdAt: z.string(),
  /** `PRAGMA integrity_check` of the copy; null for a pg_dump archive. */
  integrity: z.string().nullable(),
  rowCounts: z.record(z.number().int().nonnegative()),
})

export type BackupManifest = z.infer<typeof manifestSchema>

export interface BackupProgress {
  totalPages: number
  copiedPages: number
}

export interface RestoreReport {
  target: string
  /** Whether a manifest was found beside the backup and its SHA-256 matched. */
  checksumVerified: boolean
  integrity: string | null
  migrations: string[]
  rowCounts: Record<string, number>
}

/** A restore that was refused before it touched the target. */
export class RestoreRefusedError extends Error {}

const sqliteFile = (url: string) => path.resolve(url.startsWith('file:') ? url.slice('file:'.length) : url)

/** The manifest written beside a backup: `orken-<stamp>.db` → `orken-<stamp>.json`. */
export function manifestPathFor(backupFile: string): string {
  const { dir, name } = path.parse(backupFile)
  return path.join(dir, `${name}.json`)
}

/**
 * Backs up the database named by `url` into `dir` while the app keeps serving,
 * and writes a manifest beside the copy. SQLite: `orken-<UTC stamp>.db`, copied
 * page by page with the online backup API from one snapshot (writers are
 * neither blocked nor able to restart it), then checked with
 * `PRAGMA integrity_check`. PostgreSQL: `orken-<UTC stamp>.dump` from pg_dump.
 */
export async function backupDatabase(
  url: string = DEFAULT_DATABASE_URL,
  dir: string,
  options: { onProgress?: (progress: BackupProgress) => void; pagesPerStep?: number } = {},
): Promise<BackupManifest> {
  fs.mkdirSync(dir, { recursive: true })
  // Wall-clock time, not the app's clock: a simulation's offset must not name backups.
  const createdAt = new Date()
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  const file = path.join(path.resolve(dir), `orken-${stamp}.${isPostgresUrl(url) ? 'dump' : 'db'}`)
  if (fs.existsSync(file)) throw new Error(`${file} already exists; backups are never overwritten`)
  if (isPostgresUrl(url)) return backupPostgres(url, file, createdAt)

  const source = sqliteFile(url)
  let integrity: string
  let rowCounts: Record<string, number>
  try {
    const db = new SQLite(source, { readonly: true, fileMustExist: true })
    try {
      await copyOnline(db, file, options.pagesPerStep ?? 1024, options.onProgress)
    } finally {
      db.close()
    }
    const copy = new SQLite(file)
    try {
      // A standalone file: no -wal beside it to be lost when the backup is moved.
      copy.pragma('journal_mode = DELETE')
      integrity = integrityCheck(copy)
      rowCounts = countKeyTables(copy)
    } finally {
      copy.close()
    }
    if (integrity !== 'ok') throw new Error(`The copy failed PRAGMA integrity_check: ${integrity}`)
  } catch (error) {
    // No half-written or damaged file that could later pass for a backup.
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    throw error
  }
  const manifest: BackupManifest = {
    file: path.basename(file),
    bytes: fs.statSync(file).size,
    sha256: await sha256File(file),
    dialect: 'sqlite',
    source,
    createdAt: createdAt.toISOString(),
    integrity,
    rowCounts,
  }
  fs.writeFileSync(manifestPathFor(file), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

// sqlite3_backup_step opens a read transaction for its step and closes it
// after, unless the source connection already holds one; a commit from any
// other connection between two steps then restarts the copy at page 1.
// Holding one read transaction for the whole copy pins a single snapshot:
// every step copies pages not copied before, so the copy ends after
// ceil(pages / pagesPerStep) steps however busy the writers are, and it is
// that snapshot, as a committed state. In WAL mode (the app always opens its
// database so) a reader never blocks a writer; checkpoints stop short of the
// snapshot until the copy ends, so the log grows meanwhile. The event loop
// turns between steps, for the progress report.
async function copyOnline(db: SQLite.Database, file: string, pagesPerStep: number, onProgress?: (progress: BackupProgress) => void) {
  db.exec('BEGIN')
  try {
    // A deferred transaction takes its snapshot at its first read.
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()
    const done = await db.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.({ totalPages, copiedPages: totalPages - remainingPages })
        return pagesPerStep
      },
    })
    onProgress?.({ totalPages: done.totalPages, copiedPages: done.totalPages })
  } finally {
    db.exec('ROLLBACK')
  }
}

/**
 * Restores a backup into the database named by `targetUrl`. Refuses (with
 * RestoreRefusedError, before touching anything) a backup whose SHA-256 differs
 * from its manifest, and an existing non-empty SQLite target unless `force`.
 * Migrations then bring an older backup up to date. Stop the app first: the
 * target's pages are replaced under any connection that has it open.
 */
export async function restoreDatabase(backupFile: string, targetUrl: string = DEFAULT_DATABASE_URL, options: { force?: boolean } = {}): Promise<RestoreReport> {
  if (!fs.existsSync(backupFile)) throw new RestoreRefusedError(`No backup at ${backupFile}`)
  const manifest = readManifest(backupFile)
  if (manifest) {
    const actual = await sha256File(backupFile)
    if (actual !== manifest.sha256) {
      throw new RestoreRefusedError(`${backupFile} does not match its manifest (SHA-256 ${actual}, expected ${manifest.sha256}); it is damaged or was changed`)
    }
  }
  const checksumVerified = manifest !== null
  if (isPostgresUrl(targetUrl)) return restorePostgres(backupFile, targetUrl, checksumVerified, options.force ?? false)

  const target = sqliteFile(targetUrl)
  if (!options.force && hasData(target)) throw new RestoreRefusedError(`${target} already holds a database; pass --force to replace it`)
  const backup = new SQLite(backupFile, { readonly: true, fileMustExist: true })
  try {
    // A matching checksum means the very file that passed integrity_check when it was made.
    const problems = manifest ? 'ok' : integrityCheck(backup)
    if (problems !== 'ok') throw new RestoreRefusedError(`${backupFile} failed PRAGMA integrity_check: ${problems}`)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    // Through SQLite rather than a file copy: a stale -wal beside the target
    // would otherwise be replayed over the restored pages.
    await backup.backup(target, { progress: () => 0x7fffffff })
  } finally {
    backup.close()
  }
  const db = openDatabase(target)
  try {
    const rows = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
    const integrity = rows.rows.map((r) => r.integrity_check).join('; ')
    if (integrity !== 'ok') throw new Error(`The restored ${target} failed PRAGMA integrity_check: ${integrity}`)
    const migrations = await migrateToLatest(db)
    return { target, checksumVerified, integrity, migrations, rowCounts: await countRows(db) }
  } finally {
    await db.destroy()
  }
}

async function countRows(db: Database): Promise<Record<string, number>> {
  const rowCounts: Record<string, number> = {}
  for (const table of KEY_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    rowCounts[table] = Number(row.n)
  }
  return rowCounts
}

// pg_restore into an empty database (or, with force, over the app's tables:
// --clean drops each object before it is recreated), stopping at the first
// error; then the migrations, and the key tables counted.
async function restorePostgres(backupFile: string, targetUrl: string, checksumVerified: boolean, force: boolean): Promise<RestoreReport> {
  const probe = openDatabase(targetUrl)
  try {
    const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(probe)
    if (!force && Number(rows[0]?.n) > 0) throw new RestoreRefusedError(`${redactUrl(targetUrl)} already holds tables; pass --force to replace them`)
  } finally {
    await probe.destroy()
  }
  const { args, env } = pgConnection(targetUrl)
  await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--exit-on-error', ...args, backupFile], env)
  const db = openDatabase(targetUrl)
  try {
    const migrations = await migrateToLatest(db)
    return { target: redactUrl(targetUrl), checksumVerified, integrity: null, migrations, rowCounts: await countRows(db) }
  } finally {
    await db.destroy()
  }
}

function readManifest(backupFile: string): BackupManifest | null {
  const file = manifestPathFor(backupFile)
  if (!fs.existsSync(file)) return null
  const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) throw new RestoreRefusedError(`${file} is not a backup manifest: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}

function hasData(file: string): boolean {
  return [file, `${file}-wal`].some((f) => fs.existsSync(f) && fs.statSync(f).size > 0)
}

function integrityCheck(db: SQLite.Database): string {
  return db.prepare('PRAGMA integrity_check').pluck().all().map(String).join('; ')
}

function countKeyTables(db: SQLite.Database): Record<string, number> {
  const counts: Record<string, number> = {}
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck()
  // An older backup may predate a table; it is left out rather than counted as empty.
  for (const table of KEY_TABLES) {
    if (exists.get(table)) counts[table] = Number(db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get())
  }
  return counts
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

// PostgreSQL (tested when the suite runs on PostgreSQL): pg_dump takes its
// own consistent snapshot; the password goes through PGPASSWORD so
// that it does not show in the process list.
async function backupPostgres(url: string, file: string, createdAt: Date): Promise<BackupManifest> {
  const { args, env } = pgConnection(url)
  await runTool('pg_dump', ['--format=custom', '--file', file, ...args], env)
  const manifest: BackupManifest = {
    file: path.basename(file),
    bytes: fs.statSync(file).size,
    sha256: await sha256File(file),
    dialect: 'postgres',
    source: redactUrl(url),
    createdAt: createdAt.toISOString(),
    integrity: null,
    rowCounts: {},
  }
  fs.writeFileSync(manifestPathFor(file), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { args: ['--dbname', parsed.toString()], env: password ? { ...process.env, PGPASSWORD: password } : process.env }
}

function redactUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT' ? new Error(`${command} was not found on PATH; install the PostgreSQL client tools to back up or restore PostgreSQL`) : error,
      ),
    )
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with code ${code}`))))
  })
}
