import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { blankSessionCookie, isSecureRequest } from '#app/http/session-cookie.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { invalidateSession } from '#app/modules/auth/session.server.ts'

export async function action({ request, context }: ActionFunctionArgs) {
  // The form carries no fields; reading it still refuses a malformed body as every action does.
  await parseForm(request, z.object({}))
  if (context.auth) await invalidateSession(context.work, context.auth.session.id)
  return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie(isSecureRequest(request)) } })
}

export function loader() {
  return redirect('/')
}
