import fs from 'node:fs'
import type { Browser, Page } from '@playwright/test'
import { accessibilityViolations, expect, test as base } from './fixtures.ts'
import { cutUploadOnce, MB, paddedVideo } from './upload-helpers.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import type { FixtureUser } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'

// The authoring story, end to end in Chromium: a trainer edits
// a lesson of the bilingual fixture course 'authoring-demo', watches the live
// preview, makes an error and sees its line, fixes it, puts a lecture video
// (uploaded through Uppy, cut off halfway and resumed) into the lesson, and
// publishes. A teacher in a cohort opened afterwards reads the new text and
// plays the video; a teacher in the cohort that was already running still
// reads the old text.

const COURSE = 'authoring-demo'

// A dropped connection is provoked on purpose; any other console error fails the test.
const test = base.extend({
  page: async ({ context }, use) => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of (400|403|404|409)|net::ERR_CONNECTION_RESET/.test(msg.text())) errors.push(msg.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await use(page)
    expect(errors, 'console errors').toEqual([])
  },
})

async function lessonAs(browser: Browser, user: FixtureUser, login: (page: Page, user: FixtureUser) => Promise<void>) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await login(page, user)
  await page.goto(`/learn/${COURSE}/basics/welcome`)
  return { page, close: () => context.close() }
}

