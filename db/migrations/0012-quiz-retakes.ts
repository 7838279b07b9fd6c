import type { Kysely } from 'kysely'

// Quiz attempts are counted per person per course, across every cohort of it,
// so enrolling again gives no fresh attempts. A trainer of the teacher's
// cohort or an admin may grant extra attempts at one quiz, with a reason; each
// grant is a row here (and an audit entry), added to the course.yml limit.
// Attempts are looked up through the enrolments of a person in a course
// (index enrolments_user, 0002).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quiz_retakes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    .addColumn('extra_attempts', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id'))
    .addColumn('granted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('quiz_retakes_person').on('quiz_retakes').columns(['user_id', 'course_id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quiz_retakes').execute()
}
