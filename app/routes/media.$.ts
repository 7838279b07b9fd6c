import path from 'node:path'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { serveMediaFile } from '#app/modules/media/serve-file.server.ts'

// Course media that lessons embed and link to (/media/<course>/<file>), from
// content/media only, streamed with byte ranges so that a video can seek.
const MEDIA_ROOT = path.resolve('content/media')

export async function loader({ params, request }: LoaderFunctionArgs) {
  const response = await serveMediaFile(MEDIA_ROOT, params['*'] ?? '', request)
  // A plain 404: notFound() from a resource route is logged as a server error
  // and answered with a JSON "Unexpected Server Error" body.
  return response ?? new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}
