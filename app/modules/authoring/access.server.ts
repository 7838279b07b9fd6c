import type { Database } from '#db/client.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { hasRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'

// Who may author a course: admins, and the trainers an admin named as the
// course's authors. The one rule for the editor, the media library, drafts'
// media and publishing.

export async function canEditCourse(db: Database, user: AuthUser, courseId: string): Promise<boolean> {
  if (hasRole(user, 'admin')) return true
  if (!hasRole(user, 'trainer')) return false
  const row = await db.selectFrom('course_editors').select('user_id').where('course_id', '=', courseId).where('user_id', '=', user.id).executeTakeFirst()
  return Boolean(row)
}

/** 404 when the course does not exist, 403 when the user may not author it. */
export async function requireCourseEditor(db: Database, user: AuthUser, courseId: string): Promise<void> {
  const course = await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst()
  invariantResponse(course, 'error.notFound.text', { status: 404 })
  invariantResponse(await canEditCourse(db, user, courseId), 'error.forbidden.text', { status: 403 })
}

/** The ids of the courses a user may author. */
export async function editableCourseIds(db: Database, user: AuthUser): Promise<string[]> {
  if (hasRole(user, 'admin')) return (await db.selectFrom('courses').select('id').orderBy('id').execute()).map((r) => r.id)
  if (!hasRole(user, 'trainer')) return []
  const rows = await db.selectFrom('course_editors').select('course_id').where('user_id', '=', user.id).orderBy('course_id').execute()
  return rows.map((r) => r.course_id)
}

export async function addCourseEditor(db: Database, courseId: string, userId: string, addedBy: string | null): Promise<void> {
  await db
    .insertInto('course_editors')
    .values({ course_id: courseId, user_id: userId, added_by: addedBy, added_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
    .execute()
}
