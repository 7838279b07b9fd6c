import type { AppLoadContext } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { courseEditorAccess } from '#app/modules/authoring/access.server.ts'
import { requireUser } from './auth.server.ts'
import { invariantResponse } from './errors.ts'
import { Slug } from './params.ts'
import { parseParams } from './submission.server.ts'

/**
 * The signed-in user and the course of the address (`$course`), when they may
 * author it: a login redirect for a visitor, 404 for a course that does not
 * exist, 403 for a user who may not author it.
 */
export async function requireCourseEditor(args: { request: Request; context: AppLoadContext; params: Params }): Promise<{ user: AuthUser; courseId: string }> {
  const user = requireUser(args)
  const { course: courseId } = parseParams(args.params, { course: Slug })
  const access = await courseEditorAccess(args.context.work, user, courseId)
  invariantResponse(access.ok || access.error !== 'notFound', 'error.notFound.text', { status: 404 })
  invariantResponse(access.ok, 'error.forbidden.text', { status: 403 })
  return { user, courseId }
}
