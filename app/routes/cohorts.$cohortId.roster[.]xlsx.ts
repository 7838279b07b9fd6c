import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { canViewRoster, getRoster } from '#app/modules/courses/roster.server.ts'
import { exportLocale, xlsxDownload } from '#app/modules/exports/download.server.ts'
import { rosterTable } from '#app/modules/exports/roster-table.server.ts'

// The roster as an Excel workbook, the twin of roster.csv: the same people,
// the same columns; numbers as numbers and the last activity as a date.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const { cohortId } = parseParams(params, { cohortId: Id })
  const cohort = await getCohort(context.work, cohortId)
  if (!cohort) notFound()
  invariantResponse(canViewRoster(cohort, user.id, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const locale = exportLocale(new URL(request.url).searchParams, resolveLocale(request, context))
  const table = await rosterTable(await getRoster(context.work, cohort), locale)
  return xlsxDownload([{ name: translate(locale, 'exportFormat.sheet.roster'), ...table }], `roster-${cohort.id}.xlsx`)
}
