import { sql, type Kysely } from 'kysely'

// A version number per source of the dashboard's figures (each metric's
// rollups, the targets, the courses' titles, the schools, the accounts),
// moved by the transaction that changes them. A process caches what it
// computed from them under the versions it read first, so a cached page is
// stale exactly when a version has moved, in every process sharing the
// database (ADR 031). One row per source rather than one for all: on
// PostgreSQL the row is locked from the bump to the commit, and writes that
// move different metrics do not wait for each other.
//
// The accounts (the front page's head counts by role) are written by many
// modules and imports; triggers move their version, so no write path can
// forget it. They fire on what the counts depend on: accounts and roles
// added or removed, an account (de)activated or moved to another region.
//
// The front page's count of a region's new accounts read every account of the
// region; an index by region and creation time makes it a short range.

const ACCOUNT_TRIGGERS = [
  { name: 'users_insert_accounts_version', on: 'users', when: 'insert' },
  { name: 'users_delete_accounts_version', on: 'users', when: 'delete' },
  { name: 'users_update_accounts_version', on: 'users', when: 'update of is_active, region_code' },
  { name: 'user_roles_insert_accounts_version', on: 'user_roles', when: 'insert' },
  { name: 'user_roles_delete_accounts_version', on: 'user_roles', when: 'delete' },
  { name: 'user_roles_update_accounts_version', on: 'user_roles', when: 'update' },
] as const

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_versions')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.insertInto('metric_versions').values({ source: 'accounts', version: 0 }).execute()
  await db.schema.createIndex('users_region_created').on('users').columns(['region_code', 'created_at']).execute()
  const bump = sql`update metric_versions set version = version + 1 where source = 'accounts'`
  if (isPostgres(db)) {
    // Once per statement: an import's thousands of rows move it once.
    await sql`create function bump_accounts_version() returns trigger language plpgsql as $$ begin ${bump}; return null; end $$`.execute(db)
    for (const t of ACCOUNT_TRIGGERS)
      await sql`create trigger ${sql.id(t.name)} after ${sql.raw(t.when)} on ${sql.table(t.on)} for each statement execute function bump_accounts_version()`.execute(
        db,
      )
  } else {
    // SQLite has row triggers only: one indexed update per row, inside the writing transaction.
    for (const t of ACCOUNT_TRIGGERS) await sql`create trigger ${sql.id(t.name)} after ${sql.raw(t.when)} on ${sql.table(t.on)} begin ${bump}; end`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ACCOUNT_TRIGGERS) await sql`drop trigger ${sql.id(t.name)}${isPostgres(db) ? sql` on ${sql.table(t.on)}` : sql``}`.execute(db)
  if (isPostgres(db)) await sql`drop function bump_accounts_version()`.execute(db)
  await db.schema.dropIndex('users_region_created').execute()
  await db.schema.dropTable('metric_versions').execute()
}
