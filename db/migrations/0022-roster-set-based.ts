import type { Kysely } from 'kysely'

// A national roster was applied a hundred rows at a time, each row's values
// built in JavaScript and each applied row marked: 52,400 teachers took
// minutes. Now every value a row needs (ids, search text, the course and its
// lesson count, the pre-course survey) is worked out when it is staged, each
// applying step copies a range of lines with INSERT … SELECT, and the job
// keeps the last line done (`cursor`) instead of a mark on every row.
//
// The staging table only ever holds rows of running imports: it is made
// anew. An import still running when this migration runs cannot be resumed
// from the old rows, so it is failed as interrupted.

const INTERRUPTED = JSON.stringify({ kind: 'failure', key: 'import.job.interrupted' })

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('jobs').set({ status: 'failed', result: INTERRUPTED }).where('kind', '=', 'roster').where('status', '=', 'running').execute()
  await db.schema.dropTable('roster_staging').execute()
  await db.schema.alterTable('jobs').addColumn('cursor', 'integer').execute()
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
    .addColumn('search_text', 'text', (c) => c.notNull())
    // A new teacher's: the account waits for its invitation link.
    .addColumn('password_hash', 'text')
    .addColumn('role_id', 'text')
    // null: the teacher is in this cohort already
    .addColumn('cohort_id', 'text')
    .addColumn('enrolment_id', 'text')
    .addColumn('lessons_total', 'integer')
    // The pre-course survey given at enrolment, when the course has one.
    .addColumn('survey_id', 'text')
    .addColumn('survey_version_id', 'text')
    .addColumn('assignment_id', 'text')
    .addPrimaryKeyConstraint('roster_staging_pk', ['job_id', 'line'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('jobs').set({ status: 'failed', result: INTERRUPTED }).where('kind', '=', 'roster').where('status', '=', 'running').execute()
  await db.schema.dropTable('roster_staging').execute()
  await db.schema.alterTable('jobs').dropColumn('cursor').execute()
  await db.schema
    .createTable('roster_staging')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('iin', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('cohort_id', 'text')
    .addColumn('applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('roster_staging_pk', ['job_id', 'line'])
    .execute()
  await db.schema.createIndex('roster_staging_pending').on('roster_staging').columns(['job_id', 'applied', 'line']).execute()
}
