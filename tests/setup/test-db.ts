import fs from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { openDatabase, openPostgres, type Database } from '#db/client.server.ts'
import { copyTemplateDatabase, onPostgres, type DatabaseCopy } from './databases.ts'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

/**
 * A fresh copy of the migrated template database for this test file (a real
 * SQLite file, or a real PostgreSQL database under TEST_DATABASE_URL), removed
 * when the file's tests end.
 */
export function createTestDb(): Database {
  if (onPostgres) {
    // Created on the first query, so that this stays callable at a module's top.
    let copy: Promise<DatabaseCopy> | null = null
    const db = openPostgres(async () => (await (copy = copyTemplateDatabase('test'))).url)
    afterAll(async () => {
      await db.destroy()
      if (copy) await (await copy).remove()
    })
    return db
  }
  const file = path.join(TMP_DIR, `test-${process.pid}-${crypto.randomUUID().slice(0, 8)}.db`)
  fs.copyFileSync(TEMPLATE_DB, file)
  const db = openDatabase(file)
  afterAll(async () => {
    await db.destroy()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  })
  return db
}
