import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { getCohort, listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { mayImportInto, type RosterAccess } from './access.ts'

// The cohorts an importer may choose in the form: open ones they may import
// into, grouped by course for the form's option groups.

export async function importableCohorts(work: Work, access: RosterAccess) {
  const cohorts = await listCohorts(work, {
    regions: access.kind === 'regions' ? access.regions : null,
    ...(access.kind === 'trainer' ? { trainerId: access.trainerId } : {}),
    openOnly: true,
    today: localIsoDate(work.now()),
  })
  const courses = new Map<string, { id: string; title: Localized | null; cohorts: typeof cohorts }>()
  for (const cohort of cohorts) {
    let course = courses.get(cohort.course_id)
    if (!course) {
      const manifest = await versionManifest(work.db, cohort.course_version_id)
      course = { id: cohort.course_id, title: manifest?.title ?? null, cohorts: [] }
      courses.set(cohort.course_id, course)
    }
    course.cohorts.push(cohort)
  }
  return [...courses.values()]
}

export type CohortChoice = 'ok' | 'unknown' | 'notYours' | 'closed'

/** Whether the cohort chosen in the form can take an import from `access` today. */
export async function checkChosenCohort(work: Work, cohortId: string, access: RosterAccess): Promise<CohortChoice> {
  const cohort = await getCohort(work, cohortId)
  if (!cohort) return 'unknown'
  if (!mayImportInto(access, cohort)) return 'notYours'
  if (cohort.status !== 'open' || cohort.ends_on < localIsoDate(work.now())) return 'closed'
  return 'ok'
}
