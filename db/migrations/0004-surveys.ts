import type { Kysely } from 'kysely'

// Course and post-course monitoring: versioned survey definitions, assignments
// made by the scheduler, drafts, responses (anonymous ones tied to no person),
// in-app notifications, mail preferences, and post-course support activities.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('current_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('survey_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_versions_hash', ['survey_id', 'content_hash'])
    .execute()

  await db.schema
    .createTable('survey_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('survey_version_id', 'text', (c) => c.notNull().references('survey_versions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('enrolment_id', 'text', (c) => c.references('enrolments.id'))
    .addColumn('course_id', 'text', (c) => c.references('courses.id'))
    .addColumn('cohort_id', 'text', (c) => c.references('cohorts.id'))
    .addColumn('region_code', 'text')
    .addColumn('schedule_key', 'text', (c) => c.notNull()) // pre | end | followup:90 ...
    .addColumn('status', 'text', (c) => c.notNull()) // assigned | started | submitted
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_at', 'text')
    .addUniqueConstraint('survey_assignments_once', ['enrolment_id', 'schedule_key'])
    .execute()
  await db.schema.createIndex('survey_assignments_user').on('survey_assignments').columns(['user_id', 'status']).execute()
  await db.schema.createIndex('survey_assignments_due').on('survey_assignments').columns(['status', 'last_reminded_at']).execute()

  await db.schema
    .createTable('survey_drafts')
    .addColumn('assignment_id', 'text', (c) => c.primaryKey().references('survey_assignments.id').onDelete('cascade'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  // A response of an anonymous survey has no user, enrolment or assignment and
  // only the month it was given: nothing ties it to its author.
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('survey_version_id', 'text', (c) => c.notNull().references('survey_versions.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('schedule_key', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text')
    .addColumn('cohort_id', 'text')
    .addColumn('region_code', 'text')
    .addColumn('enrolment_id', 'text') // null when anonymous
    .addColumn('user_id', 'text') // null when anonymous
    .addColumn('period', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('submitted_at', 'text') // null when anonymous
    .execute()
  await db.schema.createIndex('survey_responses_report').on('survey_responses').columns(['survey_id', 'course_id', 'period']).execute()
  await db.schema.createIndex('survey_responses_enrolment').on('survey_responses').column('enrolment_id').execute()

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('value_num', 'double precision')
    .addColumn('option_id', 'text')
    .addColumn('value_text', 'text')
    .execute()
  await db.schema.createIndex('survey_answers_response').on('survey_answers').column('response_id').execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at']).execute()

  await db.schema
    .createTable('mail_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unsubscribed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_preferences_pk', ['user_id', 'kind'])
    .execute()

  await db.schema
    .createTable('support_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // mentoring | webinar | consultation | observation
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('trainer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('cohort_id', 'text', (c) => c.references('cohorts.id'))
    .addColumn('region_code', 'text')
    .addColumn('notes', 'text')
    .addColumn('checklist', 'text') // JSON, for lesson observations
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('support_participants')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('support_activities.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('support_participants_pk', ['activity_id', 'user_id'])
    .execute()
  await db.schema.createIndex('support_participants_user').on('support_participants').column('user_id').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'support_participants',
    'support_activities',
    'mail_preferences',
    'notifications',
    'survey_answers',
    'survey_responses',
    'survey_drafts',
    'survey_assignments',
    'survey_versions',
    'surveys',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
