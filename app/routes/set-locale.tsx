import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { isSecureRequest, localeCookie } from '#app/http/session-cookie.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { safeRedirect } from '#app/http/safe-redirect.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { locales } from '#app/i18n/locales.ts'
import { setUserLocale } from '#app/modules/auth/users.server.ts'

const SetLocaleSchema = z.object({ locale: z.enum(locales), redirectTo: z.string().optional() })

// Remembers the chosen language in a cookie and, for a logged-in reader, on the account.
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, SetLocaleSchema)
  invariantResponse(submission.status === 'success', 'error.badRequest.text', { status: 400 })
  const { locale, redirectTo } = submission.value
  if (context.auth) await setUserLocale(context.work, context.auth.user.id, locale)
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': localeCookie(locale, isSecureRequest(request)) } })
}

export function loader() {
  return redirect('/')
}
