import type { Kysely } from 'kysely'

// Every lesson view and course page finds the reader's enrolment by user and
// course, newest first. With (user_id, course_id) alone the newest was found
// by sorting the matches in a temporary b-tree on each request (a third of
// the statement's time for one row); with enrolled_at in the index they come
// in order.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrolments_user').execute()
  await db.schema.createIndex('enrolments_user').on('enrolments').columns(['user_id', 'course_id', 'enrolled_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrolments_user').execute()
  await db.schema.createIndex('enrolments_user').on('enrolments').columns(['user_id', 'course_id']).execute()
}
