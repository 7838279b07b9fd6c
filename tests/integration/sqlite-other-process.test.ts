import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'

// serve:cluster runs one server process per core on the same SQLite file. A
// process's write turns (db/write-turns.server.ts) only order its own
// threads; a write that finds another process writing must wait without
// holding its own event loop, as SQLite's busy handler would (it sleeps
// inside the call).

const opened: Database[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill()
  for (const db of opened.splice(0)) await db.destroy()
})

async function freshDatabase(): Promise<{ file: string; db: Database }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orken-other-process-')), 'app.db')
  const db = openDatabase(file)
  opened.push(db)
  await sql`create table counter (n integer not null)`.execute(db)
  await sql`insert into counter (n) values (0)`.execute(db)
  return { file, db }
}

/** Another process that takes the write lock, says so, and keeps it for `ms`. */
function otherProcessWriting(file: string, ms: number): Promise<void> {
  const script = `
    const db = new (require('better-sqlite3'))(${JSON.stringify(file)})
    db.exec('begin immediate')
    db.exec('update counter set n = n + 100')
    process.stdout.write('locked\\n')
    setTimeout(() => { db.exec('commit'); db.close(); process.exit(0) }, ${ms})
  `
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`the other process ended (${code}) before it took the lock`)))
  })
}

/** Counts the timer's turns while `work` runs: a held event loop counts none. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return ticks
}

describe('a write while another process writes to the same SQLite file', () => {
  it('waits for the other process without holding the event loop, then writes', async () => {
    const { file, db } = await freshDatabase()
    await otherProcessWriting(file, 400)
    const started = performance.now()
    const ticks = await ticksDuring(() => db.transaction().execute((tx) => sql`update counter set n = n + 1`.execute(tx)))
    const waited = performance.now() - started
    expect(waited).toBeGreaterThan(300)
    // About one tick per 10 ms of waiting; a busy handler sleeping inside the call allows none.
    expect(ticks).toBeGreaterThan(10)
    expect(await counter(db)).toBe(101)
  })

  it('an autocommit write also waits its turn without holding the event loop', async () => {
    const { file, db } = await freshDatabase()
    await otherProcessWriting(file, 300)
    const ticks = await ticksDuring(() => sql`update counter set n = n + 1`.execute(db))
    expect(ticks).toBeGreaterThan(8)
    expect(await counter(db)).toBe(101)
  })
})

async function counter(db: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`select n from counter`.execute(db)
  return rows[0]!.n
}
