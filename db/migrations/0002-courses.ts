import type { Kysely } from 'kysely'

// Courses, their immutable published versions, compiled lesson bundles,
// cohorts, enrolments, progress and quiz attempts. Portable as 0001.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the slug
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('current_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('course_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // files | app
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('change_note', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('course_versions_hash', ['course_id', 'content_hash'])
    .execute()

  await db.schema
    .createTable('mdx_bundles')
    .addColumn('cache_key', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('frontmatter', 'text', (c) => c.notNull())
    .addColumn('quizzes', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON: reflections and links
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('version_lessons')
    .addColumn('course_version_id', 'text', (c) => c.notNull().references('course_versions.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('bundle_key', 'text', (c) => c.notNull().references('mdx_bundles.cache_key'))
    .addPrimaryKeyConstraint('version_lessons_pk', ['course_version_id', 'module_id', 'lesson_id', 'lang'])
    .execute()

  await db.schema
    .createTable('quiz_keys')
    .addColumn('course_version_id', 'text', (c) => c.notNull().references('course_versions.id').onDelete('cascade'))
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // diagnostic | module | final
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull()) // JSON: the answer key, never sent to a browser
    .addPrimaryKeyConstraint('quiz_keys_pk', ['course_version_id', 'quiz_id'])
    .execute()

  await db.schema
    .createTable('cohorts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('course_version_id', 'text', (c) => c.notNull().references('course_versions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('trainer_id', 'text', (c) => c.references('users.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open')) // open | closed
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cohorts_course').on('cohorts').columns(['course_id', 'status']).execute()
  await db.schema.createIndex('cohorts_trainer').on('cohorts').column('trainer_id').execute()
  await db.schema.createIndex('cohorts_region').on('cohorts').column('region_code').execute()

  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // active | completed | not_passed | withdrawn
    .addColumn('source', 'text', (c) => c.notNull()) // self | import | admin
    .addColumn('lessons_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lessons_total', 'integer', (c) => c.notNull())
    .addColumn('last_module_id', 'text')
    .addColumn('last_lesson_id', 'text')
    .addColumn('final_score', 'integer')
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('last_activity_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('ended_at', 'text')
    .addUniqueConstraint('enrolments_cohort_user', ['cohort_id', 'user_id'])
    .execute()
  await db.schema.createIndex('enrolments_user').on('enrolments').columns(['user_id', 'course_id']).execute()

  await db.schema
    .createTable('lesson_progress')
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_progress_pk', ['enrolment_id', 'module_id', 'lesson_id'])
    .execute()

  await db.schema
    .createTable('quiz_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id').onDelete('cascade'))
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull()) // percent, 0..100
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quiz_attempts_unique', ['enrolment_id', 'quiz_id', 'attempt_no'])
    .execute()

  await db.schema
    .createTable('reflections')
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id').onDelete('cascade'))
    .addColumn('reflection_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reflections_pk', ['enrolment_id', 'reflection_id'])
    .execute()

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // running | failed | done
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text') // JSON: errors by line, or counts
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'import_jobs',
    'reflections',
    'quiz_attempts',
    'lesson_progress',
    'enrolments',
    'cohorts',
    'quiz_keys',
    'version_lessons',
    'mdx_bundles',
    'course_versions',
    'courses',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
