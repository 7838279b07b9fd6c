import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicKeyPem } from '#app/modules/certificates/signing.server.ts'

// The institute's public key, at a stable address, for offline verification
// (npm run certificate:verify).
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(await publicKeyPem(context.work), {
    headers: { 'Content-Type': 'application/x-pem-file; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  })
}
