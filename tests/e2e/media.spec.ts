import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { accessibilityViolations, expect, test as base } from './fixtures.ts'
import { cutUploadOnce, MB, paddedVideo } from './upload-helpers.ts'
import type { Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import type { FixtureUser } from '#tests/fixtures/users.ts'

// The media library in a real browser: a 20 MB lecture video goes up through
// Uppy's Dashboard in 5 MB parts, the connection drops halfway, the upload
// resumes where it stopped (not from the start), and the finished file plays.

// The shared page fixture fails a test on any console error but a few HTTP
// statuses. These tests provoke two more on purpose, a dropped connection and
// the server's 422 refusal (which Uppy also logs), so they list what they
// expect; any other console error still fails them.
const test = base.extend<{ expectedErrors: RegExp | null }>({
  expectedErrors: [null, { option: true }],
  page: async ({ context, expectedErrors }, use) => {
    const page = await context.newPage()
    const errors: string[] = []
    const statuses = /Failed to load resource: the server responded with a status of (400|403|404|410|429)/
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !statuses.test(msg.text()) && !expectedErrors?.test(msg.text())) errors.push(msg.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await use(page)
    expect(errors, 'console errors').toEqual([])
  },
})

/** A course the user may author, and a way to remove what the test left behind that refers to them. */
async function authorOfNewCourse(db: Database, user: FixtureUser) {
  const course = await createTestCourse(db)
  await addCourseEditor(db, course.slug, user.id, null)
  return {
    slug: course.slug,
    cleanup: async () => {
      await db.deleteFrom('media_uploads').where('user_id', '=', user.id).execute()
      await db.deleteFrom('media_files').where('uploaded_by', '=', user.id).execute()
      await db.deleteFrom('course_editors').where('user_id', '=', user.id).execute()
    },
  }
}

async function openLibrary(page: Page, slug: string) {
  await page.goto(`/author/${slug}/media`)
  await expect(page.getByRole('heading', { level: 1, name: 'Медиа кітапхана' })).toBeVisible()
  // Uppy takes the plain form's place once it has loaded.
  await expect(page.locator('.uppy-Dashboard')).toBeVisible()
  await expect(page.getByLabel('Файл', { exact: true })).toHaveCount(0)
}

test.describe('a resumable upload', () => {
  test.use({ expectedErrors: /^Failed to load resource: net::ERR_CONNECTION_RESET$/ })

  test('a 20 MB video cut off halfway resumes where it stopped, joins the library and plays', async ({ page, db, makeUser, login }) => {
    test.slow()
    const author = await makeUser({ roles: ['trainer'] })
    const course = await authorOfNewCourse(db, author)
    try {
      // The network drops once, on the first part sent at or past 10 MB.
      const requests = await cutUploadOnce(page, 10 * MB)

      await login(page, author)
      await openLibrary(page, course.slug)
      await expect(page.getByText('Кітапханада әлі файл жоқ.')).toBeVisible()

      await page
        .locator('.uppy-Dashboard-input')
        .first()
        .setInputFiles({ name: 'Ерте белгілер.mp4', mimeType: 'video/mp4', buffer: paddedVideo(20 * MB) })
      await expect(page.getByRole('status').filter({ hasText: '«Ерте белгілер.mp4» кітапханаға қосылды.' })).toBeVisible({ timeout: 60_000 })

      const cutAt = requests.findIndex((r) => r.aborted)
      expect(cutAt, JSON.stringify(requests)).toBeGreaterThan(0)
      const aborted = requests[cutAt]!
      const resumed = requests.slice(cutAt + 1).find((r) => r.method === 'PATCH')
      // tus asked the server how far it got, then carried on from there, not from 0.
      expect(
        requests.slice(cutAt + 1).some((r) => r.method === 'HEAD'),
        JSON.stringify(requests),
      ).toBe(true)
      expect(resumed?.offset, JSON.stringify(requests)).toBe(aborted.offset)
      expect(resumed!.offset).toBeGreaterThanOrEqual(10 * MB)
      const sent = requests.filter((r) => r.method === 'PATCH' && !r.aborted).map((r) => r.offset)
      expect(sent).toEqual([0, 5 * MB, 10 * MB, 15 * MB])

      // The table shows it (revalidated after the upload, no reload).
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ерте белгілер.mp4' }) })
      await expect(row).toContainText('Бейне')
      await expect(row).toContainText('20 МБ')
      await expect(row).toContainText('Жарияланбаған, тек авторларға')
      const url = (await row.locator('code').textContent())!
      expect(url).toMatch(/^\/files\/[a-z0-9]+\/.+\.mp4$/)
      const stored = await db.selectFrom('media_files').select(['size', 'kind']).where('uploaded_by', '=', author.id).execute()
      expect(stored).toEqual([{ size: 20 * MB, kind: 'video' }])

      // The library serves it with byte ranges, and Chromium plays it.
      const partial = page.waitForResponse((res) => res.url().endsWith(url) && res.status() === 206)
      const playback = await page.evaluate(async (src) => {
        const video = document.createElement('video')
        video.muted = true
        video.src = src
        document.body.append(video)
        await video.play()
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no progress at ${video.currentTime}`)), 10_000)
          video.addEventListener('timeupdate', () => {
            if (video.currentTime > 0) {
              clearTimeout(timer)
              resolve()
            }
          })
        })
        return { currentTime: video.currentTime, duration: video.duration }
      }, url)
      expect(playback.currentTime).toBeGreaterThan(0)
      expect(playback.duration).toBeGreaterThan(20)
      expect((await partial).headers()['content-range']).toMatch(new RegExp(`^bytes \\d+-\\d+/${20 * MB}$`))
    } finally {
      await course.cleanup()
    }
  })
})

test.describe('on a 360-pixel phone', () => {
  test.use({
    viewport: { width: 360, height: 740 },
    expectedErrors: /the server responded with a status of 422|^\[Uppy\] .*response code: 422, response text: \{"error":"Файл \.mp4 деп аталған/,
  })

  test('the library with its uploader is accessible, and a file the server refuses is explained', async ({ page, db, makeUser, login }) => {
    const author = await makeUser({ roles: ['trainer'] })
    const course = await authorOfNewCourse(db, author)
    try {
      await login(page, author)
      await openLibrary(page, course.slug)
      expect(await accessibilityViolations(page)).toEqual([])
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0)

      // A PDF renamed .mp4 passes Uppy (it goes by the name) and is refused by the server, which reads the content.
      const pdf = fs.readFileSync(path.resolve('content/media/child-wellbeing/observation-sheet.pdf'))
      await page.locator('.uppy-Dashboard-input').first().setInputFiles({ name: 'дәріс.mp4', mimeType: 'video/mp4', buffer: pdf })
      await expect(
        page.getByRole('status').filter({ hasText: '«дәріс.mp4» қабылданбады. Файл .mp4 деп аталған, бірақ ішіндегісі бейне емес, PDF құжаты.' }),
      ).toBeVisible()
      await expect(page.getByText('Кітапханада әлі файл жоқ.')).toBeVisible()
      expect(await db.selectFrom('media_files').select('id').where('uploaded_by', '=', author.id).execute()).toEqual([])
    } finally {
      await course.cleanup()
    }
  })
})
