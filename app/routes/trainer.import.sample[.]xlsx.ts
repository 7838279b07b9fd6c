import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/http/auth.server.ts'
import { XLSX_CONTENT_TYPE } from '#app/modules/exports/xlsx.server.ts'
import { sampleXlsx } from '#app/modules/roster/sample.server.ts'

export function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'trainer')
  const file = sampleXlsx()
  return new Response(new Uint8Array(file), {
    headers: {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Disposition': 'attachment; filename="orken-roster-sample.xlsx"',
      'Cache-Control': 'private, max-age=3600',
    },
  })
}
