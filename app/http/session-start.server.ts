import type { AppLoadContext } from '@remix-run/node'
import type { Locale } from '#db/schema.ts'
import { createSession, generateSessionToken, invalidateSession } from '#app/modules/auth/session.server.ts'
import { isSecureRequest, localeCookie, sessionCookie } from './session-cookie.server.ts'

/**
 * Signs `userId` in: a new session and its cookie, and the account's language
 * cookie, as headers for the redirect that follows. A browser that still holds
 * a session (another account's, or a token someone planted) gets a new one;
 * the old one ends on the server too. Used by every way in: the login form, a
 * confirmed registration.
 */
export async function startSession({ request, context }: { request: Request; context: AppLoadContext }, userId: string, locale: Locale): Promise<Headers> {
  if (context.auth) await invalidateSession(context.work, context.auth.session.id)
  const token = generateSessionToken()
  const session = await createSession(context.work, token, userId)
  const secure = isSecureRequest(request)
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(token, session.expiresAt, secure))
  headers.append('Set-Cookie', localeCookie(locale, secure))
  return headers
}
