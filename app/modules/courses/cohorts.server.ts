import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { versionManifest } from './catalogue.server.ts'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')

export const CohortInputSchema = z
  .object({
    courseId: z.string({ required_error: 'validation.required' }).min(1, 'validation.required'),
    title: z.string({ required_error: 'validation.required' }).trim().min(3, 'validation.required').max(120, 'validation.tooLong'),
    lang: z.enum(['kk', 'ru', 'en'], { errorMap: () => ({ message: 'validation.required' }) }),
    startsOn: isoDate,
    endsOn: isoDate,
    trainerId: z.string().optional(),
    capacity: z.coerce
      .number({ invalid_type_error: 'validation.number' })
      .int('validation.number')
      .min(1, 'validation.capacity')
      .max(10_000, 'validation.capacity'),
    regionCode: z.string().regex(/^KZ-\d{2}$/, 'validation.region'),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'cohort.error.endsBeforeStart' })

export type CohortInput = z.infer<typeof CohortInputSchema>

/** Message keys by field, for the form to show beside each. */
export type FieldErrors = Record<string, string[]>

/**
 * Creates a cohort pinned to the course's current published version. A
 * regional admin (allowedRegions not null) may create cohorts only in their regions.
 */
export async function createCohort(work: Work, input: CohortInput, allowedRegions: string[] | null): Promise<Result<{ cohortId: string }, FieldErrors>> {
  const { db } = work
  const fieldErrors: FieldErrors = {}
  const course = await db.selectFrom('courses').select(['id', 'current_version_id']).where('id', '=', input.courseId).executeTakeFirst()
  if (!course?.current_version_id) fieldErrors.courseId = ['cohort.error.noCourse']
  if (allowedRegions && !allowedRegions.includes(input.regionCode)) fieldErrors.regionCode = ['cohort.error.regionNotYours']
  const region = await db.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst()
  if (!region) fieldErrors.regionCode = ['validation.region']
  if (input.trainerId) {
    const trainer = await db.selectFrom('user_roles').select('user_id').where('user_id', '=', input.trainerId).where('role', '=', 'trainer').executeTakeFirst()
    if (!trainer) fieldErrors.trainerId = ['cohort.error.notTrainer']
  }
  if (course?.current_version_id) {
    const manifest = await versionManifest(db, course.current_version_id)
    if (manifest && !manifest.languages.includes(input.lang)) fieldErrors.lang = ['cohort.error.langNotInCourse']
  }
  if (Object.keys(fieldErrors).length) return fail(fieldErrors)
  const id = newId()
  await write(work, async (tx) => {
    await tx.db
      .insertInto('cohorts')
      .values({
        id,
        course_id: input.courseId,
        course_version_id: course!.current_version_id!,
        title: input.title,
        lang: input.lang,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        trainer_id: input.trainerId || null,
        capacity: input.capacity,
        region_code: input.regionCode,
        status: 'open',
        created_by: work.actorId,
        created_at: nowIso(),
      })
      .execute()
    tx.audit({ action: 'cohort.create', targetType: 'cohort', targetId: id, details: { courseId: input.courseId, regionCode: input.regionCode } })
  })
  return ok({ cohortId: id })
}

export async function setCohortStatus(work: Work, cohortId: string, status: 'open' | 'closed') {
  await write(work, async (tx) => {
    await tx.db.updateTable('cohorts').set({ status }).where('id', '=', cohortId).execute()
    tx.audit({ action: `cohort.${status === 'open' ? 'open' : 'close'}`, targetType: 'cohort', targetId: cohortId })
  })
}

/** Places taken: every enrolment except withdrawn ones. Takes a database: the import checks it inside its own transaction. */
export async function seatsTaken(db: Database, cohortId: string): Promise<number> {
  const row = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cohort_id', '=', cohortId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface CohortListFilter {
  ids?: string[]
  courseId?: string
  regions?: string[] | null
  trainerId?: string
  openOnly?: boolean
  today?: string
}

export async function listCohorts(work: Work, filter: CohortListFilter = {}) {
  let q = work.db
    .selectFrom('cohorts')
    .leftJoin('users as trainer', 'trainer.id', 'cohorts.trainer_id')
    .innerJoin('regions', 'regions.code', 'cohorts.region_code')
    .select([
      'cohorts.id',
      'cohorts.course_id',
      'cohorts.course_version_id',
      'cohorts.title',
      'cohorts.lang',
      'cohorts.starts_on',
      'cohorts.ends_on',
      'cohorts.capacity',
      'cohorts.region_code',
      'cohorts.status',
      'cohorts.trainer_id',
      'trainer.full_name as trainer_name',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
      (eb) =>
        eb
          .selectFrom('enrolments')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('enrolments.cohort_id', '=', 'cohorts.id')
          .where('enrolments.status', '!=', 'withdrawn')
          .as('taken'),
    ])
  if (filter.ids) q = q.where('cohorts.id', 'in', filter.ids.length ? filter.ids : [''])
  if (filter.courseId) q = q.where('cohorts.course_id', '=', filter.courseId)
  if (filter.regions) q = q.where('cohorts.region_code', 'in', filter.regions.length ? filter.regions : [''])
  if (filter.trainerId) q = q.where('cohorts.trainer_id', '=', filter.trainerId)
  if (filter.openOnly) q = q.where('cohorts.status', '=', 'open').where('cohorts.ends_on', '>=', filter.today ?? '0000-00-00')
  const rows = await q.orderBy('cohorts.starts_on', 'desc').orderBy('cohorts.title').execute()
  return rows.map((r) => ({ ...r, taken: Number(r.taken ?? 0) }))
}

export async function getCohort(work: Work, cohortId: string) {
  const [cohort] = await listCohorts(work, { ids: [cohortId] })
  return cohort ?? null
}
