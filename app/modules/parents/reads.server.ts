import { write, type Work } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// What a parent with an account has read of the parent lessons.

/** Marks a parent lesson read by `work`'s actor (a parent with an account); nothing for a visitor. */
export async function markRead(work: Work, input: { courseId: string; moduleId: string; lessonId: string }): Promise<void> {
  const userId = work.actorId
  if (!userId) return
  await write(work, (tx) =>
    tx.db
      .insertInto('parent_lesson_reads')
      .values({ user_id: userId, course_id: input.courseId, module_id: input.moduleId, lesson_id: input.lessonId, read_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'course_id', 'module_id', 'lesson_id']).doNothing())
      .execute(),
  )
}

/** The parent lessons `work`'s actor has read (of one series when given); none for a visitor. */
export async function readLessons(work: Work, courseId?: string): Promise<{ courseId: string; key: string; readAt: string }[]> {
  if (!work.actorId) return []
  let query = work.db.selectFrom('parent_lesson_reads').select(['course_id', 'module_id', 'lesson_id', 'read_at']).where('user_id', '=', work.actorId)
  if (courseId) query = query.where('course_id', '=', courseId)
  const rows = await query.execute()
  return rows.map((r) => ({ courseId: r.course_id, key: `${r.module_id}/${r.lesson_id}`, readAt: r.read_at }))
}
