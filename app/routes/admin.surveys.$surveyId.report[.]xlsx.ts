import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { buildXlsx, XLSX_CONTENT_TYPE } from '#app/modules/exports/xlsx.server.ts'
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
  const query = ReportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const filter = await reportFilter(context.work, query, adminRegions(user))
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const report = await getSurveyReport(context.work, params.data.surveyId, filter)
  if (!report) notFound()
  const { results, rate, change } = reportTables(report, resolveLocale(request, context))
  const file = buildXlsx([results, rate, change])
  return new Response(new Uint8Array(file), {
    headers: {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Length': String(file.byteLength),
      'Content-Disposition': `attachment; filename="survey-${report.survey.id}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
