import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { UTF8_BOM, toCsv } from '#app/modules/csv/csv-write.server.ts'
import { reportFilter, ReportQuerySchema } from '#app/modules/surveys/report-filter.server.ts'
import { reportTables } from '#app/modules/surveys/report-tables.server.ts'
import { getSurveyReport } from '#app/modules/surveys/reports.server.ts'

// A survey report's distributions and means as a spreadsheet, in the reader's
// language, with the same filters and the same hidden groups as the page.

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
  const query = ReportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const filter = await reportFilter(context.work, query, adminRegions(user))
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const report = await getSurveyReport(context.work, params.data.surveyId, filter)
  if (!report) notFound()
  const { results } = reportTables(report, resolveLocale(request, context))
  const rows = [results.header, ...results.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))]
  return new Response(UTF8_BOM + toCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="survey-${report.survey.id}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
