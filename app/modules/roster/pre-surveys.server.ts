import { newId } from '#db/ids.server.ts'
import type { Tx } from '#app/core/work.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'

/**
 * The pre-course survey is given at enrolment, as enrol() gives it through
 * ensureAssignment; here for a chunk in one statement, since one insert per
 * row would hold the write for hundreds of queries.
 */
export async function assignPreSurveys(
  tx: Tx,
  enrolments: { id: string; user_id: string; course_id: string; cohort_id: string }[],
  cohorts: Map<string, { region_code: string; manifest: CourseManifest | null }>,
) {
  const versions = new Map<string, string | null>()
  const rows = []
  for (const e of enrolments) {
    const cohort = cohorts.get(e.cohort_id)!
    const slug = cohort.manifest?.surveys?.pre
    if (!slug) continue
    if (!versions.has(slug)) {
      const survey = await tx.db.selectFrom('surveys').select('current_version_id').where('id', '=', slug).executeTakeFirst()
      versions.set(slug, survey?.current_version_id ?? null)
    }
    const version = versions.get(slug)
    if (!version) continue
    rows.push({
      id: newId(),
      survey_id: slug,
      survey_version_id: version,
      user_id: e.user_id,
      enrolment_id: e.id,
      course_id: e.course_id,
      cohort_id: e.cohort_id,
      region_code: cohort.region_code,
      schedule_key: 'pre',
      status: 'assigned' as const,
      assigned_at: tx.work.now().toISOString(),
      started_at: null,
      submitted_at: null,
      reminders_sent: 0,
      last_reminded_at: null,
    })
  }
  if (rows.length)
    await tx.db
      .insertInto('survey_assignments')
      .values(rows)
      .onConflict((oc) => oc.columns(['enrolment_id', 'schedule_key']).doNothing())
      .execute()
}
