import type { Kysely } from 'kysely'

// The strategy metrics, kept in step with the records they count (ADR 012).
// metric_subjects says what each counted thing (a teacher, an enrolment, a
// parent session, a course) adds to a metric and where: the day, region,
// school, course and cohort it is counted under. metric_rollups (0006) sums
// them per day, region and course, metric_monthly_rollups per month, region and
// course, and metric_unit_rollups per year and school or cohort, for the
// drill-downs. Wellbeing events are the institute's events on
// children's rights and wellbeing, with the teachers who took part.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_subjects')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('cohort_id', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_subjects_pk', ['metric', 'subject_id'])
    .execute()

  // The same sums per month: what the dashboard reads (a few thousand rows
  // nationally where the daily rollups hold a hundred thousand).
  await db.schema
    .createTable('metric_monthly_rollups')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_monthly_rollups_pk', ['metric', 'month', 'region_code', 'course_id'])
    .execute()
  await db.schema.createIndex('metric_monthly_rollups_region').on('metric_monthly_rollups').columns(['region_code', 'month']).execute()

  await db.schema
    .createTable('metric_unit_rollups')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_unit_rollups_pk', ['metric', 'year', 'unit', 'unit_id', 'region_code', 'course_id'])
    .execute()
  await db.schema.createIndex('metric_unit_rollups_region').on('metric_unit_rollups').columns(['unit', 'region_code', 'year']).execute()
  await db.schema.createIndex('metric_unit_rollups_course').on('metric_unit_rollups').columns(['unit', 'course_id', 'year']).execute()

  await db.schema
    .createTable('wellbeing_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('organiser_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('wellbeing_events_held_on').on('wellbeing_events').columns(['held_on']).execute()
  await db.schema
    .createTable('event_participants')
    .addColumn('event_id', 'text', (c) => c.notNull().references('wellbeing_events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('event_participants_pk', ['event_id', 'user_id'])
    .execute()
  await db.schema.createIndex('event_participants_user').on('event_participants').columns(['user_id']).execute()

  // The monitoring metric reads follow-up responses by person.
  await db.schema.createIndex('survey_responses_user').on('survey_responses').columns(['user_id']).execute()
  // The admin front page counts people per role: covering indexes keep that to
  // index reads at national scale (tens of thousands of accounts).
  await db.schema.createIndex('user_roles_role_user').on('user_roles').columns(['role', 'user_id']).execute()
  await db.schema.createIndex('users_active').on('users').columns(['id', 'is_active', 'region_code']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['users_active', 'user_roles_role_user', 'survey_responses_user']) await db.schema.dropIndex(index).execute()
  for (const table of ['event_participants', 'wellbeing_events', 'metric_unit_rollups', 'metric_monthly_rollups', 'metric_subjects']) {
    await db.schema.dropTable(table).execute()
  }
}
