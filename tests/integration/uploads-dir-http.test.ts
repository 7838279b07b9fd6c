import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { sessionLogin, startServer } from '#tests/setup/server.ts'

// UPLOADS_DIR is checked at start-up (security review, finding 11): a path that
// is not a usable directory stops the server with one clear line naming the
// variable, instead of a stack trace from deep inside the upload store.

const dir = fs.mkdtempSync(path.join(TMP_DIR, 'uploads-dir-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The server's start-up output when it refuses to start; fails the test (and stops it) when it starts. */
async function refusal(env: Record<string, string>): Promise<string> {
  return startServer(env).then(
    async (server) => {
      await server.stop()
      return 'the server started'
    },
    (error: Error) => error.message,
  )
}

describe('UPLOADS_DIR at start-up', () => {
  test('a path that is a file: the server does not start, and says so in one line naming UPLOADS_DIR', async () => {
    const file = path.join(dir, 'a-file')
    fs.writeFileSync(file, 'not a directory')
    const output = await refusal({ UPLOADS_DIR: file })
    expect(output).toMatch(/^Server exited early:/)
    expect(output).toContain(`UPLOADS_DIR (${file}) is not a directory`)
    expect(output).not.toMatch(/\n\s+at /)
  })

  test('a directory that does not exist yet is created, and the server serves', async () => {
    const missing = path.join(dir, 'not-yet', 'uploads')
    const server = await startServer({ UPLOADS_DIR: missing })
    try {
      expect(fs.statSync(missing).isDirectory()).toBe(true)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.stop()
    }
  })
})

describe('the upload store failing while the server runs', () => {
  test('a plain-form upload gets a translated message, not a bare 500, and the failure is logged', async () => {
    const uploads = path.join(dir, 'gone-later')
    const server = await startServer({ UPLOADS_DIR: uploads })
    const db = openDatabase(server.dbFile)
    try {
      const course = (await createTestCourse(db)).slug
      const editor = await createUser(db, { roles: ['trainer'], locale: 'kk' })
      await addCourseEditor(db, course, editor.id, null)
      const cookie = await sessionLogin(() => server)(editor)
      // Running as root makes chmod no obstacle: the directory is replaced by a file instead.
      fs.rmSync(uploads, { recursive: true, force: true })
      fs.writeFileSync(uploads, 'the store is gone')
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4 a small document'))]), 'notes.pdf')
      const res = await fetch(`${server.url}/author/${course}/media`, { method: 'POST', headers: { Origin: server.url, Cookie: cookie }, body: form })
      expect(res.status).toBe(500)
      const page = await res.text()
      expect(page).toContain('Файлды сақтау мүмкін болмады. Қайталап көріңіз.')
      expect(page).not.toContain('ENOTDIR')
      // One JSON line: the message and the error it logs with.
      expect(
        server
          .output()
          .split('\n')
          .find((line) => line.includes('upload store failed')),
      ).toMatch(/ENOTDIR/)
      const media = await db.selectFrom('media_files').select('id').where('course_id', '=', course).execute()
      expect(media).toEqual([])
    } finally {
      await db.destroy()
      await server.stop()
    }
  })
})
