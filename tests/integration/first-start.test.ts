import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createAdministrator } from '#app/modules/auth/admin-account.server.ts'
import { FIRST_START_STEPS, prepareDatabase } from '#server/startup.ts'
import { onPostgres, onPostgresAdmin, postgresUrl } from '#tests/setup/databases.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testConfig, testLoadContext, testWork } from '#tests/setup/work.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { loader as homeLoader } from '#app/routes/_index.tsx'
import { loader as loginLoader } from '#app/routes/login.tsx'

// A production start on an empty database: no demo data, and the way to the
// first administrator said in the log and on the site, never offered by it.

const productionConfig = { ...testConfig, production: true, contentRoot: path.resolve('tests/fixtures/content') }

/** A database with nothing in it, not even the migrations: a SQLite file, or a new PostgreSQL database. */
async function emptyDatabase(): Promise<{ db: Database; remove: () => Promise<void> }> {
  const name = `first_start_${process.pid}_${crypto.randomUUID().slice(0, 8)}`
  if (onPostgres) {
    await onPostgresAdmin([`create database "${name}"`])
    const db = openDatabase(postgresUrl(name), { poolMax: 2 })
    return {
      db,
      remove: async () => {
        await db.destroy()
        await onPostgresAdmin([`drop database if exists "${name}" with (force)`])
      },
    }
  }
  const file = path.join(TMP_DIR, `${name}.db`)
  const db = openDatabase(file)
  return {
    db,
    remove: async () => {
      await db.destroy()
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    },
  }
}

const count = async (db: Database, table: 'users' | 'schools' | 'cohorts' | 'regions') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('prepareDatabase under NODE_ENV=production on an empty database', () => {
  let empty: Awaited<ReturnType<typeof emptyDatabase>>

  beforeAll(async () => {
    empty = await emptyDatabase()
  })

  afterAll(async () => {
    await empty?.remove()
  })

  test('migrates and loads the reference data, seeds no demo data, and prints the next steps until an administrator exists', async () => {
    const { db } = empty
    const lines: string[] = []
    const result = await prepareDatabase(db, { config: productionConfig, demoPassword: 'orken-demo-2026', log: (l) => lines.push(l) })
    expect(result).toEqual({ seeded: false, awaitingAdministrator: true })
    expect(await count(db, 'regions')).toBeGreaterThanOrEqual(20)
    expect(await count(db, 'users')).toBe(0)
    expect(await count(db, 'schools')).toBe(0)
    expect(await count(db, 'cohorts')).toBe(0)
    expect(lines.join('\n')).not.toContain('Seeded demo data')
    expect(lines.slice(-3)).toEqual(FIRST_START_STEPS)
    expect(FIRST_START_STEPS.join('\n')).toMatch(
      /No administrator yet: run `npm run admin:create`[\s\S]*npm run schools:import -- <file> --full[\s\S]*\/admin\/import/,
    )

    const created = await createAdministrator(testWork(db, { config: productionConfig }), {
      email: 'operator@orken.kz',
      fullName: 'Operator One',
      password: 'steppe-river-lantern-42',
    })
    expect(created.ok).toBe(true)
    const again: string[] = []
    expect(await prepareDatabase(db, { config: productionConfig, demoPassword: 'orken-demo-2026', log: (l) => again.push(l) })).toEqual({
      seeded: false,
      awaitingAdministrator: false,
    })
    expect(again.join('\n')).not.toContain('No administrator yet')
    expect(await count(db, 'users')).toBe(1)
  }, 120_000)
})

describe('the home and login pages ask for the first administrator in production only, until one exists', () => {
  const db = createTestDb()
  const args = (path: string, production: boolean) => ({
    request: new Request(`http://localhost${path}`),
    params: {},
    context: testLoadContext(db, null, { production }),
  })
  const setupOf = async (production: boolean) => {
    const home = await homeLoader(args('/', production))
    const login = await loginLoader(args('/login', production))
    // A guest is never redirected: both answer with their data.
    return { home: 'setup' in home ? home.setup : 'redirect', login: 'setup' in login ? login.setup : 'redirect' }
  }

  test('a guest sees the notice on a production site without an administrator, never outside production', async () => {
    expect(await setupOf(true)).toEqual({ home: true, login: true })
    expect(await setupOf(false)).toEqual({ home: false, login: false })
    await createAdministrator(testWork(db), { email: 'operator@orken.kz', fullName: 'Operator One', password: 'steppe-river-lantern-42' })
    expect(await setupOf(true)).toEqual({ home: false, login: false })
  })
})

describe('the site of a production start without an administrator', () => {
  let server: RunningServer
  let db: Database

  beforeAll(async () => {
    // A plain-HTTP loopback address is accepted in production; no mail server here, said so.
    server = await startServer({ NODE_ENV: 'production', MAIL_DISABLED: 'true' })
    db = openDatabase(server.dbFile, { poolMax: 2 })
  }, 60_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  const page = async (path: string) => {
    const res = await fetch(server.url + path)
    expect(res.status).toBe(200)
    return res.text()
  }

  test('the start-up log says what to do; home and login show the operator notice, with no way to make an admin there, until one exists', async () => {
    expect(server.output()).toContain('No administrator yet: run `npm run admin:create`')
    expect(server.output()).not.toContain('Seeded demo data')
    for (const path of ['/', '/login']) {
      const html = await page(path)
      expect(html, path).toContain('setup-notice-title')
      expect(html, path).toContain('npm run admin:create')
      expect(html, path).toContain('Сайтта әлі әкімші жоқ')
      expect(html, path).not.toMatch(/<form[^>]*action="\/(setup|admin)/)
    }

    const created = await createAdministrator(testWork(db, { config: { production: true } }), {
      email: 'operator@orken.kz',
      fullName: 'Operator One',
      password: 'steppe-river-lantern-42',
    })
    expect(created.ok).toBe(true)
    for (const path of ['/', '/login']) {
      const html = await page(path)
      expect(html, path).not.toContain('setup-notice-title')
      expect(html, path).not.toContain('npm run admin:create')
    }
  }, 60_000)
})
