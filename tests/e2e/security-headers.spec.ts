import type { BrowserContext, Page } from '@playwright/test'
import { localIsoDate } from '#app/i18n/format.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { recordSession } from '#app/modules/parents/sessions.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { expect, test } from './fixtures.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { testWork } from '#tests/setup/work.ts'

// The Content-Security-Policy in a real browser (server/security-headers.ts):
// every main page of each kind of user runs, hydrates and plays its media
// without a single violation, and a user whose name is markup runs nothing.

// A name that would run script, or open a dialog, if any page rendered it as HTML.
const HOSTILE_NAME = `Ержан <img src=x onerror=alert(1)> <script>alert(2)</script> <a href="javascript:alert(3)">x</a>`

interface Violation {
  directive: string
  blocked: string
  url: string
}

/**
 * Collects the page's CSP violations (the `securitypolicyviolation` event and
 * the console's policy messages) and any dialog. Added before the first page
 * of the context opens.
 */
async function watchForViolations(context: BrowserContext, page: Page) {
  const violations: Violation[] = []
  const dialogs: string[] = []
  await context.exposeBinding('__cspViolation', (_source, v: Violation) => void violations.push(v))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __cspViolation: (v: Violation) => void }).__cspViolation
      void report({ directive: e.violatedDirective, blocked: e.blockedURI, url: e.documentURI })
    })
  })
  // Chromium also reports a policy it cannot parse, as a warning only.
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy|Permissions-Policy/.test(msg.text()))
      violations.push({ directive: msg.type(), blocked: msg.text(), url: page.url() })
  })
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return { violations, dialogs }
}

/** Opens each path, waits for it to hydrate, and checks that the policy came with it. */
async function visit(page: Page, paths: string[]) {
  for (const path of paths) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBeLessThan(400)
    expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/)
    await expect(page.getByRole('heading', { level: 1 }).first(), path).toBeVisible()
    await page.waitForLoadState('networkidle')
  }
}

