import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { canViewRoster, getRoster } from '#app/modules/courses/roster.server.ts'
import { csvDownload, exportLocale } from '#app/modules/exports/download.server.ts'
import { rosterTable } from '#app/modules/exports/roster-table.server.ts'

// The roster as CSV in the reader's language and their Excel's dialect; the
// same people may download it as may see the roster page. Its twin: roster.xlsx.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const { cohortId } = parseParams(params, { cohortId: Id })
  const cohort = await getCohort(context.work, cohortId)
  if (!cohort) notFound()
  invariantResponse(canViewRoster(cohort, user.id, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const locale = exportLocale(new URL(request.url).searchParams, resolveLocale(request, context))
  const table = await rosterTable(await getRoster(context.work, cohort), locale)
  return csvDownload(table, locale, `roster-${cohort.id}.csv`)
}
