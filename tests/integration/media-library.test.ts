import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  acceptUpload,
  courseMediaIds,
  describeRefusal,
  listCourseMedia,
  markMediaPublished,
  mediaUrl,
  parseMediaUrl,
  removeMedia,
} from '#app/modules/media/library.server.ts'
import { checkFileName, MEDIA_LIMITS, sniffBytes } from '#app/modules/media/sniff.server.ts'
import type { MediaKind } from '#db/schema.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The media library on a real database and real files: what a file is (by its
// bytes, never its name), the limits of each kind, names that are paths, one
// stored file per content, and which files publishing makes public.

const db = createTestDb()
const uploadsDir = path.join(TMP_DIR, `uploads-lib-${process.pid}`)
const filesDir = path.join(uploadsDir, 'files')
const MEDIA = path.resolve('content/media')
const video = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/early-signs.mp4'))
const pdf = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/observation-sheet.pdf'))
const captions = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/early-signs.kk.vtt'))
const svg = fs.readFileSync(path.join(MEDIA, 'bullying-prevention/roles.svg'))
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')])
const ebml = (docType: string) =>
  Buffer.concat([
    Buffer.from([
      0x1a,
      0x45,
      0xdf,
      0xa3,
      0x9f,
      0x42,
      0x86,
      0x81,
      0x01,
      0x42,
      0xf7,
      0x81,
      0x01,
      0x42,
      0xf2,
      0x81,
      0x04,
      0x42,
      0xf3,
      0x81,
      0x08,
      0x42,
      0x82,
      0x80 + docType.length,
    ]),
    Buffer.from(docType),
  ])

let course: string
let otherCourse: string
let author: FixtureUser
let counter = 0

beforeAll(async () => {
  fs.rmSync(uploadsDir, { recursive: true, force: true })
  fs.mkdirSync(path.join(uploadsDir, 'incoming'), { recursive: true })
  course = (await createTestCourse(db)).slug
  otherCourse = (await createTestCourse(db)).slug
  author = await createUser(db, { roles: ['trainer'] })
})

afterAll(() => {
  fs.rmSync(uploadsDir, { recursive: true, force: true })
})

/** A temporary upload holding `bytes`, optionally stretched (sparsely) to `size` bytes. */
function tempFile(bytes: Buffer, size?: number): string {
  const file = path.join(uploadsDir, 'incoming', `t-${++counter}`)
  fs.writeFileSync(file, bytes)
  if (size !== undefined) fs.truncateSync(file, size)
  return file
}

const accept = (bytes: Buffer, name: string, options: { size?: number; courseId?: string } = {}) =>
  acceptUpload(testWork(db, { config: { uploadsDir } }), {
    courseId: options.courseId ?? course,
    userId: author.id,
    tempPath: tempFile(bytes, options.size),
    name,
  })

