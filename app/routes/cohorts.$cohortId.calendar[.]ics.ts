import type { LoaderFunctionArgs } from '@remix-run/node'
import { hasRole, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { calendarCohort, cohortCalendar } from '#app/modules/courses/calendar.server.ts'

// A cohort's dates as an .ics file, for its teachers, its trainer and admins.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { cohortId } = parseParams(args.params, { cohortId: Id })
  const found = await calendarCohort(args.context.work, cohortId, user.id)
  if (!found) notFound()
  invariantResponse(found.allowed || hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
  const body = await cohortCalendar(args.context.work, found.cohort, resolveLocale(args.request, args.context))
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="cohort-${cohortId}.ics"`,
      'Cache-Control': 'private, no-cache',
    },
  })
}
