import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { backupDatabase, manifestPathFor, RestoreRefusedError, restoreDatabase, type BackupManifest, type BackupProgress } from '#tools/ops/backup.server.ts'
import { startFixtureProcess } from '#tests/fixtures/fixture-process.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { TEMPLATE_DB, TMP_DIR } from '#tests/setup/paths.ts'
import { copyTemplateDatabase, onPostgres, onPostgresAdmin, postgresUrl } from '#tests/setup/databases.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()
const work = fs.mkdtempSync(path.join(TMP_DIR, 'backup-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

async function databaseFile(database: Database): Promise<string> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(database)
  return rows.find((r) => r.name === 'main')!.file
}

/** A copy of a backup and its manifest, with one bit of the backup flipped. */
function tamperedCopy(file: string, dirName: string): string {
  const tampered = path.join(work, dirName, path.basename(file))
  fs.mkdirSync(path.dirname(tampered))
  fs.copyFileSync(file, tampered)
  fs.copyFileSync(manifestPathFor(file), manifestPathFor(tampered))
  const bytes = fs.readFileSync(tampered)
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01
  fs.writeFileSync(tampered, bytes)
  return tampered
}

async function userIds(database: Database): Promise<Set<string>> {
  return new Set((await database.selectFrom('users').select('id').execute()).map((u) => u.id))
}

/** tests/fixtures/writer-process.ts on `file`: resolves `ready` after its first commit, `done` with its count once `stop` exists. */
function startWriter(file: string, stop: string): { ready: Promise<void>; done: Promise<number> } {
  const writer = startFixtureProcess('tests/fixtures/writer-process.ts', [file, stop], 'the writer')
  return { ready: writer.ready, done: writer.done.then(Number) }
}

/** What every account the writer registers adds, counted in one read of `file`. */
function accountFigures(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const count = (query: string) => Number(db.prepare(query).pluck().get())
    return {
      users: count(`SELECT count(*) FROM users`),
      roles: count(`SELECT count(*) FROM user_roles`),
      subjects: count(`SELECT count(*) FROM metric_subjects WHERE metric = 'registered_site_users'`),
      rolledUp: count(`SELECT coalesce(sum(value), 0) FROM metric_rollups WHERE metric = 'registered_site_users'`),
    }
  } finally {
    db.close()
  }
}

// One backup of the test database, taken while writers keep inserting users.
let backupFile = ''