test('a trainer edits with a live preview, fixes an error by its line, adds an uploaded video and publishes; running cohorts keep their version', async ({
  page,
  browser,
  db,
  makeUser,
  login,
}) => {
  // The whole authoring round with an upload and a video's playback: 1.5 min on two busy cores.
  test.setTimeout(180_000)
  const trainer = await makeUser({ roles: ['trainer'] })
  await addCourseEditor(db, COURSE, trainer.id, null)
  const firstVersion = (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id!
  const oldCohort = await createTestCohort(db, { slug: COURSE, versionId: firstVersion })
  const oldTeacher = await makeUser({ roles: ['teacher'] })
  expect((await enrol(testWork(db), { userId: oldTeacher.id, cohortId: oldCohort, source: 'admin', today: '2026-06-01' })).ok).toBe(true)

  await login(page, trainer)

  // 1. The lecture video (20 MB) and its captions go into the course's library; the video's upload is cut off at 10 MB and resumes there.
  const requests = await cutUploadOnce(page, 10 * MB)
  await page.goto(`/author/${COURSE}/media`)
  await expect(page.locator('.uppy-Dashboard')).toBeVisible()
  await page
    .locator('.uppy-Dashboard-input')
    .first()
    .setInputFiles({ name: 'kiris.mp4', mimeType: 'video/mp4', buffer: paddedVideo(20 * MB) })
  await expect(page.getByRole('status').filter({ hasText: '«kiris.mp4»' })).toBeVisible({ timeout: 60_000 })
  const cut = requests.findIndex((r) => r.aborted)
  expect(cut, JSON.stringify(requests)).toBeGreaterThan(0)
  expect(requests.slice(cut + 1).find((r) => r.method === 'PATCH')?.offset).toBe(requests[cut]!.offset)
  await page.reload()
  await page
    .locator('.uppy-Dashboard-input')
    .first()
    .setInputFiles({ name: 'kiris.kk.vtt', mimeType: 'text/vtt', buffer: fs.readFileSync('content/media/child-wellbeing/early-signs.kk.vtt') })
  await expect(page.getByRole('status').filter({ hasText: '«kiris.kk.vtt»' })).toBeVisible({ timeout: 20_000 })
  const media = await db
    .selectFrom('media_files')
    .select(['id', 'name', 'kind'])
    .where('course_id', '=', COURSE)
    .where('uploaded_by', '=', trainer.id)
    .orderBy('created_at')
    .execute()
  expect(media.map((m) => m.kind)).toEqual(['video', 'captions'])
  const videoUrl = `/files/${media[0]!.id}/kiris.mp4`
  const captionsUrl = `/files/${media[1]!.id}/kiris.kk.vtt`

  // 2. The editor: the preview shows the lesson as published.
  await page.goto(`/author/${COURSE}/lessons/basics/welcome`)
  const source = page.getByLabel('MDX мәтіні (қазақша)')
  const preview = page.getByRole('region', { name: 'Алдын ала қарау (қазақша)' })
  await expect(preview).toContainText('Бұл сабақ баланың қауіпсіздік сезімі туралы.')
  const original = await source.inputValue()
  const edited = original.replace('Бұл сабақ', 'Жаңартылған сабақ')
  await source.fill(edited)
  await expect(preview).toContainText('Жаңартылған сабақ баланың қауіпсіздік сезімі туралы.')

  // 3. An unclosed component: the problem names its line; choosing it puts the caret there.
  await source.fill(`${edited}\n<Callout type="tip">\nжабылмаған блок\n`)
  const problem = page.getByRole('button', { name: /^\d+-жол, \d+-баған:/ }).first()
  await expect(problem).toBeVisible()
  const line = Number(/^(\d+)-жол/.exec((await problem.textContent())!)![1])
  expect(line).toBeGreaterThan(edited.split('\n').length - 1)
  await problem.click()
  await expect(source).toBeFocused()
  await expect(page.getByText(new RegExp(`Курсор: ${line}-жол`))).toBeVisible()
  await expect(preview).toContainText('Жаңартылған сабақ') // the last good preview stays, marked out of date

  // 4. Fixed; the video goes in through the palette at the end of the text.
  await source.fill(edited)
  await expect(problem).toBeHidden()
  await source.press('Control+End')
  await page.getByRole('button', { name: 'Бейне', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Бейненің мекенжайы').fill(videoUrl)
  await dialog.getByLabel('Бейненің атауы').fill('Кіріспе дәріс')
  await dialog.getByLabel('Субтитр файлы (WebVTT)').fill(captionsUrl)
  await dialog.getByRole('button', { name: 'Қосу', exact: true }).click()
  await expect(source).toHaveValue(/<Video src="\/files\/[a-z0-9]+\/kiris\.mp4"/)
  await expect(preview.locator('video source')).toHaveAttribute('src', videoUrl)
  await page.getByRole('button', { name: 'Жобаға сақтау' }).click()
  await expect(page.getByText('Жобаға сақталды.')).toBeVisible()

  // 5. Publishing: kk changed after ru, so the parity warning asks for a confirmation.
  await page.goto(`/author/${COURSE}`)
  await expect(page.getByRole('region', { name: 'Тілдер сәйкестігі' })).toContainText('basics/welcome')
  await page.getByLabel('Өзгерістер туралы жазба').fill('Кіріспе жаңартылды, дәріс бейнесі қосылды')
  await page.getByRole('button', { name: 'Жаңа нұсқаны жариялау' }).click()
  await expect(page.getByRole('alert')).toContainText('Тілдер сәйкес емес')
  await page.getByLabel('Өзгерістер туралы жазба').fill('Кіріспе жаңартылды, дәріс бейнесі қосылды')
  await page.getByLabel(/соған қарамастан жариялаймын/).check()
  await page.getByRole('button', { name: 'Жаңа нұсқаны жариялау' }).click()
  await expect(page.getByText('Жаңа нұсқа жарияланды.')).toBeVisible()
  const newVersion = (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id!
  expect(newVersion).not.toBe(firstVersion)

  // 6. A teacher in a cohort opened now reads the new text and plays the video.
  const newCohort = await createTestCohort(db, { slug: COURSE, versionId: newVersion })
  const newTeacher = await makeUser({ roles: ['teacher'] })
  expect((await enrol(testWork(db), { userId: newTeacher.id, cohortId: newCohort, source: 'admin', today: '2026-06-01' })).ok).toBe(true)
  const fresh = await lessonAs(browser, newTeacher, login)
  try {
    await expect(fresh.page.getByRole('main')).toContainText('Жаңартылған сабақ баланың қауіпсіздік сезімі туралы.')
    const playedTo = await fresh.page.locator('figure.video video').evaluate(async (video: HTMLVideoElement) => {
      video.muted = true
      await video.play()
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no progress at ${video.currentTime}`)), 15_000)
        video.addEventListener('timeupdate', () => {
          if (video.currentTime > 0) {
            clearTimeout(timer)
            resolve()
          }
        })
      })
      return video.currentTime
    })
    expect(playedTo).toBeGreaterThan(0)
  } finally {
    await fresh.close()
  }

  // 7. The teacher in the running cohort still reads the version it is pinned to.
  const running = await lessonAs(browser, oldTeacher, login)
  try {
    await expect(running.page.getByRole('main')).toContainText('Бұл сабақ баланың қауіпсіздік сезімі туралы.')
    await expect(running.page.getByRole('main')).not.toContainText('Жаңартылған сабақ')
    await expect(running.page.locator('figure.video')).toHaveCount(0)
  } finally {
    await running.close()
  }
})

test.describe('on a 360-pixel phone', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  test('the course page, the editor and the history are accessible and do not scroll sideways', async ({ page, db, makeUser, login }) => {
    // Four pages, each with an axe run (the editor's page carries the course plan now): more than 30 s on two busy cores.
    test.slow()
    const trainer = await makeUser({ roles: ['trainer'] })
    await addCourseEditor(db, 'e2e-short', trainer.id, null)
    await login(page, trainer)
    for (const path of [
      '/author',
      '/author/e2e-short',
      '/author/e2e-short/lessons/basics/practice',
      '/author/e2e-short/settings',
      '/author/e2e-short/history',
    ]) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      expect(await accessibilityViolations(page), path).toEqual([])
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360)
    }
    // The palette's dialog is reachable by keyboard and gives focus back when closed.
    await page.goto('/author/e2e-short/lessons/basics/practice')
    const callout = page.getByRole('button', { name: 'Ескерту блогы' })
    await callout.focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('dialog')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()
    await expect(callout).toBeFocused()
  })
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the editor previews and saves with plain form posts', async ({ page, db, makeUser, login }) => {
    const trainer = await makeUser({ roles: ['trainer'] })
    await addCourseEditor(db, 'e2e-short', trainer.id, null)
    await login(page, trainer)
    await page.goto('/author/e2e-short/lessons/start/welcome')
    const source = page.getByLabel('MDX мәтіні (қазақша)')
    const original = await source.inputValue()
    await source.fill(`${original}\n<Evil />\n`)
    await page.getByRole('button', { name: 'Сақтамай қарау' }).click()
    await expect(page.getByRole('button', { name: /^\d+-жол, \d+-баған:.*Evil/ })).toBeVisible()
    await expect(page.getByLabel('MDX мәтіні (қазақша)')).toHaveValue(/<Evil \/>/)
    await page.getByLabel('MDX мәтіні (қазақша)').fill(`${original}\nҚолмен қосылған жол.\n`)
    await page.getByRole('button', { name: 'Жобаға сақтау' }).click()
    await expect(page.getByText('Жобаға сақталды.')).toBeVisible()
    await expect(page.getByRole('region', { name: /Алдын ала қарау/ })).toContainText('Қолмен қосылған жол.')
    const draft = await db
      .selectFrom('draft_files')
      .select('text')
      .where('course_id', '=', 'e2e-short')
      .where('path', '=', 'kk/00-start/01-welcome.mdx')
      .executeTakeFirstOrThrow()
    expect(draft.text).toContain('Қолмен қосылған жол.')
    await db.deleteFrom('draft_files').where('course_id', '=', 'e2e-short').execute()
  })
})
