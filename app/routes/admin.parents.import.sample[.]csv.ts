import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { csvDownload, exportLocale } from '#app/modules/exports/download.server.ts'
import { sampleSessionsTable } from '#app/modules/parents/sessions-file.server.ts'

// The sessions import's sample file, made for whoever downloads it, in the
// dialect of their Excel. A
// resource route: the /admin layout's rule does not apply, so coordinators
// get it too.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const ownSchool = user.roles.find((r) => r.role === 'coordinator' && r.schoolId)?.schoolId ?? null
  const table = await sampleSessionsTable(args.context.work, { ownSchool, regions: adminRegions(user) })
  const locale = exportLocale(new URL(args.request.url).searchParams, resolveLocale(args.request, args.context))
  return csvDownload(table, locale, 'orken-parent-sessions-sample.csv')
}
