// The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over
// HTTPS. Its lifetime follows the session's expiry.

export const SESSION_COOKIE = 'orken_session'
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

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`]
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

export function blankSessionCookie(secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
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
