import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { exportLocale, xlsxDownload } from '#app/modules/exports/download.server.ts'
import { dataPack, exportFileName, ExportQuerySchema, PackFileSchema, refusalResponse, YearSchema } from '#app/modules/dashboard/tables.server.ts'

// The annual data pack for the national report, /admin/dashboard/pack/<year>.xlsx:
// one workbook with a Summary sheet, a sheet per indicator and a Funnel sheet.
// An admin's covers the country (or ?region=); a regional admin's their
// region(s), and its file name says which.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const url = new URL(request.url)
  const locale = exportLocale(url.searchParams, resolveLocale(request, context))
  const file = PackFileSchema.safeParse(args.params.file)
  if (!file.success) throw refusalResponse({ status: 404, message: 'error.notFound.text' }, locale)
  const year = YearSchema.safeParse(file.data)
  if (!year.success) throw refusalResponse({ status: 400, message: 'targets.error.year' }, locale)
  const filters = ExportQuerySchema.safeParse(Object.fromEntries(url.searchParams))
  if (!filters.success) throw refusalResponse({ status: 404, message: 'error.notFound.text' }, locale)

  const pack = await dataPack(context.work, { year: year.data, region: filters.data.region ?? null, allowed: adminRegions(user) }, locale)
  if (!pack.ok) throw refusalResponse(pack.error, locale)
  return xlsxDownload(pack.value.sheets, exportFileName('pack', year.data, pack.value.scope, 'xlsx'))
}
