import type { Page } from '@playwright/test'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import type { Database } from '#db/client.server.ts'
import { accessibilityViolations, expect, test } from './fixtures.ts'

// A teacher's phone: the header is one row whose menu button reaches every
// link, with and without JavaScript; a lesson starts on the first screen with
// the course contents closed behind their button.

const phone = { width: 360, height: 740 }
const teacherLinks = ['Басты бет', 'Курстар', 'Ата-аналарға', 'Сертификаттарым', 'Сауалнамалар', 'Курстан кейінгі сүйемелдеу', 'Менің профилім']

const mainMenu = (page: Page) => page.getByRole('navigation', { name: 'Негізгі мәзір' })
// A <summary>: its role is the browser's own (a disclosure button), so it is found by its text.
const menuButton = (page: Page) => page.getByRole('banner').locator('summary', { hasText: 'Мәзір' })

async function expectOneRowHeader(page: Page) {
  const header = await page.getByRole('banner').boundingBox()
  expect(header!.height).toBeLessThan(64)
}

/** A cohort of the short test course that the teacher joins from the course page; returns the first lesson's address. */
async function enrolInShortCourse(page: Page, db: Database): Promise<string> {
  const version = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  const cohortId = newId()
  const title = `Телефон ${cohortId.slice(0, 4)}`
  await db
    .insertInto('cohorts')
    .values({
      id: cohortId,
      course_id: 'e2e-short',
      course_version_id: version.current_version_id!,
      title,
      lang: 'kk',
      starts_on: '2026-01-01',
      ends_on: '2030-12-31',
      trainer_id: null,
      capacity: 5,
      region_code: 'KZ-75',
      status: 'open',
      created_by: null,
      created_at: nowIso(),
    })
    .execute()
  await page.goto('/courses/e2e-short')
  await page.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: 'Осы топқа жазылу' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Қош келдіңіз' })).toBeVisible()
  return new URL(page.url()).pathname
}

test.describe('the menu on a 360-pixel phone, with JavaScript', () => {
  test.use({ viewport: phone })
  // A login and several pages: slow on two busy cores.
  test.slow()

  test('one row; the button opens with Enter, shows every link, closes with Escape and after a link is followed', async ({ page, makeUser, login }) => {
    const teacher = await makeUser({ roles: ['teacher'] })
    await login(page, teacher)
    await page.goto('/certificates')
    await expectOneRowHeader(page)
    const button = menuButton(page)
    // The app has run once the button says whether it is open.
    await expect(button).toHaveAttribute('aria-expanded', 'false')
    await expect(mainMenu(page)).toBeHidden()

    await button.focus()
    await expect(button).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(button).toHaveAttribute('aria-expanded', 'true')
    for (const name of teacherLinks) await expect(mainMenu(page).getByRole('link', { name, exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Шығу' })).toBeVisible()
    await expect(page.getByRole('form', { name: 'Тіл' }).getByRole('button', { name: 'Русский' })).toBeVisible()

    await page.keyboard.press('Escape')
    await expect(button).toHaveAttribute('aria-expanded', 'false')
    await expect(mainMenu(page)).toBeHidden()
    await expect(button).toBeFocused()

    await page.keyboard.press('Enter')
    await mainMenu(page).getByRole('link', { name: 'Сауалнамалар' }).click()
    await expect(page).toHaveURL(/\/surveys$/)
    await expect(mainMenu(page)).toBeHidden()
    await expect(button).toHaveAttribute('aria-expanded', 'false')
    await expectOneRowHeader(page)
  })
})

test.describe('the menu on a 360-pixel phone, without JavaScript', () => {
  test.use({ viewport: phone, javaScriptEnabled: false })
  test.slow()

  test('opens, reaches every link, switches the language and logs out', async ({ page, makeUser, login }) => {
    const teacher = await makeUser({ roles: ['teacher'] })
    await login(page, teacher)
    await page.goto('/certificates')
    await expectOneRowHeader(page)
    await expect(mainMenu(page)).toBeHidden()
    await menuButton(page).click()
    for (const name of teacherLinks) await expect(mainMenu(page).getByRole('link', { name, exact: true })).toBeVisible()

    await mainMenu(page).getByRole('link', { name: 'Курстан кейінгі сүйемелдеу' }).click()
    await expect(page).toHaveURL(/\/support$/)
    await expect(mainMenu(page)).toBeHidden()

    await menuButton(page).click()
    await page.getByRole('form', { name: 'Тіл' }).getByRole('button', { name: 'Русский' }).click()
    await expect(page).toHaveURL(/\/support$/)
    const russianMenu = page.getByRole('banner').locator('summary', { hasText: 'Меню' })
    await expect(russianMenu).toBeVisible()
    await expectOneRowHeader(page)

    await russianMenu.click()
    await expect(page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Мой профиль' })).toBeVisible()
    await page.getByRole('button', { name: 'Выйти' }).click()
    await page.getByRole('banner').locator('summary', { hasText: 'Меню' }).click()
    await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toBeVisible()
  })
})

test.describe('the menu on a 1280-pixel screen', () => {
  test.use({ viewport: { width: 1280, height: 800 } })
  test.slow()

  test('the links stand inline and there is no menu button', async ({ page, makeUser, login }) => {
    const teacher = await makeUser({ roles: ['teacher'] })
    await login(page, teacher)
    await page.goto('/certificates')
    await expect(menuButton(page)).toBeHidden()
    for (const name of teacherLinks) await expect(mainMenu(page).getByRole('link', { name, exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Шығу' })).toBeVisible()
    // One row of links under the brand's row.
    const tops = await mainMenu(page)
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)))
    expect(new Set(tops).size).toBe(1)
    const header = await page.getByRole('banner').boundingBox()
    expect(header!.height).toBeLessThan(120)
  })
})

test.describe('a lesson on a 360-pixel phone', () => {
  test.use({ viewport: phone })
  test.slow()

  test('starts on the first screen with the contents closed; they open; axe finds nothing serious at 360 and 1280', async ({ page, db, makeUser, login }) => {
    test.slow()
    const teacher = await makeUser({ roles: ['teacher'] })
    await login(page, teacher)
    const lesson = await enrolInShortCourse(page, db)
    // Loaded afresh, as a lesson arrives: without scripts.
    await page.goto(lesson)
    const contents = page.getByRole('navigation', { name: 'Курс мазмұны' })
    const list = contents.getByRole('list').first()
    await expect(list).toBeHidden()
    const text = await page.locator('.lesson-content').boundingBox()
    expect(text!.y).toBeLessThan(phone.height)
    expect(await accessibilityViolations(page)).toEqual([])

    await contents.locator('summary').click()
    await expect(list).toBeVisible()
    await expect(contents.getByRole('link', { name: 'Негізгі ұғымдар' })).toBeVisible()
    await expect(contents.getByRole('link', { name: 'Қысқа сынақ курсы' })).toBeVisible()
    expect(await accessibilityViolations(page)).toEqual([])

    await page.setViewportSize({ width: 1280, height: 800 })
    await expect(contents.locator('summary')).toBeHidden()
    await expect(list).toBeVisible()
    expect(await accessibilityViolations(page)).toEqual([])
  })
})
