import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

// Which database the suite runs on. Unset: SQLite files copied from
// tests/.tmp/template.db. TEST_DATABASE_URL=postgres://…/postgres (as
// `npm test` sets it for its PostgreSQL stage): databases created from a
// migrated template database on that server, one per test file or server.

export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL || null
export const onPostgres = POSTGRES_ADMIN_URL !== null

/** The template database's name, set by the global setup for the whole run. */
export const PG_TEMPLATE_ENV = 'ORKEN_TEST_PG_TEMPLATE'

export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL!)
  url.pathname = `/${database}`
  return url.toString()
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE). */
export async function onPostgresAdmin(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL! })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

export interface DatabaseCopy {
  /** DATABASE_URL of the copy: a file path or a postgres:// URL. */
  url: string
  remove: () => Promise<void>
}

/** A fresh copy of the migrated template database, named after `label`. */
export async function copyTemplateDatabase(label: string): Promise<DatabaseCopy> {
  const unique = `${label}_${process.pid}_${crypto.randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase()
  if (!onPostgres) {
    const file = path.join(TMP_DIR, `${unique}.db`)
    fs.copyFileSync(TEMPLATE_DB, file)
    return {
      url: file,
      remove: async () => {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
      },
    }
  }
  const template = process.env[PG_TEMPLATE_ENV]
  if (!template) throw new Error(`${PG_TEMPLATE_ENV} is not set: the global setup makes the template database`)
  // Two copies of one template at the same moment can collide ("source
  // database is being accessed by other users"); the second tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      await onPostgresAdmin([`create database "${unique}" template "${template}"`])
      break
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
  return { url: postgresUrl(unique), remove: () => onPostgresAdmin([`drop database if exists "${unique}" with (force)`]) }
}