const storedFiles = () => (fs.existsSync(filesDir) ? fs.readdirSync(filesDir).sort() : [])
const rowCount = async () =>
  Number(
    (
      await db
        .selectFrom('media_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('sniffing', () => {
  test.each([
    ['an MP4 video', video, 'video', 'video/mp4'],
    ['a WebM video', ebml('webm'), 'video', 'video/webm'],
    ['a PDF', pdf, 'pdf', 'application/pdf'],
    ['a PNG', png, 'image', 'image/png'],
    ['a JPEG', jpeg, 'image', 'image/jpeg'],
    ['a WebP', webp, 'image', 'image/webp'],
    ['WebVTT captions', captions, 'captions', 'text/vtt; charset=utf-8'],
    ['WebVTT captions after a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), captions]), 'captions', 'text/vtt; charset=utf-8'],
  ])('%s is known by its first bytes', (_name, bytes, kind, mime) => {
    expect(sniffBytes(bytes.subarray(0, 64))).toEqual({ kind, mime })
  })

  test('an SVG is recognised, so that it can be refused by name', () => {
    expect(sniffBytes(svg.subarray(0, 64))).toEqual({ kind: 'svg' })
  })

  test.each([
    ['a Matroska file that is not WebM', ebml('matroska')],
    ['a HEIC photo (an ISO media file with an image brand)', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic')])],
    ['a ZIP archive', Buffer.from('PK\u0003\u0004 some archive')],
    ['plain text', Buffer.from('Hello, this is not a caption file')],
    ['text that only mentions WEBVTT later', Buffer.from('NOTE WEBVTT')],
    ['nothing', Buffer.alloc(0)],
  ])('%s is none of ours', (_name, bytes) => {
    expect(sniffBytes(bytes)).toBeNull()
  })
})

describe('file names', () => {
  test.each([
    ['../../etc/passwd', 'media.error.namePath'],
    ['..\\..\\windows\\win.ini', 'media.error.namePath'],
    ['lessons/intro.mp4', 'media.error.namePath'],
    ['..', 'media.error.namePath'],
    ['..mp4', 'media.error.namePath'],
    ['intro\u0000.mp4', 'media.error.nameControl'],
    ['intro\n.mp4', 'media.error.nameControl'],
    ['photo\u202Egnp.mp4', 'media.error.nameControl'],
    ['.hidden.mp4', 'media.error.nameHidden'],
    ['   ', 'media.error.nameEmpty'],
    [`${'a'.repeat(200)}.mp4`, 'media.error.nameLong'],
    ['figure.svg', 'media.error.svg'],
    ['notes.docx', 'media.error.type'],
    ['video', 'media.error.type'],
  ])('%j is refused with %s', (name, key) => {
    const checked = checkFileName(name)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.refusal.key).toBe(key)
  })

  test('a Kazakh name with spaces is a plain name; its extension decides the claimed kind', () => {
    expect(checkFileName('  Ерте белгілер 1.MP4 ')).toEqual({ ok: true, value: { name: 'Ерте белгілер 1.MP4', extension: 'mp4', claimed: 'video' } })
    expect(checkFileName('a.vtt')).toMatchObject({ ok: true, value: { claimed: 'captions' } })
  })

  test('a path as a name stores nothing and leaves the upload for the caller', async () => {
    const before = [await rowCount(), storedFiles()]
    const temp = tempFile(video)
    const result = await acceptUpload(testWork(db, { config: { uploadsDir } }), {
      courseId: course,
      userId: author.id,
      tempPath: temp,
      name: '../../etc/passwd',
    })
    expect(result).toEqual({ ok: false, refusal: { key: 'media.error.namePath', params: undefined, status: 400 } })
    expect([await rowCount(), storedFiles()]).toEqual(before)
    expect(fs.existsSync(temp)).toBe(true)
    expect(fs.existsSync(path.join(uploadsDir, '..', '..', 'etc', 'passwd'))).toBe(false)
  })
})

describe('accepting uploads', () => {
  test('a video is hashed, stored under its SHA-256 outside the upload and listed in its course', async () => {
    const result = await accept(video, 'Ерте белгілер.mp4')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const sha = createHash('sha256').update(video).digest('hex')
    expect(result.media).toMatchObject({ kind: 'video', mime: 'video/mp4', size: video.length, name: 'Ерте белгілер.mp4', published: false })
    expect(result.media.url).toBe(`/files/${result.media.id}/${encodeURIComponent('Ерте белгілер.mp4')}`)
    expect(fs.readFileSync(path.join(filesDir, sha)).equals(video)).toBe(true)
    const row = await db.selectFrom('media_files').selectAll().where('id', '=', result.media.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ course_id: course, sha256: sha, uploaded_by: author.id, published_at: null, deleted_at: null })
    expect((await listCourseMedia(testWork(db), course)).map((m) => m.id)).toContain(result.media.id)
    expect(await listCourseMedia(testWork(db), otherCourse)).toEqual([])
  })

  test.each([
    ['a PDF named .mp4', pdf, 'handout.mp4', 'media.error.mismatch', 'The file is named .mp4 but the content is not a video: it is a PDF document.'],
    ['a video named .pdf', video, 'lecture.pdf', 'media.error.mismatch', 'The file is named .pdf but the content is not a PDF document: it is a video.'],
    [
      'captions named .png',
      captions,
      'still.png',
      'media.error.mismatch',
      'The file is named .png but the content is not a PNG, JPEG or WebP image: it is WebVTT captions.',
    ],
    [
      'a ZIP named .mp4',
      Buffer.from('PK\u0003\u0004 archive bytes'),
      'lecture.mp4',
      'media.error.notKind',
      'The file is named .mp4 but the content is not a video.',
    ],
    ['an SVG named .png', svg, 'roles.png', 'media.error.svg', 'SVG images are not accepted: they can contain scripts. Save the image as PNG or WebP.'],
    [
      'text named .vtt',
      Buffer.from('1\n00:00.000 --> 00:01.000\nHello'),
      'captions.vtt',
      'media.error.notKind',
      'The file is named .vtt but the content is not WebVTT captions.',
    ],
    [
      'captions that are not UTF-8',
      Buffer.concat([Buffer.from('WEBVTT\n\n'), Buffer.from([0xc0, 0xaf, 0xff])]),
      'captions.vtt',
      'media.error.notKind',
      'The file is named .vtt but the content is not WebVTT captions.',
    ],
    ['an empty file', Buffer.alloc(0), 'empty.pdf', 'media.error.empty', 'The file is empty.'],
  ])('%s is refused by its content, and nothing is stored', async (_name, bytes, name, key, english) => {
    const before = [await rowCount(), storedFiles()]
    const result = await accept(bytes, name)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.refusal.key).toBe(key)
    expect(describeRefusal('en', result.refusal)).toBe(english)
    expect([await rowCount(), storedFiles()]).toEqual(before)
  })

  test('the refusal of a renamed file names both kinds in Kazakh and Russian too', async () => {
    const result = await accept(pdf, 'handout.mp4')
    if (result.ok) throw new Error('accepted')
    expect(describeRefusal('kk', result.refusal)).toBe('Файл .mp4 деп аталған, бірақ ішіндегісі бейне емес, PDF құжаты.')
    expect(describeRefusal('ru', result.refusal)).toBe('Файл назван .mp4, но по содержимому это не видео, а PDF-документ.')
  })

  test.each([
    ['video', video, 'big.mp4'],
    ['pdf', pdf, 'big.pdf'],
    ['image', png, 'big.png'],
    ['captions', captions, 'big.vtt'],
  ] as [MediaKind, Buffer, string][])('a %s one byte over its limit is refused; at the limit it is taken', async (kind, bytes, name) => {
    const limit = MEDIA_LIMITS[kind]
    const over = await accept(bytes, name, { size: limit + 1 })
    expect(over).toMatchObject({ ok: false, refusal: { key: 'media.error.tooLarge', status: 413, params: { kind, size: limit + 1, max: limit } } })
    if (kind === 'video') return // hashing 2 GB proves nothing more
    const at = await accept(bytes, name, { size: limit })
    expect(at).toMatchObject({ ok: true, media: { kind, size: limit } })
  })

  test('the size limit reads in words and units', async () => {
    const result = await accept(png, 'poster.png', { size: MEDIA_LIMITS.image + 512 * 1024 })
    if (result.ok) throw new Error('accepted')
    expect(describeRefusal('en', result.refusal)).toBe('The file is too large: 10.5 MB. A file of the kind “Image” may be at most 10 MB.')
    expect(describeRefusal('kk', result.refusal)).toBe('Файл тым үлкен: 10,5 МБ. «Сурет» түріндегі файл 10 МБ аспауы керек.')
  })
})

