import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/http/auth.server.ts'
import { sampleCsv } from '#app/modules/roster/sample.server.ts'

export function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'trainer')
  return new Response(sampleCsv(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="orken-roster-sample.csv"',
      'Cache-Control': 'private, max-age=3600',
    },
  })
}
