import type { Kysely } from 'kysely'

// The national roster import (ADR 025). A job says which phase it is in
// (reading, checking, staging, saving, inviting), so its page can show true
// progress through each. A roster's rows are checked, then staged here in
// short transactions; one small step (the job's phase becoming `saving`)
// commits the import; the staged rows are then applied, and the invitations
// enqueued, in short steps that a restarted process can finish, because the
// rows are in the database rather than in the memory of the process that read
// the file.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('phase', 'text').execute()
  await db.schema
    .createTable('roster_staging')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull()) // create | update | keep
    .addColumn('iin', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    // null: the teacher is in this cohort already
    .addColumn('cohort_id', 'text')
    .addColumn('applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('roster_staging_pk', ['job_id', 'line'])
    .execute()
  await db.schema.createIndex('roster_staging_pending').on('roster_staging').columns(['job_id', 'applied', 'line']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roster_staging').execute()
  await db.schema.alterTable('jobs').dropColumn('phase').execute()
}
