import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { PREVIEW_RATE_RULE, previewLesson } from '#app/modules/authoring/preview.server.ts'
import { CONTENT_LANGS } from '#app/modules/content/manifest.ts'
import { checkRateLimit, recordRateLimitEvent } from '#app/modules/security/rate-limit.server.ts'
import { parseJson } from '#app/http/submission.server.ts'

// The lesson editor's live preview (components/authoring/use-live-preview.ts):
// POST source and lang as form fields or JSON; the answer is previewLesson's
// JSON, or { ok: false, error } in the reader's language. Only the course's
// editors may compile on this server. A resource route answers with a
// Response of its own: single fetch would not turn data() into one.

const MAX_SOURCE_KB = 200
const MAX_SOURCE_BYTES = MAX_SOURCE_KB * 1024
// An urlencoded Cyrillic letter takes six bytes on the wire ("%D0%B0"), two in the source.
const MAX_BODY_BYTES = MAX_SOURCE_BYTES * 3 + 4096

const FieldsSchema = z.object({ source: z.string(), lang: z.enum(CONTENT_LANGS) })

const noStore = { 'Cache-Control': 'no-store' }

/** The body's bytes, or null once it passes `limit` (read no further than that). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null
  if (!request.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > limit) return null
    chunks.push(chunk)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

async function fieldsOf(request: Request, body: Uint8Array<ArrayBuffer>): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  if (type.includes('application/json')) {
    try {
      return JSON.parse(new TextDecoder().decode(body))
    } catch {
      return null
    }
  }
  // Form posts, multipart (as the editor sends them) or urlencoded, parsed from the bytes already read.
  const form = await new Response(body, { headers: { 'Content-Type': type } }).formData().catch(() => null)
  return form ? Object.fromEntries(form) : null
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args
  const { user } = await requireCourseEditor(args)
  const locale = resolveLocale(request, context)
  const refuse = (key: 'editor.preview.tooLarge' | 'editor.preview.badRequest' | 'editor.preview.rateLimited', status: number) =>
    Response.json({ ok: false, error: translate(locale, key, { size: MAX_SOURCE_KB }) }, { status, headers: noStore })

  if (request.method !== 'POST') return refuse('editor.preview.badRequest', 405)
  const body = await readLimited(request, MAX_BODY_BYTES)
  if (body === null) return refuse('editor.preview.tooLarge', 413)
  const fields = await parseJson(await fieldsOf(request, body), FieldsSchema)
  if (!fields.success) return refuse('editor.preview.badRequest', 400)
  if (Buffer.byteLength(fields.data.source, 'utf8') > MAX_SOURCE_BYTES) return refuse('editor.preview.tooLarge', 413)

  const limit = await checkRateLimit(context.work.db, PREVIEW_RATE_RULE, user.id)
  if (limit.limited) return refuse('editor.preview.rateLimited', 429)
  await recordRateLimitEvent(context.work.db, PREVIEW_RATE_RULE, user.id)

  return Response.json(await previewLesson(fields.data.source, fields.data.lang, locale), { headers: noStore })
}
