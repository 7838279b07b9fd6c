import type { Kysely } from 'kysely'

// The accreditation facts of a course (hours, ministry approval, completion
// rule, pass marks, attempts) are held apart from its versions: a version must
// carry them, and only an admin's approval of someone else's request changes
// them (ADR 017). Existing courses take the facts of their current version.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_accreditation')
    .addColumn('course_id', 'text', (c) => c.primaryKey().references('courses.id'))
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON: fact key → value
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id')) // null: established from content/ files
    .addColumn('request_id', 'text')
    .execute()

  await db.schema
    .createTable('accreditation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull()) // JSON: [{ fact, from, to }]
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected | superseded
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('version_id', 'text') // the version an approval published
    .execute()
  await db.schema.createIndex('accreditation_requests_status').on('accreditation_requests').columns(['status', 'created_at']).execute()
  await db.schema.createIndex('accreditation_requests_course').on('accreditation_requests').columns(['course_id', 'created_at']).execute()

  const current = await db
    .selectFrom('courses')
    .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
    .select(['courses.id', 'course_versions.manifest', 'course_versions.published_at'])
    .execute()
  for (const row of current as { id: string; manifest: string; published_at: string }[]) {
    await db
      .insertInto('course_accreditation')
      .values({
        course_id: row.id,
        facts: JSON.stringify(factsAtMigration(JSON.parse(row.manifest))),
        approved_at: row.published_at,
        approved_by: null,
        request_id: null,
      })
      .execute()
  }
}

// A copy of factsOf (app/modules/accreditation/facts.ts) as it was when this
// migration was written: a migration must not change when the app does.
function factsAtMigration(m: {
  hours: number
  approval: { number: string; date: string } | null
  completion: { module_quizzes: number; final_exam: boolean; min_time_share?: number }
  order?: { diagnostic_first: boolean } | null
  assessment: { module_quiz: { pass_mark: number; attempts: number }; final_exam: { pass_mark: number; attempts: number } } | null
}) {
  return {
    hours: m.hours,
    'approval.number': m.approval?.number ?? null,
    'approval.date': m.approval?.date ?? null,
    'completion.module_quizzes': m.completion.module_quizzes,
    'completion.final_exam': m.completion.final_exam,
    'completion.min_time_share': m.completion.min_time_share ?? null,
    'order.diagnostic_first': m.order?.diagnostic_first ?? null,
    'assessment.module_quiz.pass_mark': m.assessment?.module_quiz.pass_mark ?? null,
    'assessment.module_quiz.attempts': m.assessment?.module_quiz.attempts ?? null,
    'assessment.final_exam.pass_mark': m.assessment?.final_exam.pass_mark ?? null,
    'assessment.final_exam.attempts': m.assessment?.final_exam.attempts ?? null,
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('accreditation_requests').execute()
  await db.schema.dropTable('course_accreditation').execute()
}