describe('one file per content', () => {
  test('the same content under another name, or in another course, is stored once', async () => {
    const sha = createHash('sha256').update(pdf).digest('hex')
    const first = await accept(pdf, 'sheet.pdf')
    const second = await accept(pdf, 'sheet-copy.pdf')
    const elsewhere = await accept(pdf, 'sheet.pdf', { courseId: otherCourse })
    if (!first.ok || !second.ok || !elsewhere.ok) throw new Error('refused')
    expect(new Set([first.media.id, second.media.id, elsewhere.media.id]).size).toBe(3)
    expect(storedFiles().filter((f) => f === sha)).toEqual([sha])
    const rows = await db
      .selectFrom('media_files')
      .select(['sha256', 'course_id'])
      .where('id', 'in', [first.media.id, second.media.id, elsewhere.media.id])
      .execute()
    expect(rows.every((r) => r.sha256 === sha)).toBe(true)
  })

  test('the same file under the same name again is the same entry, and its upload is removed', async () => {
    const temp = tempFile(jpeg)
    const first = await acceptUpload(testWork(db, { config: { uploadsDir } }), { courseId: course, userId: author.id, tempPath: temp, name: 'photo.jpg' })
    const again = await accept(jpeg, 'photo.jpg')
    if (!first.ok || !again.ok) throw new Error('refused')
    expect(again.media.id).toBe(first.media.id)
    expect(fs.existsSync(temp)).toBe(false)
    expect(fs.readdirSync(path.join(uploadsDir, 'incoming')).filter((f) => f === path.basename(temp))).toEqual([])
  })
})

