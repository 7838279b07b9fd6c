import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { startCheckpointer } from '#db/checkpointer.server.ts'
import { openDatabase, type Database } from '#db/client.server.ts'

// The server's connection never checkpoints on commit; a thread does. A raw
// table of blobs stands in for an import's writes: about 8 MB, far past the
// 1,000 pages at which a commit would otherwise have checkpointed.

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-ckpt-'))
  dirs.push(dir)
  return path.join(dir, 'db.sqlite')
}

async function writeBlobs(db: Database, megabytes: number) {
  await sql`create table if not exists blobs (id integer primary key, body blob not null)`.execute(db)
  for (let i = 0; i < megabytes * 16; i++) await sql`insert into blobs (body) values (randomblob(65536))`.execute(db)
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0)

describe('background checkpoints', () => {
  test('with checkpoints off on commit, the log keeps every page until something checkpoints', async () => {
    const file = tempFile()
    const db = openDatabase(file, { checkpointOnCommit: false })
    await writeBlobs(db, 8)
    // The database file has not grown past its first pages: all of it is still in the log.
    expect(sizeOf(file)).toBeLessThan(1_000_000)
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(8_000_000)
    await db.destroy()
  })

  test('the thread copies the log into the database while the connection goes on writing, and empties it when stopped', async () => {
    const file = tempFile()
    const db = openDatabase(file, { checkpointOnCommit: false })
    const checkpointer = startCheckpointer(file, { intervalMs: 20 })
    await writeBlobs(db, 8)
    await expect.poll(() => sizeOf(file), { timeout: 10_000 }).toBeGreaterThan(8_000_000)
    // The connection still reads and writes as ever.
    await writeBlobs(db, 1)
    const rows = await sql<{ n: number }>`select count(*) as n from blobs`.execute(db)
    expect(rows.rows[0]!.n).toBe(9 * 16)
    await checkpointer.stop()
    expect(sizeOf(`${file}-wal`)).toBe(0)
    await db.destroy()
  })

  test('a thread that cannot open the database reports it, so the server can checkpoint on commit again', async () => {
    const failures: Error[] = []
    startCheckpointer(path.join(os.tmpdir(), 'orken-no-such-dir', 'missing.sqlite'), { intervalMs: 20, onFailure: (error) => failures.push(error) })
    await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThan(0)
  })
})
