import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { csvDownload, exportLocale } from '#app/modules/exports/download.server.ts'
import { AttendanceQuerySchema, attendanceScope, attendanceTable, getAttendanceReport } from '#app/modules/parents/reports.server.ts'

// The attendance report's current table (regions, a region's districts or a
// district's schools; or with ?table=months the months) as CSV, in the
// reader's language and their Excel's dialect, with the page's scope rules.
// A table without rows is still a file: its header line. Its twin: parents.xlsx.

const TableSchema = z.object({ table: z.enum(['places', 'months']).catch('places') })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const url = new URL(request.url)
  const searchParams = Object.fromEntries(url.searchParams)
  const query = AttendanceQuerySchema.parse(searchParams)
  const { table } = TableSchema.parse(searchParams)
  const scope = attendanceScope(query, adminRegions(user))
  invariantResponse(scope, 'error.forbidden.text', { status: 403 })
  const today = localIsoDate(context.work.now())
  const year = query.year ?? Number(today.slice(0, 4))
  const report = await getAttendanceReport(context.work, { scope, year, today })
  const locale = exportLocale(url.searchParams, resolveLocale(request, context))
  const name = ['parent-attendance', String(year), scope.region, table === 'months' ? 'months' : null].filter(Boolean).join('-')
  return csvDownload(attendanceTable(report, table, locale), locale, `${name}.csv`)
}
