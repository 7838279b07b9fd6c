import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { CHECKLIST_ANSWERS, CHECKLIST_ITEMS, type SupportKind, type SupportRegions } from './activity-form.ts'

// Post-course support activities as trainers and administrators read them.

const byName = new Intl.Collator('kk')

/** The activities an actor may see: an admin all; others their own, their cohorts' and their regions'. */
function visibleActivities(db: Database, actorId: string, regions: SupportRegions) {
  const q = db.selectFrom('support_activities')
  if (regions === null) return q
  return q.where((eb) =>
    eb.or([
      eb('support_activities.trainer_id', '=', actorId),
      eb('support_activities.cohort_id', 'in', eb.selectFrom('cohorts').select('cohorts.id').where('cohorts.trainer_id', '=', actorId)),
      ...(regions.length ? [eb('support_activities.region_code', 'in', regions)] : []),
    ]),
  )
}

export interface ActivityFilter {
  kind?: SupportKind
  cohortId?: string
  /** YYYY-MM: activities held in that month. */
  month?: string
  page?: number
  pageSize?: number
}

/** Activities newest first, with their participant counts, a page at a time. */
export async function listActivities(work: Work, regions: SupportRegions, filter: ActivityFilter = {}) {
  const pageSize = filter.pageSize ?? 50
  let q = visibleActivities(work.db, work.actorId ?? '', regions)
  if (filter.kind) q = q.where('support_activities.kind', '=', filter.kind)
  if (filter.cohortId) q = q.where('support_activities.cohort_id', '=', filter.cohortId)
  if (filter.month) q = q.where('support_activities.held_on', '>=', `${filter.month}-01`).where('support_activities.held_on', '<=', `${filter.month}-31`)
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, filter.page ?? 1), pages)
  const rows = await q
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .select([
      'support_activities.id',
      'support_activities.kind',
      'support_activities.title',
      'support_activities.held_on',
      'support_activities.cohort_id',
      'cohorts.title as cohort_title',
      'trainer.full_name as trainer_name',
      (eb) =>
        eb
          .selectFrom('support_participants')
          .select((p) => p.fn.countAll<number>().as('n'))
          .whereRef('support_participants.activity_id', '=', 'support_activities.id')
          .as('participants'),
    ])
    .orderBy('support_activities.held_on', 'desc')
    .orderBy('support_activities.created_at', 'desc')
    .orderBy('support_activities.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows: rows.map((r) => ({ ...r, participants: Number(r.participants ?? 0) })), page, pages, total, first: (page - 1) * pageSize + 1 }
}

const StoredChecklist = z.object({
  items: z.array(z.object({ id: z.enum(CHECKLIST_ITEMS), answer: z.enum(CHECKLIST_ANSWERS).nullable(), comment: z.string().nullable() })),
})

/** One activity with its participants, or null when it does not exist or the actor may not see it. */
export async function getActivity(work: Work, regions: SupportRegions, activityId: string) {
  const { db } = work
  const activity = await visibleActivities(db, work.actorId ?? '', regions)
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .leftJoin('regions', 'regions.code', 'support_activities.region_code')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .selectAll('support_activities')
    .select([
      'cohorts.title as cohort_title',
      'trainer.full_name as trainer_name',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
    ])
    .where('support_activities.id', '=', activityId)
    .executeTakeFirst()
  if (!activity) return null
  const participants = await db
    .selectFrom('support_participants')
    .innerJoin('users', 'users.id', 'support_participants.user_id')
    .leftJoin('schools', 'schools.id', 'users.school_id')
    .select(['users.id', 'users.full_name', 'users.iin', 'schools.name_kk as school_kk', 'schools.name_ru as school_ru', 'schools.name_en as school_en'])
    .where('support_participants.activity_id', '=', activityId)
    .execute()
  participants.sort((a, b) => byName.compare(a.full_name, b.full_name))
  const stored = activity.checklist ? StoredChecklist.safeParse(JSON.parse(activity.checklist)) : null
  return { activity, checklist: stored?.success ? stored.data.items : null, participants }
}
