// npx tsx scripts/bench/backup.ts — an SQLite online backup while another
// process registers accounts without a pause (tests/fixtures/writer-process.ts,
// the app's write path). Builds a migrated database padded to BENCH_MB
// (default 256) MB, backs it up in steps of 1,024 pages, and prints the time
// and CPU of the backup, its steps beside those of a copy never restarted,
// the longest step (the event loop is held for one step), the largest
// write-ahead log seen meanwhile (a reader's snapshot keeps it from being
// reset), and which committed state the copy holds.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { backupDatabase } from '#tools/ops/backup.server.ts'

const MEGABYTES = Number(process.env.BENCH_MB ?? 256)
const PAGES_PER_STEP = 1024
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-bench-backup-'))
const source = path.join(dir, 'source.db')
const stop = path.join(dir, 'stop')

try {
  const db = openDatabase(source)
  await migrateToLatest(db)
  await syncRegions(db)
  await insertFixtureSchools(db)
  await db.destroy()
  // Padding in a table of its own: the backup copies pages, whatever they hold.
  const pad = new SQLite(source)
  pad.exec('CREATE TABLE bench_padding (id INTEGER PRIMARY KEY, body BLOB)')
  const insert = pad.prepare('INSERT INTO bench_padding (body) VALUES (randomblob(4000))')
  pad.transaction(() => {
    for (let i = 0; i < MEGABYTES * 256; i++) insert.run()
  })()
  pad.pragma('wal_checkpoint(TRUNCATE)')
  pad.close()

  const writer = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/writer-process.ts', source, stop], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  writer.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => writer.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    writer.stdout.on('data', () => out.startsWith('ready\n') && resolve())
    writer.once('exit', () => reject(new Error('the writer exited before its first commit')))
  })

  const watcher = new SQLite(source, { readonly: true })
  const users = () => Number(watcher.prepare('SELECT count(*) FROM users').pluck().get())
  const walBytes = () => (fs.existsSync(`${source}-wal`) ? fs.statSync(`${source}-wal`).size : 0)
  const usersBefore = users()
  let steps = 0
  let longestStepMs = 0
  let largestWal = walBytes()
  let lastReport = performance.now()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const manifest = await backupDatabase(source, path.join(dir, 'backups'), {
    pagesPerStep: PAGES_PER_STEP,
    onProgress: () => {
      const at = performance.now()
      longestStepMs = Math.max(longestStepMs, at - lastReport)
      lastReport = at
      steps++
      largestWal = Math.max(largestWal, walBytes())
    },
  })
  const copySeconds = (performance.now() - started) / 1000
  const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000
  const usersAfter = users()
  watcher.close()
  fs.writeFileSync(stop, '')
  await exited

  const pages = Math.round(manifest.bytes / 4096)
  const number = new Intl.NumberFormat('en-US')
  console.log(`database        ${(manifest.bytes / 1024 / 1024).toFixed(0)} MB, ${number.format(pages)} pages`)
  console.log(`backup          ${copySeconds.toFixed(2)} s, ${number.format(Math.round(cpuMs))} ms CPU (copy, integrity check, SHA-256)`)
  // A report before the first page, then one after each step.
  console.log(`steps           ${steps - 1} (a copy never restarted: ${Math.ceil(pages / PAGES_PER_STEP)})`)
  console.log(`longest step    ${longestStepMs.toFixed(0)} ms between two progress reports`)
  console.log(`largest WAL     ${(largestWal / 1024 / 1024).toFixed(1)} MB`)
  console.log(
    `accounts        ${number.format(usersBefore)} when the backup began, ${number.format(usersAfter)} when it ended, ${number.format(manifest.rowCounts.users ?? 0)} in the copy`,
  )
  console.log(
    `load average    ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
