// Resumable uploads (the tus protocol) into a course's media library. Each
// upload belongs to the person who started it: only they may continue, look
// at or cancel it, and only while they may author the course. A finished
// upload is checked by content and joins the library, or is refused and its
// bytes deleted. See app/modules/media/library.server.ts.
import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import path from 'node:path'
import { FileStore } from '@tus/file-store'
import { Server, type ServerOptions } from '@tus/server'
import type express from 'express'
import { actingAs, type Work } from '#app/core/work.server.ts'
import { LOCALE_COOKIE, readCookie } from '#app/http/session-cookie.server.ts'
import { defaultLocale, isLocale, type Locale } from '#app/i18n/locales.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { canEditCourse } from '#app/modules/authoring/access.server.ts'
import { DAY, HOUR, nowIso } from '#app/modules/clock/clock.server.ts'
import { acceptUpload, describeRefusal, mediaDirs } from '#app/modules/media/library.server.ts'
import { checkFileName, MAX_UPLOAD_BYTES, sizeRefusal, type MediaRefusal } from '#app/modules/media/sniff.server.ts'

export const TUS_PATH = '/uploads/tus'

interface Uploader {
  user: AuthUser | null
  locale: Locale
}

// The person behind the request, for the hooks tus calls deep inside its handlers.
const current = new AsyncLocalStorage<Uploader>()

/** What tus sends back when a hook throws: our refusals are JSON with a translated message. */
class Refusal {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {}
}

function refusal(status: number, refused: Pick<MediaRefusal, 'key' | 'params'>): Refusal {
  const { locale } = current.getStore() ?? { locale: defaultLocale }
  return new Refusal(status, JSON.stringify({ error: describeRefusal(locale, refused), code: refused.key }))
}

const refuse = (status: number, key: MessageKey): Refusal => refusal(status, { key })

export function tusUploads(work: Work, options: { publicOrigin: string }): express.RequestHandler {
  const { db } = work
  const { incoming } = mediaDirs(work.config.uploadsDir)
  fs.mkdirSync(incoming, { recursive: true })
  // An upload left unfinished for a week is deleted.
  const store = new FileStore({ directory: incoming, expirationPeriodInMilliseconds: 7 * DAY })

  const owned = async (id: string) => {
    const user = current.getStore()?.user
    if (!user) throw refuse(401, 'media.error.login')
    const row = await db.selectFrom('media_uploads').select(['user_id', 'course_id']).where('id', '=', id).executeTakeFirst()
    if (!row || row.user_id !== user.id) throw refuse(404, 'media.error.uploadNotFound')
    if (!(await canEditCourse(work, user, row.course_id))) throw refuse(403, 'media.error.course')
  }

  const onUploadCreate: ServerOptions['onUploadCreate'] = async (_req, upload) => {
    const user = current.getStore()?.user
    if (!user) throw refuse(401, 'media.error.login')
    const courseId = upload.metadata?.course ?? ''
    if (!courseId || !(await canEditCourse(work, user, courseId))) throw refuse(403, 'media.error.course')
    const checked = checkFileName(upload.metadata?.filename ?? upload.metadata?.name ?? '')
    if (!checked.ok) throw refusal(checked.refusal.status, checked.refusal)
    if (upload.size === undefined) throw refuse(400, 'media.error.lengthRequired')
    // Refused before a byte is sent; the content's real kind is checked at the end.
    const tooLarge = sizeRefusal(checked.value.claimed, upload.size)
    if (tooLarge) throw refusal(413, tooLarge)
    await db
      .insertInto('media_uploads')
      .values({
        id: upload.id,
        course_id: courseId,
        user_id: user.id,
        name: checked.value.name,
        size: upload.size,
        created_at: nowIso(),
        media_id: null,
        error: null,
      })
      .execute()
    return { metadata: { course: courseId, filename: checked.value.name } }
  }

  const onUploadFinish: ServerOptions['onUploadFinish'] = async (_req, upload) => {
    const row = await db.selectFrom('media_uploads').selectAll().where('id', '=', upload.id).executeTakeFirst()
    if (!row) throw refuse(404, 'media.error.uploadNotFound')
    const result = await acceptUpload(actingAs(work, row.user_id), {
      courseId: row.course_id,
      userId: row.user_id,
      tempPath: path.join(incoming, upload.id),
      name: row.name,
    })
    if (!result.ok) {
      await db.updateTable('media_uploads').set({ error: result.refusal.key }).where('id', '=', upload.id).execute()
      await store.remove(upload.id).catch(() => {})
      throw refusal(422, result.refusal)
    }
    await db.updateTable('media_uploads').set({ media_id: result.media.id }).where('id', '=', upload.id).execute()
    // The bytes moved into the library; only tus's note about them remains.
    await store.configstore.delete(upload.id)
    return { status_code: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ media: result.media }) }
  }

  const server = new Server({
    path: TUS_PATH,
    datastore: store,
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    // Same-origin only: the library page and the upload endpoint share a host.
    allowedOrigins: [options.publicOrigin],
    onIncomingRequest: async (req, id) => {
      // A new upload is checked in onUploadCreate, once its metadata is read.
      if (req.method !== 'POST') await owned(id)
    },
    onUploadCreate,
    onUploadFinish,
    onResponseError: (_req, error) => {
      if (error instanceof Refusal) return undefined
      if (error instanceof Error) {
        console.error('Upload failed:', error)
        return refuse(500, 'media.error.failed')
      }
      // tus's own refusal of a body larger than any file we take.
      if (error.status_code === 413) return refusal(413, { key: 'media.error.tooLargeAny', params: { max: MAX_UPLOAD_BYTES } })
      return undefined
    },
  })

  const cleanup = setInterval(() => void server.cleanUpExpiredUploads().catch((error) => console.error('Upload cleanup failed:', error)), HOUR)
  cleanup.unref()

  return (req, res, next) => {
    // Uploads are never read back through tus: the library serves finished files.
    if (req.method === 'GET') {
      res.status(404).type('text').send('Not found')
      return
    }
    const auth = res.locals.auth as { user: AuthUser } | null
    const cookie = readCookie(req.get('cookie'), LOCALE_COOKIE)
    const locale: Locale = isLocale(cookie) ? cookie : (auth?.user.locale ?? defaultLocale)
    current.run({ user: auth?.user ?? null, locale }, () => server.handle(req, res)).catch(next)
  }
}
