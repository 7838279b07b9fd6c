import type { Database } from '#db/client.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// What a parent with an account has read of the parent lessons.

export async function markRead(db: Database, input: { userId: string; courseId: string; moduleId: string; lessonId: string }): Promise<void> {
  await db
    .insertInto('parent_lesson_reads')
    .values({ user_id: input.userId, course_id: input.courseId, module_id: input.moduleId, lesson_id: input.lessonId, read_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'course_id', 'module_id', 'lesson_id']).doNothing())
    .execute()
}

export async function readLessons(db: Database, userId: string, courseId?: string): Promise<{ courseId: string; key: string; readAt: string }[]> {
  let query = db.selectFrom('parent_lesson_reads').select(['course_id', 'module_id', 'lesson_id', 'read_at']).where('user_id', '=', userId)
  if (courseId) query = query.where('course_id', '=', courseId)
  const rows = await query.execute()
  return rows.map((r) => ({ courseId: r.course_id, key: `${r.module_id}/${r.lesson_id}`, readAt: r.read_at }))
}
