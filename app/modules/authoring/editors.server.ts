import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { addCourseEditor } from './access.server.ts'

// Who an admin has named as a course's authors (trainers only), each change audited.

export interface CourseEditor {
  id: string
  full_name: string
  email: string
}

export async function listCourseEditors(work: Work, courseId: string): Promise<CourseEditor[]> {
  return work.db
    .selectFrom('course_editors')
    .innerJoin('users', 'users.id', 'course_editors.user_id')
    .select(['users.id', 'users.full_name', 'users.email'])
    .where('course_editors.course_id', '=', courseId)
    .orderBy('users.full_name')
    .execute()
}

/** Names the trainer with this email an author of the course, audited as 'course.editor_add'; refuses anyone who is not a trainer. */
export async function addEditorByEmail(work: Work, courseId: string, email: string): Promise<Result<{ userId: string }, 'authoring.editors.notTrainer'>> {
  return write(work, async (tx) => {
    const target = await tx.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select('users.id')
      .where('users.email', '=', email.trim().toLowerCase())
      .where('user_roles.role', '=', 'trainer')
      .executeTakeFirst()
    if (!target) return fail('authoring.editors.notTrainer' as const)
    await addCourseEditor(tx.db, courseId, target.id, work.actorId)
    tx.audit({ action: 'course.editor_add', targetType: 'course', targetId: courseId, details: { userId: target.id } })
    return ok({ userId: target.id })
  })
}

/** Takes an author off the course, audited as 'course.editor_remove'. */
export async function removeEditor(work: Work, courseId: string, userId: string): Promise<void> {
  await write(work, async (tx) => {
    await tx.db.deleteFrom('course_editors').where('course_id', '=', courseId).where('user_id', '=', userId).execute()
    tx.audit({ action: 'course.editor_remove', targetType: 'course', targetId: courseId, details: { userId } })
  })
}
