import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import type { Database } from '#db/client.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import type { MediaKind } from '#db/schema.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { formatNumber } from '#app/i18n/format.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { checkFileName, isUtf8Text, judgeContent, sniffFile, type MediaRefusal } from './sniff.server.ts'
import { sizeIn } from './size.ts'

// A course's media library: uploaded files checked by content, stored once
// per content under <uploads>/files/<sha256>, listed per course. A file is
// private to the course's authors until a published version uses it.

export interface MediaEntry {
  id: string
  kind: MediaKind
  name: string
  size: number
  mime: string
  /** Where lessons link to it: /files/<id>/<name>. */
  url: string
  createdAt: string
  published: boolean
}

/** Where the library keeps its files, and where uploads wait until they are checked. */
export function mediaDirs(uploadsDir: string) {
  const root = path.resolve(uploadsDir)
  return { files: path.join(root, 'files'), incoming: path.join(root, 'incoming') }
}

export function mediaUrl(id: string, name: string): string {
  return `/files/${id}/${encodeURIComponent(name)}`
}

const ID = /^[a-z0-9]{8,32}$/

/**
 * The id and name a library URL (`/files/<id>/<name>`, perhaps with a query or
 * fragment) names, or null for any other URL.
 */
export function parseMediaUrl(url: string): { id: string; name: string } | null {
  const match = /^\/files\/([^/?#]+)\/([^/?#]+)(?:[?#].*)?$/.exec(url.trim())
  if (!match || !ID.test(match[1]!)) return null
  let name: string
  try {
    name = decodeURIComponent(match[2]!)
  } catch {
    return null
  }
  const checked = checkFileName(name)
  return checked.ok && checked.value.name === name ? { id: match[1]!, name } : null
}

type MediaRow = { id: string; kind: MediaKind; name: string; size: number; mime: string; created_at: string; published_at: string | null }

function toEntry(row: MediaRow): MediaEntry {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    size: row.size,
    mime: row.mime,
    url: mediaUrl(row.id, row.name),
    createdAt: row.created_at,
    published: row.published_at !== null,
  }
}

const ENTRY_COLUMNS = ['id', 'kind', 'name', 'size', 'mime', 'created_at', 'published_at'] as const

/** The course's files, newest first; removed ones are left out. */
export async function listCourseMedia(work: Work, courseId: string): Promise<MediaEntry[]> {
  const rows = await work.db
    .selectFrom('media_files')
    .select(ENTRY_COLUMNS)
    .where('course_id', '=', courseId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(toEntry)
}

/** The ids of the course's files that lessons may link to. */
export async function courseMediaIds(work: Work, courseId: string): Promise<Set<string>> {
  const rows = await work.db.selectFrom('media_files').select('id').where('course_id', '=', courseId).where('deleted_at', 'is', null).execute()
  return new Set(rows.map((r) => r.id))
}

/**
 * Makes public the files of this course that `urls` link to, when a version
 * that uses them is published. Other courses' files and URLs that are not
 * library URLs are left alone. Returns how many files became public. Runs on
 * the publishing transaction.
 */
export async function markMediaPublished(trx: Database, courseId: string, urls: string[]): Promise<number> {
  const ids = [
    ...new Set(
      urls
        .map(parseMediaUrl)
        .filter((u) => u !== null)
        .map((u) => u.id),
    ),
  ]
  if (!ids.length) return 0
  const result = await trx
    .updateTable('media_files')
    .set({ published_at: nowIso() })
    .where('course_id', '=', courseId)
    .where('id', 'in', ids)
    .where('published_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Removes a file from the course's library (the row stays, marked); a published file stays. */
export async function removeMedia(
  work: Work,
  courseId: string,
  mediaId: string,
): Promise<Result<{ name: string }, 'media.error.notFound' | 'media.error.published'>> {
  return write(work, async (tx) => {
    const row = await tx.db
      .selectFrom('media_files')
      .select(['name', 'published_at'])
      .where('id', '=', mediaId)
      .where('course_id', '=', courseId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!row) return fail('media.error.notFound' as const)
    if (row.published_at) return fail('media.error.published' as const)
    await tx.db.updateTable('media_files').set({ deleted_at: work.now().toISOString() }).where('id', '=', mediaId).where('published_at', 'is', null).execute()
    return ok({ name: row.name })
  })
}

export interface StoredMedia {
  row: MediaRow & { course_id: string; sha256: string; deleted_at: string | null }
  /** The file on disk. */
  path: string
}

/** A library file by id, with where it lies on disk; null when there is none. */
export async function findMedia(work: Work, id: string): Promise<StoredMedia | null> {
  if (!ID.test(id)) return null
  const row = await work.db
    .selectFrom('media_files')
    .select([...ENTRY_COLUMNS, 'course_id', 'sha256', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || row.deleted_at || !/^[0-9a-f]{64}$/.test(row.sha256)) return null
  return { row, path: path.join(mediaDirs(work.config.uploadsDir).files, row.sha256) }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(fs.createReadStream(file), hash)
  return hash.digest('hex')
}

/** Moves the checked file into the store, unless a file with the same content is there already. */
async function storeFile(tempPath: string, filesDir: string, sha256: string): Promise<void> {
  const target = path.join(filesDir, sha256)
  await fs.promises.mkdir(filesDir, { recursive: true })
  if (fs.existsSync(target)) {
    await fs.promises.rm(tempPath, { force: true })
    return
  }
  await fs.promises.rename(tempPath, target)
}

export interface AcceptInput {
  courseId: string
  userId: string
  /** The uploaded bytes, in a temporary file under the uploads folder. Moved into the store when accepted. */
  tempPath: string
  /** The uploader's file name. */
  name: string
}

export type AcceptResult = { ok: true; media: MediaEntry } | { ok: false; refusal: MediaRefusal }

/**
 * Checks an uploaded file (its name, its content sniffed from the first bytes,
 * its size for that kind), hashes it and adds it to the course's library. On
 * refusal nothing is stored and the temporary file is left for the caller to
 * remove. The same file uploaded again under the same name is the same entry.
 */
export async function acceptUpload(work: Work, input: AcceptInput): Promise<AcceptResult> {
  const checked = checkFileName(input.name)
  if (!checked.ok) return { ok: false, refusal: checked.refusal }
  const name = checked.value
  const { size } = await fs.promises.stat(input.tempPath)
  const judged = judgeContent(name, size > 0 ? await sniffFile(input.tempPath) : null, size)
  if (!judged.ok) return judged
  if (judged.kind === 'captions' && !(await isUtf8Text(input.tempPath))) {
    return { ok: false, refusal: { key: 'media.error.notKind', params: { extension: name.extension, claimed: 'captions' }, status: 422 } }
  }

  const sha256 = await sha256Of(input.tempPath)
  const same = await work.db
    .selectFrom('media_files')
    .select(ENTRY_COLUMNS)
    .where('course_id', '=', input.courseId)
    .where('sha256', '=', sha256)
    .where('name', '=', name.name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  await storeFile(input.tempPath, mediaDirs(work.config.uploadsDir).files, sha256)
  if (same) return { ok: true, media: toEntry(same) }

  const row: MediaRow = { id: newId(), kind: judged.kind, name: name.name, size, mime: judged.mime, created_at: nowIso(), published_at: null }
  await write(work, async (tx) => {
    await tx.db
      .insertInto('media_files')
      .values({ ...row, course_id: input.courseId, sha256, uploaded_by: input.userId, deleted_at: null })
      .execute()
  })
  return { ok: true, media: toEntry(row) }
}

/** The largest file the plain form (without JavaScript, so without resuming) takes. */
export const FORM_UPLOAD_BYTES = 50 * 1024 * 1024

/** Streams the form's `file` part to a temporary file, stopping past `maxBytes`; other parts are read and dropped. */
async function receiveFormFile(request: Request, incoming: string, maxBytes: number): Promise<{ tempPath: string; name: string } | null> {
  await fs.promises.mkdir(incoming, { recursive: true })
  const received: { file?: { tempPath: string; name: string } } = {}
  const toDisk: UploadHandler = async ({ name, filename, data }) => {
    if (name !== 'file' || !filename || received.file) {
      for await (const _chunk of data) {
        // drained: only the one file is wanted
      }
      return undefined
    }
    const tempPath = path.join(incoming, `form-${newId()}`)
    let size = 0
    async function* limited() {
      for await (const chunk of data) {
        size += chunk.byteLength
        if (size > maxBytes) throw new MaxPartSizeExceededError(name, maxBytes)
        yield chunk
      }
    }
    try {
      await pipeline(Readable.from(limited()), fs.createWriteStream(tempPath))
    } catch (error) {
      await fs.promises.rm(tempPath, { force: true })
      throw error
    }
    received.file = { tempPath, name: filename }
    return 'received'
  }
  await unstable_parseMultipartFormData(request, toDisk)
  return received.file ?? null
}

/**
 * The plain form's upload (a multipart `file` field of at most
 * FORM_UPLOAD_BYTES), checked and added like a resumable one.
 */
export async function acceptFormUpload(work: Work, request: Request, input: Omit<AcceptInput, 'tempPath' | 'name'>): Promise<AcceptResult> {
  const tooLarge: AcceptResult = { ok: false, refusal: { key: 'media.error.tooLargeAny', params: { max: FORM_UPLOAD_BYTES }, status: 413 } }
  // Refused before reading when the body says it is too large; the part limit catches one that lies.
  if (Number(request.headers.get('content-length') ?? 0) > FORM_UPLOAD_BYTES + 64 * 1024) return tooLarge
  let received: { tempPath: string; name: string } | null
  try {
    received = await receiveFormFile(request, mediaDirs(work.config.uploadsDir).incoming, FORM_UPLOAD_BYTES)
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge
    if (isStoreFailure(error)) return storeFailed(work, error)
    throw error
  }
  if (!received) return { ok: false, refusal: { key: 'media.error.noFile', status: 400 } }
  try {
    return await acceptUpload(work, { ...input, ...received })
  } catch (error) {
    if (isStoreFailure(error)) return storeFailed(work, error)
    throw error
  } finally {
    await fs.promises.rm(received.tempPath, { force: true })
  }
}

/** A file-system call on UPLOADS_DIR failed (gone, full, not writable): the server's fault, not the file's. */
function isStoreFailure(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string'
}

function storeFailed(work: Work, error: NodeJS.ErrnoException): AcceptResult {
  // For the operator; the author reads a translated sentence without the path.
  work.log.error({ err: error }, 'upload store failed')
  return { ok: false, refusal: { key: 'media.error.failed', status: 500 } }
}

/** A size in bytes, KB, MB or GB (of 1024), as people read it. */
export function formatSize(bytes: number, locale: Locale): string {
  const size = sizeIn(bytes)
  return translate(locale, size.key, { n: formatNumber(size.value, locale, size.digits) })
}

/** A refusal as a sentence in `locale`, its kinds and sizes in words. */
export function describeRefusal(locale: Locale, refusal: Pick<MediaRefusal, 'key' | 'params'>): string {
  const p = refusal.params ?? {}
  const params: Record<string, string | number> = {}
  if (p.extension !== undefined) params.extension = p.extension
  if (p.claimed) params.claimed = translate(locale, `media.noun.${p.claimed}`)
  if (p.actual) params.actual = translate(locale, `media.noun.${p.actual}`)
  if (p.kind) params.kind = translate(locale, `media.kind.${p.kind}`)
  if (p.size !== undefined) params.size = formatSize(p.size, locale)
  if (p.max !== undefined) params.max = refusal.key === 'media.error.nameLong' ? p.max : formatSize(p.max, locale)
  return translate(locale, refusal.key, params)
}
