import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, hasRole, requireUser } from '#app/http/auth.server.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { certificatePdf, getCertificate } from '#app/modules/certificates/issue.server.ts'

// The PDF for its holder, for admins, and for the regional admins of its region.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { id } = parseParams(args.params, { id: Id })
  const cert = await getCertificate(args.context.work, id)
  const regions = adminRegions(user)
  const allowed =
    cert &&
    (cert.user_id === user.id ||
      (hasRole(user, 'admin', 'regional_admin') && (regions === null || (cert.region_code !== null && regions.includes(cert.region_code)))))
  if (!cert || !allowed) return new Response('Not found', { status: 404 })
  const pdf = await certificatePdf(args.context.work, cert.id)
  if (!pdf) return new Response('Not found', { status: 404 })
  if (!pdf.matches) args.context.work.log.error({ certificateId: cert.id, number: pdf.number }, 'a certificate no longer renders to its recorded SHA-256')
  return new Response(new Uint8Array(pdf.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${pdf.number}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
