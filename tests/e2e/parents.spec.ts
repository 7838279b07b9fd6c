import type { Page } from '@playwright/test'
import { localIsoDate } from '#app/i18n/format.ts'
import { recordSession } from '#app/modules/parents/sessions.server.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { testWork } from '#tests/setup/work.ts'

// Parents on a 360 px phone: the public lesson series, a lesson, and a
// session's check-in page as its QR code opens it, checking in without a name
// and answering the optional feedback.

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true })

const SERIES = 'family-support'

async function expectAccessibleAtPhoneWidth(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0)
}

test('anyone reads the parent lessons; a logged-in parent marks one read', async ({ page, db, makeUser, login }) => {
  await page.goto('/parents')
  await expect(page.getByRole('heading', { level: 1, name: 'Ата-аналарға арналған сабақтар' })).toBeVisible()
  await expectAccessibleAtPhoneWidth(page)
  await page.getByRole('link', { name: 'Балаңызды тыңдай білу' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Балаңызды тыңдай білу' })).toBeVisible()
  await expect(page.getByText('Бала қуанышын да, мұңын да ең алдымен жақын адамына айтқысы келеді.')).toBeVisible()
  await expectAccessibleAtPhoneWidth(page)
  await page.getByRole('link', { name: /Келесі сабақ/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Сезімді атап, оны басқаруға көмектесу' })).toBeVisible()

  const parent = await makeUser({ roles: ['parent'] })
  try {
    await login(page, parent)
    await page.goto(`/parents/${SERIES}/lessons/emotions`)
    await page.getByRole('button', { name: 'Оқыдым деп белгілеу' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Бұл сабақты оқығаныңыз белгіленді.' })).toBeVisible()
    await page.getByRole('link', { name: 'Барлық сабақтар' }).click()
    await expect(page.getByText('4 сабақтың 1 оқылды')).toBeVisible()
  } finally {
    // The user fixture removes the account; what it read goes first.
    await db.deleteFrom('parent_lesson_reads').where('user_id', '=', parent.id).execute()
  }
})

test('a parent opens the QR link on a phone, checks in without a name and answers the feedback', async ({ page, db }) => {
  const recorded = await recordSession(testWork(db, { actorId: null }), {
    schoolId: 'sch-kz75-1',
    session: { courseId: SERIES, lessonKey: 'lessons/listening', heldOn: localIsoDate(now()), facilitator: 'Айгүл Серікова', headCount: 25, notes: null },
    source: 'form',
  })
  if (!recorded.ok) throw new Error(JSON.stringify(recorded.error.fieldErrors))
  const responsesBefore = (await db.selectFrom('survey_responses').select('id').where('survey_id', '=', 'parent-feedback').execute()).map((r) => r.id)

  await page.goto(`/c/${recorded.value.code}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Сабаққа тіркелу' })).toBeVisible()
  await expect(page.getByText('Балаңызды тыңдай білу')).toBeVisible()
  await expect(page.getByLabel('Аты-жөніңіз (міндетті емес)')).toHaveValue('')
  await expect(page.getByLabel('Телефон нөміріңіз (міндетті емес)')).toHaveValue('')
  await expectAccessibleAtPhoneWidth(page)

  await page.getByRole('button', { name: 'Мен осындамын' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Рақмет! Сіз тіркелдіңіз' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Сабақ туралы пікіріңіз' })).toBeVisible()
  await expectAccessibleAtPhoneWidth(page)
  const checkins = await db.selectFrom('parent_checkins').select(['user_id', 'name', 'phone']).where('session_id', '=', recorded.value.sessionId).execute()
  expect(checkins).toEqual([{ user_id: null, name: null, phone: null }])

  await page.getByRole('radio', { name: '4 — Келісемін' }).check()
  await page.getByLabel(/Келесі жолы не туралы сөйлескіңіз келеді\?/).fill('Жасөспірімдермен қалай сөйлесу керек')
  await page.getByRole('button', { name: 'Жіберу' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Пікіріңізге рақмет!' })).toBeVisible()

  const responses = await db
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', 'parent-feedback')
    .where('id', 'not in', responsesBefore.length ? responsesBefore : [''])
    .execute()
  expect(responses).toHaveLength(1)
  expect(responses[0]).toMatchObject({ user_id: null, enrolment_id: null, course_id: SERIES, region_code: 'KZ-75' })
  const answers = await db
    .selectFrom('survey_answers')
    .select(['item_id', 'value_num', 'value_text'])
    .where('response_id', '=', responses[0]!.id)
    .orderBy('item_id')
    .execute()
  expect(answers).toEqual([
    { item_id: 'next-topic', value_num: null, value_text: 'Жасөспірімдермен қалай сөйлесу керек' },
    { item_id: 'useful', value_num: 4, value_text: null },
  ])
})

test('an unknown code on a phone: a 404 page with the code form, which finds the session when typed right', async ({ page, db }) => {
  const recorded = await recordSession(testWork(db, { actorId: null }), {
    schoolId: 'sch-kz75-2',
    session: { courseId: SERIES, lessonKey: 'lessons/screens', heldOn: localIsoDate(now()), facilitator: 'Данияр Ахметов', headCount: 5, notes: null },
    source: 'form',
  })
  if (!recorded.ok) throw new Error(JSON.stringify(recorded.error.fieldErrors))
  const response = await page.goto('/c/ZZZZZZ')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('alert')).toHaveText('Мұндай кодпен сабақ табылмады. Кодты тексеріңіз.')
  await expectAccessibleAtPhoneWidth(page)
  const typed = `${recorded.value.code.slice(0, 3).toLowerCase()} ${recorded.value.code.slice(3).toLowerCase()}`
  await page.getByLabel('Сабақ коды').fill(typed)
  await page.getByRole('button', { name: 'Жалғастыру' }).click()
  await expect(page).toHaveURL(new RegExp(`/c/${recorded.value.code}$`))
  await expect(page.getByText('Экран, әлеуметтік желі және интернеттегі қауіпсіздік')).toBeVisible()
})
