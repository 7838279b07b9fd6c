import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { UTF8_BOM, toCsv } from '#app/modules/csv/csv-write.server.ts'
import { buildXlsx, XLSX_CONTENT_TYPE } from '#app/modules/exports/xlsx.server.ts'
import { dashboardTable, exportFileName, ExportFileSchema, ExportQuerySchema, refusalResponse, YearSchema } from '#app/modules/dashboard/tables.server.ts'

// One table of the targets dashboard, /admin/dashboard/export/<table>.<csv|xlsx>
// ?year=&region=&course=, in the reader's language and with the page's scope
// rules: a regional admin's national tables hold their regions only. CSV is
// UTF-8 with a BOM and formula-safe; Excel is one sheet. A table without rows
// is still a file: its header.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const locale = resolveLocale(request, context)
  const file = ExportFileSchema.safeParse(args.params.file)
  if (!file.success) throw refusalResponse({ status: 404, message: 'error.notFound.text' }, locale)
  const searchParams = Object.fromEntries(new URL(request.url).searchParams)
  const today = localIsoDate(context.work.now())
  const year = YearSchema.safeParse(searchParams.year ?? today.slice(0, 4))
  if (!year.success) throw refusalResponse({ status: 400, message: 'targets.error.year' }, locale)
  const filters = ExportQuerySchema.safeParse(searchParams)
  if (!filters.success) throw refusalResponse({ status: 404, message: 'error.notFound.text' }, locale)

  const { table, format } = file.data
  const answer = await dashboardTable(
    context.work,
    { table, year: year.data, region: filters.data.region ?? null, course: filters.data.course ?? null, allowed: adminRegions(user), today },
    locale,
  )
  if (!answer.ok) throw refusalResponse(answer.error, locale)
  const { table: sheet, scope } = answer.value
  const filename = exportFileName(table, year.data, scope, format)
  const headers = { 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'private, no-store' }
  if (format === 'xlsx') {
    const bytes = buildXlsx([sheet])
    return new Response(new Uint8Array(bytes), { headers: { ...headers, 'Content-Type': XLSX_CONTENT_TYPE, 'Content-Length': String(bytes.byteLength) } })
  }
  const { header, rows } = sheet
  const csv = toCsv([header, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))])
  return new Response(UTF8_BOM + csv, { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } })
}
