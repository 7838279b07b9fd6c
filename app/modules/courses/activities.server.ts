import { z } from 'zod'
import type { EnrolmentStatus } from '#db/schema.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import type { CourseManifest, ManifestActivity } from '#app/modules/content/manifest.ts'
import { evaluateCompletion } from './progress.server.ts'
import { cohortTimeOnTask, courseRequiredSeconds } from './time-on-task.server.ts'

// The course plan's activities besides the lessons (webinars, practice,
// assignments, consultations): the cohort's trainer records, per teacher,
// whether each was attended (an assignment: accepted). The completion rule
// waits for every required one (progress.server.ts evaluateCompletion).

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'cohort.attendance.error.date')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'cohort.attendance.error.date')

export const AttendanceSchema = z.object({
  heldOn: isoDate,
  /** The enrolments that attended (were accepted); every other active one is recorded as missed. */
  done: z.array(z.string().max(32)).max(2000).default([]),
})
export type AttendanceInput = z.infer<typeof AttendanceSchema>

export interface AttendanceRow {
  enrolmentId: string
  fullName: string
  status: EnrolmentStatus
  outcome: 'done' | 'missed' | null
  heldOn: string | null
  /** Only an active enrolment's record changes: an ended one is a record of what was. */
  editable: boolean
}

const byName = new Intl.Collator('kk')

/** Every enrolment of the cohort (withdrawn ones left out) with its record of one activity. */
export async function attendanceSheet(work: Work, cohortId: string, activityId: string): Promise<AttendanceRow[]> {
  const rows = await work.db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .leftJoin('activity_records', (join) =>
      join.onRef('activity_records.enrolment_id', '=', 'enrolments.id').on('activity_records.activity_id', '=', activityId),
    )
    .select(['enrolments.id', 'users.full_name', 'enrolments.status', 'activity_records.outcome', 'activity_records.held_on'])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.status', '!=', 'withdrawn')
    .execute()
  return rows
    .map((r) => ({
      enrolmentId: r.id,
      fullName: r.full_name,
      status: r.status,
      outcome: r.outcome ?? null,
      heldOn: r.held_on ?? null,
      editable: r.status === 'active',
    }))
    .sort((a, b) => byName.compare(a.fullName, b.fullName) || a.enrolmentId.localeCompare(b.enrolmentId))
}

export type AttendanceError = { field: 'heldOn'; message: 'cohort.attendance.error.date' } | { field: 'done'; message: 'error.badRequest.text' }

export type RecordAttendanceResult = Result<{ completed: number }, AttendanceError>

/**
 * Records one activity for every active enrolment of a cohort at once (ticked:
 * done, unticked: missed), audits it, and re-checks completion of those now
 * done, in one transaction. The date must fall within the cohort's dates and
 * not after today.
 */
export async function recordAttendance(
  work: Work,
  input: {
    cohort: { id: string; course_version_id: string; starts_on: string; ends_on: string }
    activity: ManifestActivity
    heldOn: string
    done: string[]
    today: string
  },
): Promise<RecordAttendanceResult> {
  const { cohort, activity } = input
  const latest = input.today < cohort.ends_on ? input.today : cohort.ends_on
  if (input.heldOn < cohort.starts_on || input.heldOn > latest) return fail({ field: 'heldOn', message: 'cohort.attendance.error.date' })
  const ticked = new Set(input.done)
  const recordedBy = work.actorId
  if (!recordedBy) throw new Error('attendance is recorded by a signed-in trainer or admin')
  return write(work, async (tx): Promise<RecordAttendanceResult> => {
    const trx = tx.db
    const enrolments = await trx
      .selectFrom('enrolments')
      .select(['id', 'status'])
      .where('cohort_id', '=', cohort.id)
      .where('status', '!=', 'withdrawn')
      .execute()
    const active = enrolments.filter((e) => e.status === 'active')
    // A ticked teacher must be one of this cohort's who is still studying.
    if ([...ticked].some((id) => !active.some((e) => e.id === id))) return fail({ field: 'done', message: 'error.badRequest.text' })
    const before = new Map(
      (
        await trx
          .selectFrom('activity_records')
          .select(['enrolment_id', 'outcome', 'held_on'])
          .where('activity_id', '=', activity.id)
          .where('enrolment_id', 'in', active.length ? active.map((e) => e.id) : [''])
          .execute()
      ).map((r) => [r.enrolment_id, r]),
    )
    const stamp = nowIso()
    const nowDone: string[] = []
    let changed = 0
    for (const e of active) {
      const outcome = ticked.has(e.id) ? 'done' : 'missed'
      const was = before.get(e.id)
      if (was && was.outcome === outcome && was.held_on === input.heldOn) continue
      changed++
      await trx
        .insertInto('activity_records')
        .values({ enrolment_id: e.id, activity_id: activity.id, outcome, held_on: input.heldOn, recorded_by: recordedBy, recorded_at: stamp })
        .onConflict((oc) =>
          oc.columns(['enrolment_id', 'activity_id']).doUpdateSet({ outcome, held_on: input.heldOn, recorded_by: recordedBy, recorded_at: stamp }),
        )
        .execute()
      if (outcome === 'done' && was?.outcome !== 'done') nowDone.push(e.id)
    }
    tx.audit({
      action: 'cohort.attendance',
      targetType: 'cohort',
      targetId: cohort.id,
      details: { activityId: activity.id, kind: activity.kind, heldOn: input.heldOn, done: ticked.size, missed: active.length - ticked.size, changed },
    })
    let completed = 0
    for (const id of nowDone) {
      if ((await evaluateCompletion(tx.work, { id, course_version_id: cohort.course_version_id })) === 'completed') completed++
    }
    return ok({ completed })
  })
}

export interface PlanProgress {
  /** Each activity of the plan with how many of the cohort's teachers have it done. */
  activities: (ManifestActivity & { done: number })[]
  /** The course's minimum time on task, in seconds. */
  requiredSeconds: number
  byEnrolment: Map<string, { countedSeconds: number; totalSeconds: number; activitiesDone: number }>
}

/** The roster's view of the plan: time on task against the minimum, and activities done, per teacher. */
export async function cohortPlanProgress(work: Work, cohortId: string, manifest: CourseManifest): Promise<PlanProgress> {
  const activities = manifest.activities ?? []
  const [time, records] = await Promise.all([
    cohortTimeOnTask(work, manifest, cohortId),
    work.db
      .selectFrom('activity_records')
      .innerJoin('enrolments', 'enrolments.id', 'activity_records.enrolment_id')
      .select(['activity_records.enrolment_id', 'activity_records.activity_id'])
      .where('enrolments.cohort_id', '=', cohortId)
      .where('activity_records.outcome', '=', 'done')
      .execute(),
  ])
  const byEnrolment: PlanProgress['byEnrolment'] = new Map()
  const own = (id: string) => {
    let row = byEnrolment.get(id)
    if (!row) byEnrolment.set(id, (row = { countedSeconds: 0, totalSeconds: 0, activitiesDone: 0 }))
    return row
  }
  for (const [id, t] of time) Object.assign(own(id), t)
  const known = new Set(activities.map((a) => a.id))
  for (const r of records) if (known.has(r.activity_id)) own(r.enrolment_id).activitiesDone++
  return {
    activities: activities.map((a) => ({ ...a, done: records.filter((r) => r.activity_id === a.id).length })),
    requiredSeconds: courseRequiredSeconds(manifest),
    byEnrolment,
  }
}
