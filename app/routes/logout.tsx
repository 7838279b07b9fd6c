import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { blankSessionCookie, isSecureRequest } from '#app/http/session-cookie.server.ts'
import { invalidateSession } from '#app/modules/auth/session.server.ts'

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.auth) await invalidateSession(context.db, context.auth.session.id)
  return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie(isSecureRequest(request)) } })
}

export function loader() {
  return redirect('/')
}