test.describe('no page breaks its Content-Security-Policy', () => {
  test('a teacher: home, catalogue, a lesson with its video played, certificates, surveys, account', async ({ page, context, db, makeUser, login }) => {
    const watch = await watchForViolations(context, page)
    const teacher = await makeUser({ roles: ['teacher'] })
    const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'child-wellbeing').executeTakeFirstOrThrow()
    const cohortId = await createTestCohort(db, { slug: 'child-wellbeing', versionId: course.current_version_id! })
    const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-06-01' })
    if (!enrolled.ok) throw new Error(enrolled.error)
    // The course's lessons open once its diagnostic is answered (course.yml order).
    const key = await db
      .selectFrom('quiz_keys')
      .select('questions')
      .where('course_version_id', '=', course.current_version_id!)
      .where('quiz_id', '=', 'diagnostic')
      .executeTakeFirstOrThrow()
    const answers = Object.fromEntries((JSON.parse(key.questions) as QuizQuestionKey[]).map((q) => [q.id, q.correct]))
    const answered = await submitQuiz(
      testWork(db),
      { id: enrolled.enrolmentId, course_version_id: course.current_version_id! },
      { moduleId: 'diagnostic', lessonId: 'diagnostic' },
      'diagnostic',
      answers,
    )
    expect(answered).toMatchObject({ ok: true })

    const survey = await db.selectFrom('survey_assignments').select('id').where('user_id', '=', teacher.id).executeTakeFirstOrThrow()

    await login(page, teacher)
    await visit(page, ['/', '/courses', '/courses/child-wellbeing', '/certificates', '/surveys', `/surveys/${survey.id}`, '/account', '/support'])
    // The error page too.
    expect((await page.goto('/no-such-page'))?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await visit(page, ['/learn/child-wellbeing/early-signs/signs-of-distress'])
    const video = page.locator('figure.video video')
    await expect(video).toBeVisible()
    const played = await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true
      await v.play()
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no progress')), 10_000)
        v.addEventListener('timeupdate', () => {
          if (v.currentTime > 0) {
            clearTimeout(timer)
            resolve()
          }
        })
      })
      return v.textTracks.length
    })
    expect(played).toBeGreaterThan(0)
    // A client-side navigation after hydration runs under the same policy.
    await page
      .getByRole('link', { name: /Келесі сабақ/ })
      .first()
      .click()
    await page.waitForLoadState('networkidle')

    expect(watch.violations).toEqual([])
    expect(watch.dialogs).toEqual([])
  })

  test('an admin: dashboard, a region, survey report charts, users, a user whose name is markup', async ({ page, context, db, makeUser, login }) => {
    // Fourteen admin pages in one test: near 30 s on two busy cores.
    test.slow()
    const watch = await watchForViolations(context, page)
    const admin = await makeUser({ roles: ['admin'] })
    const hostile = await makeUser({ roles: ['teacher'] })
    await db.updateTable('users').set({ full_name: HOSTILE_NAME }).where('id', '=', hostile.id).execute()

    await login(page, admin)
    await visit(page, [
      '/admin',
      '/admin/dashboard/regions/KZ-75',
      '/admin/surveys',
      '/admin/surveys/course-pre',
      '/admin/cohorts',
      '/admin/certificates',
      '/admin/parents',
      '/admin/parents/centres',
      '/admin/targets',
      '/admin/outbox',
      '/admin/import',
      '/admin/schools',
      '/admin/events',
      '/admin/audit',
      `/admin/users?q=${encodeURIComponent('Ержан')}`,
      `/admin/users/${hostile.id}`,
    ])
    await expect(page.getByText(HOSTILE_NAME).first()).toBeVisible()
    await expect(page.locator('main img[src="x"]')).toHaveCount(0)

    expect(watch.violations).toEqual([])
    expect(watch.dialogs).toEqual([])
  })

  test('a teacher whose name is markup sees it as text in the header and runs nothing', async ({ page, context, db, makeUser, login }) => {
    const watch = await watchForViolations(context, page)
    const teacher = await makeUser({ roles: ['teacher'] })
    await db.updateTable('users').set({ full_name: HOSTILE_NAME }).where('id', '=', teacher.id).execute()
    await login(page, teacher)
    await visit(page, ['/', '/account'])
    await expect(page.locator('.user-name')).toHaveText(HOSTILE_NAME)
    await expect(page.locator('img[src="x"]')).toHaveCount(0)
    expect(watch.dialogs).toEqual([])
    expect(watch.violations).toEqual([])
  })

  test('a trainer: the lesson editor with its live preview and palette, and the media library with Uppy', async ({ page, context, db, makeUser, login }) => {
    const watch = await watchForViolations(context, page)
    const trainer = await makeUser({ roles: ['trainer'] })
    const course = await createTestCourse(db)
    await addCourseEditor(db, course.slug, trainer.id, null)
    await addCourseEditor(db, 'e2e-short', trainer.id, null)
    try {
      await login(page, trainer)
      await visit(page, ['/trainer', '/trainer/support', '/author', '/author/e2e-short', '/author/e2e-short/history', '/author/e2e-short/settings'])

      await visit(page, ['/author/e2e-short/lessons/basics/practice'])
      const source = page.getByLabel('MDX мәтіні (қазақша)')
      const preview = page.getByRole('region', { name: 'Алдын ала қарау (қазақша)' })
      const video = '<Video src="/media/child-wellbeing/early-signs.mp4" captions="/media/child-wellbeing/early-signs.kk.vtt" title="Бейне"/>'
      await source.fill(`${await source.inputValue()}\n\nCSP тексеру жолы.\n\n${video}\n`)
      await expect(preview).toContainText('CSP тексеру жолы.')
      await expect(preview.locator('video source')).toHaveAttribute('src', '/media/child-wellbeing/early-signs.mp4')
      // The palette's dialog opens and closes.
      await page.getByRole('button', { name: 'Ескерту блогы' }).click()
      await expect(page.getByRole('dialog')).toBeVisible()
      await page.keyboard.press('Escape')
      await expect(page.getByRole('dialog')).toBeHidden()

      await visit(page, [`/author/${course.slug}/media`])
      await expect(page.locator('.uppy-Dashboard')).toBeVisible()
      // A PNG, so that the Dashboard draws its thumbnail (a blob: image).
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
      await page.locator('.uppy-Dashboard-input').first().setInputFiles({ name: 'nukte.png', mimeType: 'image/png', buffer: png })
      await expect(page.getByRole('status').filter({ hasText: '«nukte.png»' })).toBeVisible({ timeout: 20_000 })
      await page.waitForLoadState('networkidle')

      expect(watch.violations).toEqual([])
    } finally {
      await db.deleteFrom('media_uploads').where('user_id', '=', trainer.id).execute()
      await db.deleteFrom('media_files').where('uploaded_by', '=', trainer.id).execute()
      await db.deleteFrom('course_editors').where('user_id', '=', trainer.id).execute()
    }
  })

  test('parents and the public: lessons, the check-in page, a centre session with its QR code, certificate verification', async ({
    page,
    context,
    db,
    makeUser,
    login,
  }) => {
    const watch = await watchForViolations(context, page)
    const recorded = await recordSession(testWork(db, { actorId: null }), {
      schoolId: 'sch-kz75-1',
      session: {
        courseId: 'family-support',
        lessonKey: 'lessons/listening',
        heldOn: localIsoDate(now()),
        facilitator: 'CSP Жүргізуші',
        headCount: 12,
        notes: null,
      },
      source: 'form',
    })
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.error.fieldErrors))

    const holder = await makeUser({ roles: ['teacher'] })
    const short = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: short.current_version_id! })
    const enrolled = await enrol(testWork(db), { userId: holder.id, cohortId, source: 'admin', today: '2026-06-01' })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await db
      .updateTable('enrolments')
      .set({ status: 'completed', completed_at: '2026-06-10T08:00:00.000Z', lessons_done: 3 })
      .where('id', '=', enrolled.enrolmentId)
      .execute()
    const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
    if (!issued.ok) throw new Error(issued.error)
    const { code } = await db.selectFrom('certificates').select('code').where('id', '=', issued.certificateId).executeTakeFirstOrThrow()

    try {
      await visit(page, [
        '/parents',
        '/parents/family-support/lessons/listening',
        `/c/${recorded.value.code}`,
        '/verify',
        `/verify/${code}`,
        '/login',
        '/register',
      ])
      // A lesson's handout opens in Chromium's PDF viewer under the same headers.
      expect((await page.goto('/media/child-wellbeing/observation-sheet.pdf'))?.status()).toBe(200)
      await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true)

      const coordinator = await makeUser({ roles: ['coordinator'] })
      await login(page, coordinator)
      // The centre page installs its service worker, under the same policy.
      await visit(page, ['/centre'])
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
      await visit(page, [`/centre/sessions/${recorded.value.sessionId}`])
      await expect(page.locator('.centre-qr svg')).toBeVisible()
      expect(watch.violations).toEqual([])
    } finally {
      await db.deleteFrom('certificates').where('user_id', '=', holder.id).execute()
      await db.updateTable('parent_sessions').set({ recorded_by: null }).where('id', '=', recorded.value.sessionId).execute()
    }
  })
})
