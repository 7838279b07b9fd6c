import { z } from 'zod'

// The site's public address (PUBLIC_ORIGIN): the one place every absolute link
// the app writes comes from — mail, QR codes, PDFs, invitations, unsubscribe
// links. Never the Host or Origin of a request: those are the client's to
// choose, and a reset link built from them goes wherever an attacker says.

/** An absolute http(s) origin with nothing after it; read as its normal form (`https://academy.orken.kz`). */
export const PublicOriginSchema = z.string().transform((value, ctx) => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'PUBLIC_ORIGIN must be an absolute address such as https://academy.orken.kz' })
    return z.NEVER
  }
  const problem =
    url.protocol !== 'http:' && url.protocol !== 'https:'
      ? 'must start with http:// or https://'
      : url.username || url.password
        ? 'must not carry a user name or password'
        : url.pathname !== '/' || url.search || url.hash || /[?#]$/.test(value)
          ? 'must be an origin only, without a path, query or fragment'
          : null
  if (problem) {
    ctx.addIssue({ code: 'custom', message: `PUBLIC_ORIGIN ${problem} (such as https://academy.orken.kz)` })
    return z.NEVER
  }
  return url.origin
})

type OriginSettings = { NODE_ENV?: string; PORT?: string | number; PUBLIC_ORIGIN?: string }

/**
 * PUBLIC_ORIGIN as the environment gives it, checked: required in production,
 * `http://localhost:$PORT` elsewhere. An empty value counts as unset.
 */
export function originFromSettings(settings: OriginSettings): { ok: true; origin: string } | { ok: false; message: string } {
  const raw = settings.PUBLIC_ORIGIN?.trim()
  if (!raw) {
    if (settings.NODE_ENV === 'production')
      return { ok: false, message: 'PUBLIC_ORIGIN is required in production: the site’s public address, such as https://academy.orken.kz' }
    return { ok: true, origin: `http://localhost:${settings.PORT ?? 3000}` }
  }
  const parsed = PublicOriginSchema.safeParse(raw)
  return parsed.success ? { ok: true, origin: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message }
}

// Set once at start-up from the validated environment (server/env.ts), for
// the code that writes links without a unit of work at hand (mail, QR codes).
// On globalThis because the server and the Remix build each load this module.
const holder = globalThis as typeof globalThis & { __orkenPublicOrigin?: string }

/** Sets the site's public origin for this process; a bad one throws. */
export function setPublicOrigin(origin: string): void {
  holder.__orkenPublicOrigin = PublicOriginSchema.parse(origin)
}

/** The site's public origin, without a trailing slash. Throws when the process never set it. */
export function publicOrigin(): string {
  const origin = holder.__orkenPublicOrigin
  if (!origin) throw new Error('The public origin is not set: the server sets it at start-up from PUBLIC_ORIGIN (setPublicOrigin)')
  return origin
}

/** The absolute address of a path on this site: `absoluteUrl('/verify/' + code)`. */
export function absoluteUrl(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`absoluteUrl takes a path on this site, not ${JSON.stringify(path)}`)
  return publicOrigin() + path
}

/** Whether a Host header (`academy.orken.kz`, `academy.orken.kz:443`) names the public origin's host. */
export function isPublicHost(host: string | undefined, origin: string = publicOrigin()): boolean {
  if (!host) return false
  const expected = new URL(origin)
  let named: URL
  try {
    named = new URL(`${expected.protocol}//${host}`)
  } catch {
    return false
  }
  // The URL parser lower-cases the name and drops the scheme's default port, as `expected` has.
  return named.host === expected.host && named.pathname === '/' && !named.username && !named.search
}
