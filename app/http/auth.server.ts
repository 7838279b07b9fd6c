import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Role } from '#db/schema.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from './errors.ts'

// Authorization in one place. Every loader and action that shows or changes
// anything private starts with one of these.

interface Args {
  request: Request
  context: AppLoadContext
}

export function getUser({ context }: Args): AuthUser | null {
  return context.auth?.user ?? null
}

/** The logged-in user, or a redirect to the login page that comes back here. */
export function requireUser({ request, context }: Args): AuthUser {
  const user = context.auth?.user
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return user
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r.role))
}

/** The logged-in user when they hold one of `roles`; otherwise 403. */
export function requireRole(args: Args, ...roles: Role[]): AuthUser {
  const user = requireUser(args)
  invariantResponse(hasRole(user, ...roles), 'error.forbidden.text', { status: 403 })
  return user
}

/**
 * The regions a user may administer: null for an admin (all of them), the
 * granted regions for a regional admin, and none for anyone else.
 */
export function adminRegions(user: AuthUser): string[] | null {
  if (hasRole(user, 'admin')) return null
  return user.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!)
}

/** The role whose home page a user sees first. */
export function primaryRole(user: AuthUser): Role {
  const order: Role[] = ['admin', 'regional_admin', 'trainer', 'coordinator', 'teacher', 'parent']
  return order.find((role) => hasRole(user, role)) ?? 'teacher'
}
