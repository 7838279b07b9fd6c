import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { recordFields, sessionFields } from '#app/components/offline-sessions/records.ts'
import { getUser } from '#app/http/auth.server.ts'
import { canRunCentre } from '#app/modules/parents/centres.server.ts'
import { recordSession, SessionInputSchema } from '#app/modules/parents/sessions.server.ts'
import { parseJson } from '#app/http/submission.server.ts'

// Where a coordinator's phone sends the sessions it recorded offline: the
// record form's fields for one school, each with the client key its form was
// rendered with. Each answer says, per client key, whether the session is
// recorded (a resend of one already recorded is, and makes no second) or why
// it was refused, in message keys the page translates.

const SyncSchema = z.object({
  school: z.string().trim().min(1).max(64),
  sessions: z.array(z.record(z.string(), z.string())).min(1).max(100),
})

type ItemResult =
  | { clientKey: string; ok: true; sessionId: string; duplicateOf: string | null }
  | { clientKey: string; ok: false; fieldErrors: Record<string, string[] | undefined>; params?: Record<string, string | number> }

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args
  if (request.method !== 'POST') return Response.json({ error: 'error.badRequest.text' }, { status: 405 })
  // A phone that was offline for long may have lost its login: it keeps the queue and asks to log in.
  const user = getUser(args)
  if (!user) return Response.json({ error: 'centre.offline.login' }, { status: 401 })
  const body = await parseJson(request, SyncSchema)
  if (!body.success) return Response.json({ error: 'error.badRequest.text' }, { status: 400 })
  const { school, sessions } = body.data
  if (!(await canRunCentre(context.work, user, school))) return Response.json({ error: 'error.forbidden.text' }, { status: 403 })

  const results: ItemResult[] = []
  for (const raw of sessions) {
    const clientKey = raw.clientKey ?? ''
    const parsed = SessionInputSchema.safeParse(sessionFields(recordFields(raw)))
    if (!parsed.success) {
      results.push({ clientKey, ok: false, fieldErrors: parsed.error.flatten().fieldErrors })
      continue
    }
    // Without its key a resend could not be told from a second session.
    if (!parsed.data.clientKey) {
      results.push({ clientKey, ok: false, fieldErrors: { clientKey: ['parents.error.clientKey'] } })
      continue
    }
    const result = await recordSession(context.work, { schoolId: school, session: parsed.data, source: 'offline' })
    results.push(
      result.ok
        ? { clientKey, ok: true, sessionId: result.value.sessionId, duplicateOf: result.value.duplicateOf }
        : { clientKey, ok: false, fieldErrors: result.error.fieldErrors, params: result.error.params },
    )
  }
  return Response.json({ results })
}
