// The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over
// HTTPS. Its lifetime follows the session's expiry. Over HTTPS it is named
// with the __Host- prefix, which browsers accept only from this very host,
// Secure, for Path=/ and without a Domain: a neighbouring subdomain cannot
// plant or overwrite it. Plain HTTP (development) keeps the plain name, which
// is the only one read there.

import { now } from '#app/modules/clock/clock.server.ts'

export const SESSION_COOKIE = 'orken_session'
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`
export const LOCALE_COOKIE = 'orken_lang'

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        return null
      }
    }
  }
  return null
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE
}

/** The session token a request carries, under the one name its scheme allows. */
export function readSessionToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  return readCookie(cookieHeader, sessionCookieName(secure))
}

/**
 * The session cookie, living as long as the session. Max-Age rather than
 * Expires: the browser counts it from its own clock, so a phone whose clock is
 * wrong (or a server on a test clock) still keeps the session its full term.
 */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now().getTime()) / 1000))
  const attrs = [`${sessionCookieName(secure)}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`]
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

export function blankSessionCookie(secure: boolean): string {
  const attrs = [`${sessionCookieName(secure)}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

export function localeCookie(locale: string, secure: boolean): string {
  const attrs = [`${LOCALE_COOKIE}=${locale}`, 'Path=/', 'SameSite=Lax', `Max-Age=${365 * 24 * 3600}`]
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:'
}
