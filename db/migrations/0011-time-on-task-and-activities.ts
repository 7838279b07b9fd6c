import type { Kysely } from 'kysely'

// Finding 8: a 72-hour course was marked done in 61 ms. The server now keeps
// how long each learner spent on each lesson (credited from one lesson request
// to the next, capped), and which of the course plan's activities (webinars,
// practice, assignments) each teacher attended or had accepted, as recorded by
// the cohort's trainer.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lesson_time')
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_time_pk', ['enrolment_id', 'module_id', 'lesson_id'])
    .execute()

  // The lesson a learner's last lesson request was for, and when: the time
  // until their next one is credited to it.
  await db.schema
    .createTable('lesson_opens')
    .addColumn('enrolment_id', 'text', (c) => c.primaryKey().references('enrolments.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('activity_records')
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id').onDelete('cascade'))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // done (attended / accepted) | missed
    .addColumn('held_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_records_pk', ['enrolment_id', 'activity_id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['activity_records', 'lesson_opens', 'lesson_time']) await db.schema.dropTable(table).execute()
}
