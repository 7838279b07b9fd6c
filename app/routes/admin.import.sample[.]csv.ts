import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/http/auth.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { csvDownload, exportLocale } from '#app/modules/exports/download.server.ts'
import { sampleTable } from '#app/modules/roster/sample.server.ts'

// The roster's sample file, in the dialect of the reader's Excel (`;` for Kazakh and Russian).
export function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin', 'regional_admin')
  const locale = exportLocale(new URL(args.request.url).searchParams, resolveLocale(args.request, args.context))
  return csvDownload(sampleTable(), locale, 'orken-roster-sample.csv')
}