// The SQLite file backups here; pg_dump and pg_restore when the suite runs on PostgreSQL.
if (!onPostgres)
  describe('db backup and restore', () => {
    test('an online backup taken during writes holds everything committed before it, and restores intact', async () => {
      const course = await createTestCourse(db)
      const cohortId = await createTestCohort(db, course, { capacity: 100 })
      const before: string[] = []
      const enrolments: string[] = []
      for (let i = 0; i < 5; i++) {
        const user = await createUser(db)
        const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
        if (!result.ok) throw new Error(result.error)
        before.push(user.id)
        enrolments.push(result.enrolmentId)
      }

      let backingUp = true
      let writtenDuring = 0
      const writer = async () => {
        while (backingUp) {
          await createUser(db)
          if (backingUp) writtenDuring++
          // These writers share the test's event loop: a loop of awaits that never waits on I/O would starve it, the
          // backup's steps included. The next test's writer commits without a pause, from a process of its own.
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      }
      const writers = [writer(), writer(), writer(), writer()]
      const progress: BackupProgress[] = []
      // Small steps, so that the writers commit between them and restart the copy.
      const manifest = await backupDatabase(await databaseFile(db), path.join(work, 'backups'), { pagesPerStep: 1, onProgress: (p) => progress.push(p) })
      backingUp = false
      await Promise.all(writers)
      expect(writtenDuring).toBeGreaterThan(0)
      expect(progress.at(-1)).toMatchObject({ copiedPages: progress.at(-1)!.totalPages })

      backupFile = path.join(work, 'backups', manifest.file)
      expect(manifest.file).toMatch(/^orken-\d{8}T\d{6}Z\.db$/)
      expect(manifest).toMatchObject({ dialect: 'sqlite', integrity: 'ok', bytes: fs.statSync(backupFile).size, sha256: sha256(backupFile) })
      expect(Object.keys(manifest.rowCounts)).toEqual(['users', 'enrolments', 'certificates', 'survey_responses', 'parent_sessions', 'metric_rollups'])
      expect(manifest.rowCounts.users).toBeGreaterThanOrEqual(before.length)
      const written = JSON.parse(fs.readFileSync(manifestPathFor(backupFile), 'utf8')) as unknown
      expect(written).toEqual(manifest)

      const target = path.join(work, 'restored', 'orken.db')
      const report = await restoreDatabase(backupFile, target)
      expect(report).toMatchObject({ target, checksumVerified: true, integrity: 'ok', migrations: [], rowCounts: manifest.rowCounts })

      const restored = openDatabase(target)
      try {
        const ids = await userIds(restored)
        for (const id of before) expect(ids.has(id)).toBe(true)
        const found = await restored.selectFrom('enrolments').select('id').where('id', 'in', enrolments).execute()
        expect(found).toHaveLength(enrolments.length)
        // A consistent snapshot: a user written during the backup is there with its role, or not at all.
        const roleless = await restored
          .selectFrom('users')
          .select('id')
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id'))))
          .execute()
        expect(roleless).toEqual([])
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(restored)
        expect(rows).toEqual([{ integrity_check: 'ok' }])
      } finally {
        await restored.destroy()
      }
    })

    test('a backup finishes while another process commits without a pause, and holds the state it began with', async () => {
      const source = path.join(work, 'busy.db')
      fs.copyFileSync(TEMPLATE_DB, source)
      const stop = path.join(work, 'busy.stop')
      const writer = startWriter(source, stop)
      const watcher = new SQLite(source, { readonly: true })
      const usersNow = () => Number(watcher.prepare('SELECT count(*) FROM users').pluck().get())
      const progress: BackupProgress[] = []
      let before: ReturnType<typeof accountFigures>
      let after: ReturnType<typeof accountFigures>
      let manifest: BackupManifest
      // Halfway through, the copy waits for the writer to commit again: the next step reads a database that changed under it.
      let seenHalfway = -1
      let committedHalfway = false
      const halfway = (p: BackupProgress) => {
        if (seenHalfway >= 0 || p.copiedPages * 2 < p.totalPages) return
        seenHalfway = usersNow()
        const pause = new Int32Array(new SharedArrayBuffer(4))
        // Bounded, so that a writer that died fails the assertions below rather than hanging here.
        for (let tries = 0; tries < 10_000 && !committedHalfway; tries++) {
          Atomics.wait(pause, 0, 0, 1)
          committedHalfway = usersNow() > seenHalfway
        }
      }
      try {
        await writer.ready
        before = accountFigures(source)
        // Small steps, so that the writer commits many times between the first and the last.
        manifest = await backupDatabase(source, path.join(work, 'busy-backups'), {
          pagesPerStep: 8,
          onProgress: (p) => {
            progress.push(p)
            halfway(p)
          },
        })
        after = accountFigures(source)
      } finally {
        watcher.close()
        fs.writeFileSync(stop, '')
      }
      const committed = await writer.done
      expect(committedHalfway).toBe(true)
      expect(accountFigures(source).users).toBe(committed)

      // Never restarted: every step copies pages not copied before, up to the last.
      const copied = progress.map((p) => p.copiedPages)
      expect(
        copied.filter((n, i) => i > 0 && n < copied[i - 1]!),
        'restarts',
      ).toEqual([])
      expect(progress.at(-1)).toMatchObject({ copiedPages: progress.at(-1)!.totalPages })

      const file = path.join(work, 'busy-backups', manifest.file)
      expect(manifest).toMatchObject({ integrity: 'ok', bytes: fs.statSync(file).size, sha256: sha256(file) })
      const copy = new SQLite(file, { readonly: true })
      try {
        expect(copy.pragma('foreign_key_check')).toEqual([])
      } finally {
        copy.close()
      }
      // One committed state: each account came with its role and its count in the metric, or not at all.
      const backedUp = accountFigures(file)
      expect(backedUp).toEqual({ users: backedUp.users, roles: backedUp.users, subjects: backedUp.users, rolledUp: backedUp.users })
      expect(manifest.rowCounts.users).toBe(backedUp.users)
      // The state when the copy began: nothing committed after halfway.
      expect(backedUp.users).toBeGreaterThanOrEqual(before.users)
      expect(backedUp.users).toBeLessThanOrEqual(seenHalfway)
      expect(after.users).toBeGreaterThan(seenHalfway)
    }, 60_000)

    test('restoring over a database that holds data is refused without --force and changes nothing', async () => {
      const target = path.join(work, 'existing.db')
      fs.copyFileSync(TEMPLATE_DB, target)
      const existing = openDatabase(target)
      const user = await createUser(existing)
      await existing.destroy()
      const hash = sha256(target)

      await expect(restoreDatabase(backupFile, target)).rejects.toThrow(RestoreRefusedError)
      expect(sha256(target)).toBe(hash)

      await restoreDatabase(backupFile, target, { force: true })
      const replaced = openDatabase(target)
      try {
        expect((await userIds(replaced)).has(user.id)).toBe(false)
      } finally {
        await replaced.destroy()
      }
    })

    test('a backup with one byte changed is refused by its checksum', async () => {
      const tampered = tamperedCopy(backupFile, 'tampered')
      const target = path.join(work, 'from-tampered.db')
      await expect(restoreDatabase(tampered, target)).rejects.toThrow(/does not match its manifest/)
      expect(fs.existsSync(target)).toBe(false)
    })

    test('npm run db:backup backs up DATABASE_URL and prints the file', () => {
      const source = path.join(work, 'cli-source.db')
      fs.copyFileSync(TEMPLATE_DB, source)
      const out = path.join(work, 'cli-backups')
      const run = spawnSync('npx', ['tsx', 'scripts/db-backup.ts', '--out', out], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: source } })
      // stderr is not asserted empty: npx may warn about the machine's npm config.
      expect(run.status, run.stderr).toBe(0)
      const [file] = fs.readdirSync(out).filter((f) => f.endsWith('.db'))
      expect(run.stdout).toContain(`backup   ${path.join(out, file!)}`)
      expect(run.stdout).toMatch(/\(100%\)/)
      expect(run.stdout).toContain('integrity ok')
    })
  })

