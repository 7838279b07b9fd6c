import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { UTF8_BOM, toCsv } from '#app/modules/csv/csv-write.server.ts'
import { AttendanceQuerySchema, attendanceScope, attendanceTable, getAttendanceReport } from '#app/modules/parents/reports.server.ts'

// The attendance report's current table (regions, a region's districts or a
// district's schools; or with ?table=months the months) as a spreadsheet, in
// the reader's language, with the page's scope rules. A table without rows is
// still a file: its header line.

const TableSchema = z.object({ table: z.enum(['places', 'months']).catch('places') })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const searchParams = Object.fromEntries(new URL(request.url).searchParams)
  const query = AttendanceQuerySchema.parse(searchParams)
  const { table } = TableSchema.parse(searchParams)
  const scope = attendanceScope(query, adminRegions(user))
  invariantResponse(scope, 'error.forbidden.text', { status: 403 })
  const today = localIsoDate(now())
  const year = query.year ?? Number(today.slice(0, 4))
  const report = await getAttendanceReport(context.work, { scope, year, today })
  const { header, rows } = attendanceTable(report, table, resolveLocale(request, context))
  const name = ['parent-attendance', String(year), scope.region, table === 'months' ? 'months' : null].filter(Boolean).join('-')
  return new Response(UTF8_BOM + toCsv([header, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))]), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
