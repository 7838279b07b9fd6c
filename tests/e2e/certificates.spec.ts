import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { expect, test } from './fixtures.ts'
import { testWork } from '#tests/setup/work.ts'

test('a teacher downloads the certificate; its QR opens the public page, which says valid, then revoked', async ({ page, db, makeUser, login }) => {
  // Two downloads read back with poppler and zbar.
  test.slow()
  const teacher = await makeUser({ roles: ['teacher'] })
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: course.current_version_id! })
  const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!enrolled.ok) throw new Error(enrolled.error)
  const enrolment = { id: enrolled.enrolmentId, course_version_id: course.current_version_id! }
  await studyLesson(db, enrolment, 'start', 'welcome')
  await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', { q1: ['b'], q2: ['a', 'b'] })
  await submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', { q1: ['b'], q2: ['a'] })

  await login(page, teacher)
  await page.getByRole('link', { name: 'Сертификаттарым' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Қысқа сынақ курсы' })).toBeVisible()
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'PDF жүктеп алу' }).click()
  const download = await downloading
  const dir = fs.mkdtempSync(path.join('tests/.tmp', 'cert-e2e-'))
  const pdf = path.join(dir, download.suggestedFilename())
  await download.saveAs(pdf)
  expect(download.suggestedFilename()).toMatch(/^ORK-\d{4}-\d{6}\.pdf$/)

  // Read it back with real tools: the text, then the QR code from a rendering.
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
  expect(text).toContain(teacher.fullName)
  expect(text).toContain('СЕРТИФИКАТ')
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, path.join(dir, 'page')])
  const qr = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'page.png')], { encoding: 'utf8' }).trim()
  // The address alone: the signed token stays in the PDF's metadata.
  expect(qr).toMatch(/^http:\/\/localhost:\d+\/verify\/[A-Z2-7]{16}$/)

  await page.goto(new URL(qr).pathname + new URL(qr).search)
  await expect(page.getByRole('status')).toContainText('Жарамды')
  await expect(page.locator('main').getByText(teacher.fullName)).toBeVisible()
  await expect(page.getByText(teacher.iin)).toHaveCount(0)

  const cert = await db.selectFrom('certificates').select('id').where('user_id', '=', teacher.id).executeTakeFirstOrThrow()
  await revokeCertificate(testWork(db, { actorId: teacher.id }), cert.id, 'Сынақ')
  await page.reload()
  await expect(page.getByRole('status')).toContainText('Күші жойылған')

  // The holder's next download is marked revoked, in Kazakh and Russian.
  await page.goto('/certificates')
  const again = page.waitForEvent('download')
  await page.getByRole('link', { name: 'PDF жүктеп алу' }).click()
  const revokedPdf = path.join(dir, 'revoked.pdf')
  await (await again).saveAs(revokedPdf)
  const revokedText = execFileSync('pdftotext', ['-enc', 'UTF-8', revokedPdf, '-'], { encoding: 'utf8' })
  expect(revokedText).toContain('КҮШІ ЖОЙЫЛҒАН —')
  expect(revokedText).toContain('ОТОЗВАН —')
  await page.goto(new URL(qr).pathname)

  // Logged out, the page is just as public.
  await page.context().clearCookies()
  await page.reload()
  await expect(page.getByRole('status')).toContainText('Күші жойылған')
  await db.deleteFrom('certificates').where('user_id', '=', teacher.id).execute()
})
