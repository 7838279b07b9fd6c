import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { csvDownload, exportLocale, xlsxDownload } from '#app/modules/exports/download.server.ts'
import { dashboardTable, exportFileName, ExportFileSchema, ExportQuerySchema, refusalResponse, YearSchema } from '#app/modules/dashboard/tables.server.ts'

// One table of the targets dashboard, /admin/dashboard/export/<table>.<csv|xlsx>
// ?year=&region=&course=, in the reader's language and with the page's scope
// rules: a regional admin's national tables hold their regions only. CSV is
// in the dialect of the reader's Excel (";" and decimal commas in kk and ru),
// UTF-8 with a BOM and formula-safe; Excel is one sheet. A table without rows
// is still a file: its header.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const url = new URL(request.url)
  const locale = exportLocale(url.searchParams, resolveLocale(request, context))
  const file = ExportFileSchema.safeParse(args.params.file)
  if (!file.success) throw refusalResponse({ status: 404, message: 'error.notFound.text' }, locale)
  const searchParams = Object.fromEntries(url.searchParams)
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
  return format === 'xlsx' ? xlsxDownload([sheet], filename) : csvDownload(sheet, locale, filename)
}
