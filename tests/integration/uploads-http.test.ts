import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { markMediaPublished } from '#app/modules/media/library.server.ts'
import { MEDIA_LIMITS } from '#app/modules/media/sniff.server.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// Uploads over real HTTP against the built server, speaking tus as Uppy does:
// create, send part of the file, ask how far it got, send the rest; then the
// library serves the file with byte ranges, to its authors only until it is
// published. Refusals come back in the uploader's language.

const MEDIA = path.resolve('content/media')
const video = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/early-signs.mp4'))
const pdf = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/observation-sheet.pdf'))
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const uploadsDir = path.join(TMP_DIR, `uploads-http-${process.pid}`)

let server: RunningServer
let db: Database
let course: string
let editor: FixtureUser
let otherEditor: FixtureUser
let teacher: FixtureUser

const login = sessionLogin(() => server)

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64')

/** POST: a new upload of `size` bytes named `name` for the course. */
function create(cookie: string | null, name: string, size: number, courseId = course) {
  return fetch(`${server.url}/uploads/tus`, {
    method: 'POST',
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(size),
      'Upload-Metadata': `course ${b64(courseId)},filename ${b64(name)},filetype ${b64('video/mp4')}`,
      Origin: server.url,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  })
}

function patch(cookie: string, location: string, offset: number, bytes: Buffer) {
  return fetch(server.url + location, {
    method: 'PATCH',
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
      Origin: server.url,
      Cookie: cookie,
    },
    body: new Uint8Array(bytes),
  })
}

function head(cookie: string, location: string) {
  return fetch(server.url + location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Cookie: cookie } })
}

