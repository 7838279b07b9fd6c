import type { Database } from '#db/client.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// Who may author a course: admins, and the trainers an admin named as the
// course's authors. The one rule for the editor, the media library, drafts'
// media and publishing.

const holds = (user: AuthUser, role: 'admin' | 'trainer') => user.roles.some((r) => r.role === role)

export async function canEditCourse(work: Work, user: AuthUser, courseId: string): Promise<boolean> {
  if (holds(user, 'admin')) return true
  if (!holds(user, 'trainer')) return false
  const row = await work.db.selectFrom('course_editors').select('user_id').where('course_id', '=', courseId).where('user_id', '=', user.id).executeTakeFirst()
  return Boolean(row)
}

/** Whether `user` may author the course: 'notFound' when there is no such course, 'forbidden' when they may not. */
export async function courseEditorAccess(work: Work, user: AuthUser, courseId: string): Promise<Result<undefined, 'notFound' | 'forbidden'>> {
  const course = await work.db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst()
  if (!course) return fail('notFound')
  if (!(await canEditCourse(work, user, courseId))) return fail('forbidden')
  return ok()
}

/** The ids of the courses a user may author. */
export async function editableCourseIds(work: Work, user: AuthUser): Promise<string[]> {
  const { db } = work
  if (holds(user, 'admin')) return (await db.selectFrom('courses').select('id').orderBy('id').execute()).map((r) => r.id)
  if (!holds(user, 'trainer')) return []
  const rows = await db.selectFrom('course_editors').select('course_id').where('user_id', '=', user.id).orderBy('course_id').execute()
  return rows.map((r) => r.course_id)
}

/** Names a user as an author of the course, on a transaction (or a test's database); naming them twice changes nothing. */
export async function addCourseEditor(trx: Database, courseId: string, userId: string, addedBy: string | null): Promise<void> {
  await trx
    .insertInto('course_editors')
    .values({ course_id: courseId, user_id: userId, added_by: addedBy, added_at: nowIso() })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
    .execute()
}
