import fs from 'node:fs'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { canEditCourse } from '#app/modules/authoring/access.server.ts'
import { findMedia } from '#app/modules/media/library.server.ts'
import { planMediaResponse } from '#app/modules/media/serve-file.server.ts'

// A file of a course's media library (/files/<id>/<name>), with byte ranges so
// that a video can seek. Public once a published version uses it; before that
// only the course's authors see it, and anyone else gets the same 404 as for
// a file that does not exist, so a probe learns nothing.

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const media = await findMedia(context.work, params.id ?? '')
  if (!media || media.row.name !== params.name) return notFound()
  const published = media.row.published_at !== null
  const user = context.auth?.user
  if (!published && !(user && (await canEditCourse(context.work, user, media.row.course_id)))) return notFound()

  let size: number
  try {
    size = (await fs.promises.stat(media.path)).size
  } catch {
    return notFound()
  }
  // The content never changes under an id, so its hash is a strong ETag.
  const file = { path: media.path, size, mtimeMs: 0, contentType: media.row.mime, etag: `"${media.row.sha256}"` }
  const plan = planMediaResponse(file, request.headers)
  plan.headers.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(media.row.name)}`)
  // A draft's file must not stay in a shared cache once someone loses access.
  if (!published) plan.headers.set('Cache-Control', 'private, no-store, no-transform')
  const body =
    plan.body && request.method !== 'HEAD'
      ? createReadableStreamFromReadable(fs.createReadStream(media.path, { start: plan.body.start, end: plan.body.end }))
      : null
  return new Response(body, { status: plan.status, headers: plan.headers })
}
