import type { Database } from '#db/client.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'

// Moving a running cohort to another version of its course. Learners keep
// their progress on every lesson whose text (in the cohort's language) is the
// same in both versions; a changed or removed lesson must be read again.
// Finished enrolments (completed, not passed, withdrawn) are records and stay
// as they are; quiz attempts stay too: they were graded fairly when taken.

export interface MovePlan {
  cohortId: string
  fromVersionId: string
  toVersionId: string
  unchanged: string[]
  changed: string[]
  added: string[]
  removed: string[]
  activeLearners: number
  /** Progress marks that will be cleared (changed or removed lessons). */
  progressCleared: number
}

async function lessonHashes(db: Database, versionId: string, lang: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('version_lessons')
    .select(['module_id', 'lesson_id', 'source_hash'])
    .where('course_version_id', '=', versionId)
    .where('lang', '=', lang as never)
    .execute()
  return new Map(rows.map((r) => [`${r.module_id}/${r.lesson_id}`, r.source_hash]))
}

export async function planCohortMove(work: Work, cohortId: string, toVersionId: string): Promise<MovePlan | null> {
  const { db } = work
  const cohort = await db.selectFrom('cohorts').select(['id', 'course_id', 'course_version_id', 'lang']).where('id', '=', cohortId).executeTakeFirst()
  const target = await db.selectFrom('course_versions').select(['id', 'course_id']).where('id', '=', toVersionId).executeTakeFirst()
  if (!cohort || !target || target.course_id !== cohort.course_id || cohort.course_version_id === toVersionId) return null
  const before = await lessonHashes(db, cohort.course_version_id, cohort.lang)
  const after = await lessonHashes(db, toVersionId, cohort.lang)
  const plan: MovePlan = {
    cohortId,
    fromVersionId: cohort.course_version_id,
    toVersionId,
    unchanged: [],
    changed: [],
    added: [],
    removed: [],
    activeLearners: 0,
    progressCleared: 0,
  }
  for (const [key, hash] of after) {
    const old = before.get(key)
    if (old === undefined) plan.added.push(key)
    else if (old === hash) plan.unchanged.push(key)
    else plan.changed.push(key)
  }
  plan.removed = [...before.keys()].filter((k) => !after.has(k))
  const active = await db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).where('status', '=', 'active').execute()
  plan.activeLearners = active.length
  const stale = new Set([...plan.changed, ...plan.removed])
  if (active.length && stale.size) {
    const marks = await db
      .selectFrom('lesson_progress')
      .select(['module_id', 'lesson_id'])
      .where(
        'enrolment_id',
        'in',
        active.map((a) => a.id),
      )
      .execute()
    plan.progressCleared = marks.filter((m) => stale.has(`${m.module_id}/${m.lesson_id}`)).length
  }
  return plan
}

/** Moves the cohort as planned, audited as 'cohort.move_version'; null when there is no such move to make. */
export async function moveCohort(work: Work, input: { cohortId: string; toVersionId: string }): Promise<MovePlan | null> {
  return write(work, async (tx) => {
    const trx = tx.db
    const plan = await planCohortMove(tx.work, input.cohortId, input.toVersionId)
    const manifest = plan ? await versionManifest(trx, input.toVersionId) : null
    if (!plan || !manifest) return null
    const lessons = flatLessons(manifest)
    const stale = [...plan.changed, ...plan.removed]
    const active = await trx
      .selectFrom('enrolments')
      .select(['id', 'last_module_id', 'last_lesson_id'])
      .where('cohort_id', '=', input.cohortId)
      .where('status', '=', 'active')
      .execute()
    for (const e of active) {
      for (const key of stale) {
        const [moduleId, lessonId] = key.split('/') as [string, string]
        await trx.deleteFrom('lesson_progress').where('enrolment_id', '=', e.id).where('module_id', '=', moduleId).where('lesson_id', '=', lessonId).execute()
      }
      const done = await trx.selectFrom('lesson_progress').select(['module_id', 'lesson_id']).where('enrolment_id', '=', e.id).execute()
      const inVersion = done.filter((d) => lessons.some((l) => l.module.id === d.module_id && l.lesson.id === d.lesson_id)).length
      const lastGone = e.last_module_id && !lessons.some((l) => l.module.id === e.last_module_id && l.lesson.id === e.last_lesson_id)
      await trx
        .updateTable('enrolments')
        .set({ lessons_done: inVersion, lessons_total: lessons.length, ...(lastGone ? { last_module_id: null, last_lesson_id: null } : {}) })
        .where('id', '=', e.id)
        .execute()
    }
    await trx.updateTable('cohorts').set({ course_version_id: input.toVersionId }).where('id', '=', input.cohortId).execute()
    tx.audit({
      action: 'cohort.move_version',
      targetType: 'cohort',
      targetId: input.cohortId,
      details: {
        from: plan.fromVersionId,
        to: plan.toVersionId,
        changed: plan.changed.length,
        removed: plan.removed.length,
        progressCleared: plan.progressCleared,
      },
    })
    return plan
  })
}