describe('publishing and removing', () => {
  test('library URLs are read back; anything else is not one', () => {
    const url = mediaUrl('abcdefgh12345678', 'Ерте белгілер.mp4')
    expect(parseMediaUrl(url)).toEqual({ id: 'abcdefgh12345678', name: 'Ерте белгілер.mp4' })
    expect(parseMediaUrl(`${url}#t=10`)).toEqual({ id: 'abcdefgh12345678', name: 'Ерте белгілер.mp4' })
    for (const other of [
      '/media/child-wellbeing/early-signs.mp4',
      '/files/abcdefgh12345678',
      '/files/abcdefgh12345678/a/b.mp4',
      '/files/ABC/x.mp4',
      '/files/abcdefgh12345678/%2e%2e%2fx.mp4',
      '/files/abcdefgh12345678/%E0%A4%A.mp4',
      'https://example.com/files/abcdefgh12345678/x.mp4',
    ]) {
      expect(parseMediaUrl(other), other).toBeNull()
    }
  })

  test('publishing makes public only the files of that course that the version links to', async () => {
    const own = await accept(png, 'own.png')
    const unused = await accept(webp, 'unused.webp')
    const foreign = await accept(captions, 'foreign.vtt', { courseId: otherCourse })
    if (!own.ok || !unused.ok || !foreign.ok) throw new Error('refused')
    const urls = [own.media.url, foreign.media.url, '/media/child-wellbeing/early-signs.mp4', 'https://example.com/x.png', own.media.url]
    expect(await markMediaPublished(db, course, urls)).toBe(1)
    const published = async (id: string) =>
      (await db.selectFrom('media_files').select('published_at').where('id', '=', id).executeTakeFirstOrThrow()).published_at
    const stamp = await published(own.media.id)
    expect(stamp).not.toBeNull()
    expect(await published(unused.media.id)).toBeNull()
    expect(await published(foreign.media.id)).toBeNull()
    // Publishing again keeps the first date.
    expect(await markMediaPublished(db, course, [own.media.url])).toBe(0)
    expect(await published(own.media.id)).toBe(stamp)
    expect((await listCourseMedia(testWork(db), course)).find((m) => m.id === own.media.id)?.published).toBe(true)
  })

  test('an unpublished file can be removed; a published one stays', async () => {
    const draft = await accept(Buffer.concat([png, Buffer.from('draft')]), 'draft.png')
    const live = await accept(Buffer.concat([png, Buffer.from('live')]), 'live.png')
    if (!draft.ok || !live.ok) throw new Error('refused')
    await markMediaPublished(db, course, [live.media.url])
    expect(await removeMedia(testWork(db), course, live.media.id)).toEqual({ ok: false, error: 'media.error.published' })
    expect(await removeMedia(testWork(db), otherCourse, draft.media.id)).toEqual({ ok: false, error: 'media.error.notFound' })
    expect(await removeMedia(testWork(db), course, draft.media.id)).toEqual({ ok: true, value: { name: 'draft.png' } })
    expect(await removeMedia(testWork(db), course, draft.media.id)).toEqual({ ok: false, error: 'media.error.notFound' })
    const ids = await courseMediaIds(testWork(db), course)
    expect(ids.has(live.media.id)).toBe(true)
    expect(ids.has(draft.media.id)).toBe(false)
    expect((await listCourseMedia(testWork(db), course)).map((m) => m.id)).not.toContain(draft.media.id)
    // A removed file is never published by a later version.
    expect(await markMediaPublished(db, course, [draft.media.url])).toBe(0)
  })
})
