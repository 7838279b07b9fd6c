import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { exportLocale, xlsxDownload } from '#app/modules/exports/download.server.ts'
import { reportFilter, ReportQuerySchema } from '#app/modules/surveys/report-filter.server.ts'
import { reportTables } from '#app/modules/surveys/report-tables.server.ts'
import { getSurveyReport } from '#app/modules/surveys/reports.server.ts'

// A survey report as an Excel workbook: results (distributions and means),
// response rate and change, each on its own sheet, numbers as numbers.

const ParamsSchema = z.object({
  surveyId: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const url = new URL(request.url)
  const query = ReportQuerySchema.parse(Object.fromEntries(url.searchParams))
  const filter = await reportFilter(context.work, query, adminRegions(user))
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const report = await getSurveyReport(context.work, params.data.surveyId, filter)
  if (!report) notFound()
  const { results, rate, change } = reportTables(report, exportLocale(url.searchParams, resolveLocale(request, context)))
  return xlsxDownload([results, rate, change], `survey-${report.survey.id}.xlsx`)
}