if (onPostgres)
  describe('db backup and restore on PostgreSQL', () => {
    let sourceUrl = ''
    let dumpFile = ''
    const fresh = `restored_${process.pid}`
    afterAll(() => onPostgresAdmin([`drop database if exists "${fresh}" with (force)`]))

    test('pg_dump taken during writes holds everything committed before it; pg_restore into a fresh database finds it all', async () => {
      const copy = await copyTemplateDatabase('backup_source')
      afterAll(() => copy.remove())
      sourceUrl = copy.url
      const source = openDatabase(sourceUrl)
      const before: string[] = []
      const enrolments: string[] = []
      let writtenDuring = 0
      try {
        const course = await createTestCourse(source)
        const cohortId = await createTestCohort(source, course, { capacity: 100 })
        for (let i = 0; i < 5; i++) {
          const user = await createUser(source)
          const result = await enrol(testWork(source), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
          if (!result.ok) throw new Error(result.error)
          before.push(user.id)
          enrolments.push(result.enrolmentId)
        }
        let backingUp = true
        const writer = async () => {
          while (backingUp) {
            await createUser(source)
            if (backingUp) writtenDuring++
          }
        }
        const writers = [writer(), writer()]
        const manifest = await backupDatabase(sourceUrl, path.join(work, 'pg-backups'))
        backingUp = false
        await Promise.all(writers)
        dumpFile = path.join(work, 'pg-backups', manifest.file)
        expect(manifest.file).toMatch(/^orken-\d{8}T\d{6}Z\.dump$/)
        expect(manifest).toMatchObject({ dialect: 'postgres', integrity: null, bytes: fs.statSync(dumpFile).size, sha256: sha256(dumpFile) })
      } finally {
        await source.destroy()
      }
      expect(writtenDuring).toBeGreaterThan(0)

      await onPostgresAdmin([`drop database if exists "${fresh}" with (force)`, `create database "${fresh}"`])
      const report = await restoreDatabase(dumpFile, postgresUrl(fresh))
      expect(report).toMatchObject({ checksumVerified: true, migrations: [] })
      expect(report.rowCounts.users).toBeGreaterThanOrEqual(before.length)
      expect(report.rowCounts.enrolments).toBe(enrolments.length)

      const restored = openDatabase(postgresUrl(fresh))
      try {
        const ids = await userIds(restored)
        for (const id of before) expect(ids.has(id)).toBe(true)
        expect(await restored.selectFrom('enrolments').select('id').where('id', 'in', enrolments).execute()).toHaveLength(enrolments.length)
        // A consistent snapshot: a user written during the dump is there with its role, or not at all.
        const roleless = await restored
          .selectFrom('users')
          .select('id')
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id'))))
          .execute()
        expect(roleless).toEqual([])
        expect((await restored.selectFrom('regions').select('code').execute()).length).toBe(20)
      } finally {
        await restored.destroy()
      }
    })

    test('restoring over a database that holds tables is refused without --force and changes nothing', async () => {
      const target = openDatabase(postgresUrl(fresh))
      try {
        const user = await createUser(target)
        await expect(restoreDatabase(dumpFile, postgresUrl(fresh))).rejects.toThrow(RestoreRefusedError)
        expect((await userIds(target)).has(user.id)).toBe(true)
        await restoreDatabase(dumpFile, postgresUrl(fresh), { force: true })
        expect((await userIds(target)).has(user.id)).toBe(false)
      } finally {
        await target.destroy()
      }
    })

    test('a dump with one byte changed is refused by its checksum', async () => {
      const tampered = tamperedCopy(dumpFile, 'pg-tampered')
      await expect(restoreDatabase(tampered, postgresUrl(fresh), { force: true })).rejects.toThrow(/does not match its manifest/)
    })

    test('npm run db:backup backs up a postgres:// DATABASE_URL with pg_dump', () => {
      const out = path.join(work, 'pg-cli-backups')
      const run = spawnSync('npx', ['tsx', 'scripts/db-backup.ts', '--out', out], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: sourceUrl } })
      expect(run.status, run.stderr).toBe(0)
      const [file] = fs.readdirSync(out).filter((f) => f.endsWith('.dump'))
      expect(run.stdout).toContain(`backup   ${path.join(out, file!)}`)
    })
  })
