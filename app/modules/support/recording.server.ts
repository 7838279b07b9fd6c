import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveIinLists } from '#app/modules/auth/iin-list.server.ts'
import { canViewRoster } from '#app/modules/courses/roster.server.ts'
import { CHECKLIST_ITEMS, type RecordInput, type SupportMessage, type SupportProblems, type SupportRegions } from './activity-form.ts'

// Recording a post-course support activity: who may be a participant, the
// cohorts an actor records for, and the write itself.

/** Of `userIds`, the active users the actor may record as participants. */
async function reachableTeachers(db: Database, actorId: string, regions: SupportRegions, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.id', 'in', userIds)
    .where('users.is_active', '=', 1)
    .where((eb) => {
      const teacher = eb.exists(
        eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'teacher'),
      )
      if (regions === null) return teacher
      // A trainer reaches the teachers their cohorts include; a regional
      // admin also those of their region's cohorts and schools.
      const enrolled = eb.exists(
        eb
          .selectFrom('enrolments')
          .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
          .select('enrolments.id')
          .whereRef('enrolments.user_id', '=', 'users.id')
          .where('enrolments.status', '!=', 'withdrawn')
          .where((c) =>
            regions.length ? c.or([c('cohorts.trainer_id', '=', actorId), c('cohorts.region_code', 'in', regions)]) : c('cohorts.trainer_id', '=', actorId),
          ),
      )
      return regions.length ? eb.or([enrolled, eb.and([teacher, eb('users.region_code', 'in', regions)])]) : enrolled
    })
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** The cohorts the work's actor may record activities for, newest first. */
export async function recordableCohorts(work: Work, regions: SupportRegions) {
  const actorId = work.actorId ?? ''
  let q = work.db.selectFrom('cohorts').select(['id', 'title', 'trainer_id', 'region_code', 'starts_on', 'ends_on'])
  if (regions !== null) {
    q = q.where((eb) => (regions.length ? eb.or([eb('trainer_id', '=', actorId), eb('region_code', 'in', regions)]) : eb('trainer_id', '=', actorId)))
  }
  return q.orderBy('starts_on', 'desc').orderBy('title').execute()
}

const byName = new Intl.Collator('kk')

/** The teachers who completed the course in a cohort, by name: the list a trainer ticks. */
export async function completedTeachers(work: Work, cohortId: string) {
  const rows = await work.db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select(['users.id', 'users.full_name', 'users.iin'])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.status', '=', 'completed')
    .where('users.is_active', '=', 1)
    .execute()
  return rows.sort((a, b) => byName.compare(a.full_name, b.full_name))
}

/**
 * Records an activity of the work's actor with its participants in one
 * transaction with an audit row, or nothing at all: every problem (each bad or
 * unknown IIN with its line) is returned. Repeated participants count once.
 */
