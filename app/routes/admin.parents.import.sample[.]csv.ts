import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { sampleSessionsCsv } from '#app/modules/parents/sessions-file.server.ts'

// The sessions import's sample file, made for whoever downloads it. A
// resource route: the /admin layout's rule does not apply, so coordinators
// get it too.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const ownSchool = user.roles.find((r) => r.role === 'coordinator' && r.schoolId)?.schoolId ?? null
  const csv = await sampleSessionsCsv(args.context.work, { ownSchool, regions: adminRegions(user) })
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="orken-parent-sessions-sample.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