const mediaCount = async () =>
  Number(
    (
      await db
        .selectFrom('media_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('course_id', '=', course)
        .executeTakeFirstOrThrow()
    ).n,
  )
const incomingFiles = () => fs.readdirSync(path.join(uploadsDir, 'incoming')).filter((f) => !f.endsWith('.json'))

beforeAll(async () => {
  fs.rmSync(uploadsDir, { recursive: true, force: true })
  server = await startServer({ UPLOADS_DIR: uploadsDir })
  db = openDatabase(server.dbFile)
  course = (await createTestCourse(db)).slug
  editor = await createUser(db, { roles: ['trainer'] })
  otherEditor = await createUser(db, { roles: ['trainer'], locale: 'ru' })
  teacher = await createUser(db, { roles: ['teacher'] })
  await addCourseEditor(db, course, editor.id, null)
  await addCourseEditor(db, course, otherEditor.id, null)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
  fs.rmSync(uploadsDir, { recursive: true, force: true })
})

describe('a resumable upload', () => {
  let location: string
  let url: string

  test('is created, sent in two parts with a look at the offset between, and joins the library', async () => {
    const cookie = await login(editor)
    const created = await create(cookie, 'Ерте белгілер.mp4', video.length)
    expect(created.status).toBe(201)
    location = created.headers.get('location')!
    expect(location).toMatch(/^\/uploads\/tus\/[0-9a-f]+$/)
    expect(created.headers.get('access-control-allow-origin')).not.toBe('*')

    const half = Math.floor(video.length / 2)
    const first = await patch(cookie, location, 0, video.subarray(0, half))
    expect(first.status).toBe(204)
    expect(first.headers.get('upload-offset')).toBe(String(half))

    const status = await head(cookie, location)
    expect(status.status).toBe(200)
    expect(status.headers.get('upload-offset')).toBe(String(half))
    expect(status.headers.get('upload-length')).toBe(String(video.length))

    const rest = await patch(cookie, location, half, video.subarray(half))
    expect(rest.status).toBe(200)
    const { media } = (await rest.json()) as { media: { id: string; kind: string; mime: string; size: number; url: string; published: boolean } }
    expect(media).toMatchObject({ kind: 'video', mime: 'video/mp4', size: video.length, published: false })
    url = media.url
    expect(url).toBe(`/files/${media.id}/${encodeURIComponent('Ерте белгілер.mp4')}`)

    const row = await db
      .selectFrom('media_uploads')
      .select(['media_id', 'error', 'user_id'])
      .where('id', '=', location.split('/').pop()!)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ media_id: media.id, error: null, user_id: editor.id })
    expect(incomingFiles()).toEqual([])
    expect(fs.readdirSync(path.join(uploadsDir, 'files'))).toHaveLength(1)

    const page = await fetch(`${server.url}/author/${course}/media`, { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Ерте белгілер.mp4')
    expect(html).toContain(url)
  })

  test('is served with byte ranges, as a player seeks', async () => {
    const cookie = await login(editor)
    const res = await fetch(server.url + url, { headers: { Cookie: cookie, Range: 'bytes=0-99' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${video.length}`)
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('x-content-type-options')).toMatch(/nosniff/)
    expect(res.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('Ерте белгілер.mp4')}`)
    expect(res.headers.get('cache-control')).toBe('private, no-store, no-transform')
    expect(Buffer.from(await res.arrayBuffer()).equals(video.subarray(0, 100))).toBe(true)

    const whole = await fetch(server.url + url, { method: 'HEAD', headers: { Cookie: cookie } })
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-length')).toBe(String(video.length))
    const etag = whole.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    expect((await fetch(server.url + url, { headers: { Cookie: cookie, 'If-None-Match': etag } })).status).toBe(304)
  })

  test('is finished: tus answers no more about it', async () => {
    expect((await head(await login(editor), location)).status).toBe(404)
  })

  test('while unpublished, is not found for anyone but the course’s authors', async () => {
    expect((await fetch(server.url + url)).status).toBe(404)
    expect((await fetch(server.url + url, { headers: { Cookie: await login(teacher) } })).status).toBe(404)
    expect((await fetch(server.url + url, { headers: { Cookie: await login(otherEditor) } })).status).toBe(200)
    const [, , id] = url.split('/')
    expect((await fetch(`${server.url}/files/${id}/other-name.mp4`, { headers: { Cookie: await login(editor) } })).status).toBe(404)
    expect((await fetch(`${server.url}/files/aaaaaaaaaaaaaaaa/x.mp4`, { headers: { Cookie: await login(editor) } })).status).toBe(404)
  })

  test('once a published version uses it, is public and may be cached', async () => {
    expect(await markMediaPublished(db, course, [url])).toBe(1)
    const res = await fetch(server.url + url, { headers: { Range: 'bytes=100-199' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400, no-transform')
    expect(Buffer.from(await res.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true)
    expect((await fetch(server.url + url)).headers.get('cache-control')).toBe('public, max-age=86400')
  })
})

describe('who may upload', () => {
  test('a teacher, who does not author the course, is refused at creation with 403 in Kazakh', async () => {
    const res = await create(await login(teacher), 'lecture.mp4', video.length)
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: 'Бұл курсқа файл жүктеуге құқығыңыз жоқ.', code: 'media.error.course' })
  })

  test('no one who is not logged in may upload', async () => {
    const res = await create(null, 'lecture.mp4', video.length)
    expect(res.status).toBe(401)
  })

  test('an author of one course may not upload to another', async () => {
    const other = await createTestCourse(db)
    expect((await create(await login(editor), 'lecture.mp4', video.length, other.slug)).status).toBe(403)
  })

  test('another author of the same course can neither look at nor continue someone else’s upload', async () => {
    const owner = await login(editor)
    const created = await create(owner, 'mine.mp4', video.length)
    const location = created.headers.get('location')!
    expect((await patch(owner, location, 0, video.subarray(0, 1000))).status).toBe(204)

    const intruder = await login(otherEditor)
    const peek = await head(intruder, location)
    expect(peek.status).toBe(404)
    expect(peek.headers.get('upload-offset')).toBeNull()
    const push = await patch(intruder, location, 1000, video.subarray(1000, 2000))
    expect(push.status).toBe(404)
    // In the intruder's language: their account reads Russian.
    expect(await push.json()).toEqual({ error: 'Такой загрузки нет, или она принадлежит другому человеку.', code: 'media.error.uploadNotFound' })
    const cancel = await fetch(server.url + location, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0', Origin: server.url, Cookie: intruder } })
    expect(cancel.status).toBe(404)

    expect((await head(owner, location)).headers.get('upload-offset')).toBe('1000')
  })

  test('a cross-site request is refused before tus sees it', async () => {
    const res = await fetch(`${server.url}/uploads/tus`, {
      method: 'POST',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', Origin: 'https://evil.example', Cookie: await login(editor) },
    })
    expect(res.status).toBe(403)
  })
})

describe('refused uploads', () => {
  test('a PDF renamed .mp4 is refused at the end with 422, and neither the library nor the disk keeps it', async () => {
    const before = await mediaCount()
    const cookie = await login(editor)
    const created = await create(cookie, 'renamed.mp4', pdf.length)
    const location = created.headers.get('location')!
    const id = location.split('/').pop()!
    const res = await patch(cookie, location, 0, pdf)
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ error: 'Файл .mp4 деп аталған, бірақ ішіндегісі бейне емес, PDF құжаты.', code: 'media.error.mismatch' })
    expect(await mediaCount()).toBe(before)
    expect(incomingFiles()).not.toContain(id)
    expect(fs.existsSync(path.join(uploadsDir, 'incoming', `${id}.json`))).toBe(false)
    const row = await db.selectFrom('media_uploads').select(['error', 'media_id']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ error: 'media.error.mismatch', media_id: null })
    expect((await head(cookie, location)).status).toBe(404)
  })

  test.each([
    ['an image', 'big-poster.png', MEDIA_LIMITS.image + 1, 'Файл тым үлкен: 10 МБ. «Сурет» түріндегі файл 10 МБ аспауы керек.'],
    ['a PDF', 'big-handout.pdf', MEDIA_LIMITS.pdf + 1, 'Файл тым үлкен: 50 МБ. «PDF құжаты» түріндегі файл 50 МБ аспауы керек.'],
    ['a video', 'big-lecture.mp4', MEDIA_LIMITS.video + 1, 'Файл тым үлкен: 2 ГБ аспауы керек.'],
  ])('%s declared over its limit is refused with 413 before a byte is sent', async (_kind, name, size, message) => {
    const res = await create(await login(editor), name, size)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toBe(message)
    expect(await db.selectFrom('media_uploads').select('id').where('name', '=', name).execute()).toEqual([])
  })

  test.each(['../../etc/passwd', '..\\..\\lecture.mp4', 'lessons/lecture.mp4'])('the name %j is refused with 400 and nothing is created', async (name) => {
    const res = await create(await login(editor), name, 100)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('Файл атауы жолға ұқсайды')
    expect(await db.selectFrom('media_uploads').select('id').where('name', '=', name).execute()).toEqual([])
  })
})

describe('the plain form, without JavaScript', () => {
  function post(cookie: string, name: string, bytes: Buffer) {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(bytes)]), name)
    return fetch(`${server.url}/author/${course}/media`, { method: 'POST', headers: { Origin: server.url, Cookie: cookie }, body: form })
  }

  test('uploads a file through the same checks', async () => {
    const cookie = await login(editor)
    const before = await mediaCount()
    const ok = await post(cookie, 'still.png', png)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('«still.png» кітапханаға қосылды.')
    expect(await mediaCount()).toBe(before + 1)

    const renamed = await post(cookie, 'lecture.mp4', pdf)
    expect(renamed.status).toBe(422)
    expect(await renamed.text()).toContain('Файл .mp4 деп аталған, бірақ ішіндегісі бейне емес, PDF құжаты.')
    // Remix keeps only the last segment of a part's file name: "passwd", which has no extension we take.
    const traversal = await post(cookie, '../../etc/passwd', png)
    expect(traversal.status).toBe(422)
    expect(await traversal.text()).toContain('Мұндай файлды жүктеуге болмайды.')
    expect(await mediaCount()).toBe(before + 1)
    expect(incomingFiles().filter((f) => f.startsWith('form-'))).toEqual([])
  })

  test('is refused to a teacher', async () => {
    expect((await post(await login(teacher), 'still.png', png)).status).toBe(403)
    expect((await fetch(`${server.url}/author/${course}/media`, { headers: { Cookie: await login(teacher) } })).status).toBe(403)
  })
})

test('no refusal was logged as a server error', () => {
  expect(server.output()).not.toMatch(/Upload failed|ErrorResponse|Unexpected Server Error/)
})
