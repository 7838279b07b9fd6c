import type { AppLoadContext } from '@remix-run/node'
import { LOCALE_COOKIE, readCookie } from '#app/http/session-cookie.server.ts'
import { defaultLocale, isLocale, type Locale } from './locales.ts'

/** The reader's language: the switcher's cookie, else the account's, else Kazakh. */
export function resolveLocale(request: Request, context: Pick<AppLoadContext, 'auth'> | undefined): Locale {
  const fromCookie = readCookie(request.headers.get('cookie'), LOCALE_COOKIE)
  if (isLocale(fromCookie)) return fromCookie
  const fromAccount = context?.auth?.user.locale
  if (isLocale(fromAccount)) return fromAccount
  return defaultLocale
}