export async function recordActivity(
  work: Work,
  regions: SupportRegions,
  input: RecordInput,
): Promise<Result<{ activityId: string; participants: number }, SupportProblems>> {
  const actorId = work.actorId
  if (!actorId) throw new Error('recordActivity needs a signed-in actor')
  return write(work, async (tx) => {
    const trx = tx.db
    const fieldErrors: Record<string, SupportMessage[]> = {}
    const formErrors: SupportMessage[] = []
    const add = (field: string, message: SupportMessage) => (fieldErrors[field] ??= []).push(message)

    if (input.heldOn > localIsoDate(tx.work.now())) add('heldOn', { key: 'support.error.futureDate' })

    const cohort = input.cohortId
      ? ((await trx.selectFrom('cohorts').select(['id', 'trainer_id', 'region_code']).where('id', '=', input.cohortId).executeTakeFirst()) ?? null)
      : null
    if (input.cohortId && !cohort) add('cohortId', { key: 'support.error.noSuchCohort' })
    else if (cohort && !canViewRoster(cohort, actorId, regions)) add('cohortId', { key: 'support.error.cohortNotYours' })

    // A trainer records their own activities; admins name the trainer.
    const trainerId = regions?.length === 0 ? actorId : (input.trainerId ?? '')
    const trainer = trainerId
      ? await trx
          .selectFrom('users')
          .select(['users.id', 'users.region_code'])
          .where('users.id', '=', trainerId)
          .where('users.is_active', '=', 1)
          .where((eb) =>
            eb.or([
              eb('users.id', '=', actorId),
              eb.exists(
                eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'trainer'),
              ),
            ]),
          )
          .executeTakeFirst()
      : undefined
    if (!trainer) add('trainerId', { key: 'support.error.trainer' })
    const regionCode = cohort?.region_code ?? trainer?.region_code ?? null
    if (!input.cohortId && regions?.length && !(regionCode && regions.includes(regionCode))) add('cohortId', { key: 'support.error.regionNotYours' })

    const participants = new Set<string>()
    const picked = [...new Set(input.participantIds ?? [])]
    if (picked.length) {
      const completed = cohort
        ? await trx
            .selectFrom('enrolments')
            .select('user_id')
            .where('cohort_id', '=', cohort.id)
            .where('status', '=', 'completed')
            .where('user_id', 'in', picked)
            .execute()
        : []
      if (completed.length !== picked.length) add('participantIds', { key: 'support.error.notCompleted' })
      for (const p of picked) participants.add(p)
    }

    const { lines, tooLong } = await resolveIinLists(trx, input)
    for (const { field, refusal } of tooLong) add(field, refusal)
    const reachable = await reachableTeachers(trx, actorId, regions, [...new Set(lines.flatMap((l) => (l.holder ? [l.holder.id] : [])))])
    for (const { field, line, value, holder, refusal } of lines) {
      if (refusal) add(field, refusal)
      else if (!reachable.has(holder.id)) add(field, { key: 'support.iin.notYours', params: { line, value } })
      else participants.add(holder.id)
    }
    const participantProblems = ['participantIds', 'iins', 'iinFile'].some((f) => fieldErrors[f])
    if (participants.size === 0 && !participantProblems) formErrors.push({ key: 'support.error.noParticipants' })

    let checklist: string | null = null
    if (input.kind === 'observation') {
      const items = CHECKLIST_ITEMS.map((id) => {
        const given = input.checklist?.[id]
        if (!given?.answer) add(`checklist.${id}.answer`, { key: 'support.error.answerRequired' })
        return { id, answer: given?.answer ?? null, comment: given?.comment?.trim() || null }
      })
      checklist = JSON.stringify({ items })
    }

    if (Object.keys(fieldErrors).length || formErrors.length) return fail({ fieldErrors, formErrors })

    const activityId = newId()
    await trx
      .insertInto('support_activities')
      .values({
        id: activityId,
        kind: input.kind,
        title: input.title.trim(),
        held_on: input.heldOn,
        trainer_id: trainerId,
        cohort_id: cohort?.id ?? null,
        region_code: regionCode,
        notes: input.notes?.trim() || null,
        checklist,
        created_at: tx.work.now().toISOString(),
      })
      .execute()
    const ids = [...participants]
    for (let i = 0; i < ids.length; i += 1_000) {
      await trx
        .insertInto('support_participants')
        .values(ids.slice(i, i + 1_000).map((userId) => ({ activity_id: activityId, user_id: userId })))
        .execute()
    }
    const reached = cohort
      ? await trx
          .selectFrom('enrolments')
          .select('id')
          .where('cohort_id', '=', cohort.id)
          .where('user_id', 'in', ids.length ? ids : [''])
          .execute()
      : []
    tx.emit({ type: 'support.recorded', activityId, userIds: ids, enrolmentIds: reached.map((e) => e.id) })
    tx.audit({
      action: 'support.record',
      targetType: 'support_activity',
      targetId: activityId,
      details: { kind: input.kind, cohortId: cohort?.id ?? null, trainerId, participants: ids.length },
    })
    return ok({ activityId, participants: ids.length })
  })
}
