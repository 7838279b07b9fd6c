import type { Kysely } from 'kysely'

// Parent pedagogical support centres (АПҚО): a centre per school, the lessons
// they hold with a head count, parents' check-ins to them, what parents read,
// and the daily metric rollups the targets dashboard reads. Portable as 0001.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parent_centres')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().unique().references('schools.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(300))
    .addColumn('opened_on', 'text', (c) => c.notNull()) // no session may be dated before it
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('parent_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('centre_id', 'text', (c) => c.notNull().references('parent_centres.id'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id')) // the parent lesson series
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('facilitator', 'text', (c) => c.notNull())
    .addColumn('head_count', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('code', 'text', (c) => c.notNull().unique()) // the check-in code
    .addColumn('code_expires_at', 'text', (c) => c.notNull())
    .addColumn('client_key', 'text', (c) => c.unique()) // idempotency: an offline phone's resend, a CSV row
    .addColumn('duplicate_of', 'text', (c) => c.references('parent_sessions.id'))
    .addColumn('counted', 'integer', (c) => c.notNull()) // 1: its head count is in the attendance metric
    .addColumn('source', 'text', (c) => c.notNull()) // form | offline | csv
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('parent_sessions_school').on('parent_sessions').columns(['school_id', 'held_on']).execute()
  await db.schema.createIndex('parent_sessions_region').on('parent_sessions').columns(['region_code', 'held_on']).execute()
  await db.schema.createIndex('parent_sessions_same').on('parent_sessions').columns(['centre_id', 'course_id', 'module_id', 'lesson_id', 'held_on']).execute()

  await db.schema
    .createTable('parent_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('parent_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('parent_checkins_session').on('parent_checkins').column('session_id').execute()
  await db.schema
    .createIndex('parent_checkins_user')
    .on('parent_checkins')
    .columns(['session_id', 'user_id'])
    .unique()
    .where('user_id', 'is not', null)
    .execute()

  await db.schema
    .createTable('parent_lesson_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('parent_lesson_reads_pk', ['user_id', 'course_id', 'module_id', 'lesson_id'])
    .execute()

  // A single-use right to leave anonymous feedback on a session, handed out at
  // check-in: only the SHA-256 of the session and ticket is kept, never the
  // check-in, and the row goes when the feedback is stored.
  await db.schema
    .createTable('feedback_tickets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute()

  // One row per metric, day, region and course ('' when the metric has none):
  // the events that move a metric add to it in their own transaction.
  await db.schema
    .createTable('metric_rollups')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_rollups_pk', ['metric', 'day', 'region_code', 'course_id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['metric_rollups', 'feedback_tickets', 'parent_lesson_reads', 'parent_checkins', 'parent_sessions', 'parent_centres']) {
    await db.schema.dropTable(table).execute()
  }
}
