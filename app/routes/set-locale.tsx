import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isSecureRequest, localeCookie } from '#app/http/session-cookie.server.ts'
import { isLocale } from '#app/i18n/locales.ts'
import { safeRedirect } from '#app/http/safe-redirect.ts'
import { setUserLocale } from '#app/modules/auth/users.server.ts'
import { invariantResponse } from '#app/http/errors.ts'

// Remembers the chosen language in a cookie and, for a logged-in reader, on the account.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const locale = form.get('locale')
  invariantResponse(isLocale(locale), 'error.badRequest.text', { status: 400 })
  if (context.auth) await setUserLocale(context.db, context.auth.user.id, locale)
  const to = safeRedirect(form.get('redirectTo'))
  return redirect(to, { headers: { 'Set-Cookie': localeCookie(locale, isSecureRequest(request)) } })
}

export function loader() {
  return redirect('/')
}
