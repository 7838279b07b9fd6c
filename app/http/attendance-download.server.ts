import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { csvDownload, exportLocale, xlsxDownload } from '#app/modules/exports/download.server.ts'
import { AttendanceQuerySchema, attendanceScope, attendanceTable, getAttendanceReport } from '#app/modules/parents/reports.server.ts'
import { adminRegions, requireRole } from './auth.server.ts'
import { invariantResponse } from './errors.ts'

// The parent attendance report's current table (regions, a region's
// districts or a district's schools; or with ?table=months the months) as a
// file, in the reader's language (CSV in their Excel's dialect, or a
// workbook with numbers as numbers), with the report page's scope rules. A
// table without rows is still a file: its header line.

const TableSchema = z.object({ table: z.enum(['places', 'months']).catch('places') })

export async function attendanceDownload(args: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
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
  const rows = attendanceTable(report, table, locale)
  if (format === 'csv') return csvDownload(rows, locale, `${name}.csv`)
  const sheet = translate(locale, table === 'months' ? 'exportFormat.sheet.months' : 'exportFormat.sheet.places')
  return xlsxDownload([{ name: sheet, ...rows }], `${name}.xlsx`)
}
