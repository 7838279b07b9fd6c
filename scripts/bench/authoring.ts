// npm run bench:authoring — what an author waits for, on the built server with
// a fresh database: the live preview of a lesson (a new draft each time, and the
// same draft again), saving and publishing a new course version, a 200 MB video
// sent with tus in 5 MB parts over loopback, and 1 MB byte ranges of it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDatabase } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3198)
const COURSE = 'bullying-prevention'
const LESSON = 'kk/01-understanding/02-roles-and-causes.mdx'
const MB = 1024 * 1024
const VIDEO_MB = Number(process.env.BENCH_VIDEO_MB ?? 200)

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-bench-uploads-'))
const server = await startBenchServer(PORT, { UPLOADS_DIR: uploads })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
try {
  const db = openDatabase(server.dbFile)
  await insertFixtureSchools(db)
  const trainer = await createUser(db, { roles: ['trainer'] })
  await addCourseEditor(db, COURSE, trainer.id, null)
  await db.destroy()
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: trainer.email, password: TEST_PASSWORD }),
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const headers = { cookie, Origin: server.url }
  const source = fs.readFileSync(path.join('content/courses', COURSE, LESSON), 'utf8')

  async function preview(text: string): Promise<number> {
    const started = performance.now()
    const response = await fetch(`${server.url}/author/${COURSE}/preview`, { method: 'POST', headers, body: new URLSearchParams({ source: text, lang: 'kk' }) })
    const answer = (await response.json()) as { ok: boolean }
    if (!answer.ok) throw new Error(`preview failed: ${JSON.stringify(answer)}`)
    return performance.now() - started
  }
  const first = await preview(source)
  const fresh: number[] = []
  for (let i = 0; i < 20; i++) fresh.push(await preview(`${source}\nНұсқа ${i}.\n`))
  const same: number[] = []
  for (let i = 0; i < 20; i++) same.push(await preview(source))

  // Save a change and publish it, as the forms do.
  const editor = `${server.url}/author/${COURSE}/lessons/understanding/roles-and-causes`
  const page = await (await fetch(editor, { headers })).text()
  const hashes = Object.fromEntries([...page.matchAll(/name="hash_(kk|ru)"[^>]*? value="([0-9a-f]*)"/g)].map((m) => [m[1], m[2]]))
  const ru = fs.readFileSync(path.join('content/courses', COURSE, LESSON.replace(/^kk/, 'ru')), 'utf8')
  let started = performance.now()
  const saved = await fetch(editor, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams({
      intent: 'save',
      source_kk: `${source}\nЖаңа абзац.\n`,
      source_ru: `${ru}\nНовый абзац.\n`,
      hash_kk: hashes.kk ?? '',
      hash_ru: hashes.ru ?? '',
      inStep: 'yes',
    }),
  })
  const saveMs = performance.now() - started
  if (saved.status !== 302 && saved.status !== 204) throw new Error(`save answered ${saved.status}`)
  started = performance.now()
  const published = await fetch(`${server.url}/author/${COURSE}`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams({ intent: 'publish', note: 'bench' }),
  })
  const publishMs = performance.now() - started
  if (!published.headers.get('location')?.includes('published=')) throw new Error(`publish answered ${published.status}`)

  // A video through tus, 5 MB parts, then byte ranges of it.
  const part = Buffer.alloc(5 * MB, 7)
  const video = fs.readFileSync('content/media/child-wellbeing/early-signs.mp4')
  const size = VIDEO_MB * MB
  const meta = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',')
  started = performance.now()
  const created = await fetch(`${server.url}/uploads/tus`, {
    method: 'POST',
    headers: {
      ...headers,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(size),
      'Upload-Metadata': meta({ course: COURSE, filename: 'lecture.mp4', filetype: 'video/mp4' }),
    },
  })
  if (created.status !== 201) throw new Error(`tus create answered ${created.status}: ${await created.text()}`)
  const location = new URL(created.headers.get('location')!, server.url).href
  let offset = 0
  let finished: Response | null = null
  while (offset < size) {
    const chunk = offset === 0 ? Buffer.concat([video, part.subarray(video.length)]) : part
    const body = chunk.subarray(0, Math.min(chunk.length, size - offset))
    finished = await fetch(location, {
      method: 'PATCH',
      headers: { ...headers, 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
      body,
    })
    if (finished.status !== 204 && finished.status !== 200) throw new Error(`PATCH at ${offset} answered ${finished.status}: ${await finished.text()}`)
    offset += body.length
  }
  const uploadMs = performance.now() - started
  const media = (await finished!.json()) as { media: { url: string } }
  const ranges: number[] = []
  for (let i = 0; i < 50; i++) {
    const start = Math.floor((i / 50) * (size - MB))
    const t = performance.now()
    const r = await fetch(server.url + media.media.url, { headers: { cookie, Range: `bytes=${start}-${start + MB - 1}` } })
    const got = (await r.arrayBuffer()).byteLength
    if (r.status !== 206 || got !== MB) throw new Error(`range answered ${r.status} with ${got} bytes`)
    ranges.push(performance.now() - t)
  }

  console.log(`\nAuthoring, on ${os.cpus().length} cores (server and client on the same machine)`)
  console.log(`preview, first compile of the process   ${fmt(first, 1).padStart(8)} ms`)
  console.log(`preview, a changed draft (median of 20)  ${fmt(median(fresh), 1).padStart(8)} ms`)
  console.log(`preview, the same draft again (median)   ${fmt(median(same), 1).padStart(8)} ms`)
  console.log(`save both languages of a lesson          ${fmt(saveMs, 1).padStart(8)} ms`)
  console.log(`publish a new version (whole check)   ${fmt(publishMs, 1).padStart(8)} ms`)
  console.log(
    `upload ${VIDEO_MB} MB with tus (5 MB parts)     ${fmt(uploadMs / 1000, 2).padStart(8)} s = ${fmt(VIDEO_MB / (uploadMs / 1000), 0)} MB/s (incl. SHA-256 and content check)`,
  )
  console.log(`1 MB byte range of it (median of 50)     ${fmt(median(ranges), 1).padStart(8)} ms`)
} finally {
  await server.stop()
  fs.rmSync(uploads, { recursive: true, force: true })
}
