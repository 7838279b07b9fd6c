import fs from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

/**
 * A fresh copy of the migrated template database for this test file: a real
 * SQLite file, removed when the file's tests end.
 */
export function createTestDb(): Database {
  const file = path.join(TMP_DIR, `test-${process.pid}-${crypto.randomUUID().slice(0, 8)}.db`)
  fs.copyFileSync(TEMPLATE_DB, file)
  const db = openDatabase(file)
  afterAll(async () => {
    await db.destroy()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  })
  return db
}
