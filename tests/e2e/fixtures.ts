import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser, deleteUser, type FixtureUser } from '#tests/fixtures/users.ts'
import type { Role } from '#db/schema.ts'

// Each test gets the server's database (for creating its own users, which it
// removes afterwards), a login helper, and a page that fails the test on any
// console error other than the HTTP statuses the test provokes on purpose.

interface Fixtures {
  db: Database
  makeUser: (options?: { roles?: Role[]; regionCode?: string; schoolId?: string; locale?: 'kk' | 'ru' | 'en' }) => Promise<FixtureUser>
  login: (page: Page, user: FixtureUser, by?: 'email' | 'iin') => Promise<void>
}

const expectedStatuses = /Failed to load resource: the server responded with a status of (400|403|404|410|429)/

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !expectedStatuses.test(msg.text())) errors.push(msg.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await use(page)
    expect(errors, 'console errors').toEqual([])
  },
  db: async ({}, use) => {
    const db = openDatabase(path.resolve('tests/.tmp/e2e.db'))
    await use(db)
    await db.destroy()
  },
  makeUser: async ({ db }, use) => {
    const created: FixtureUser[] = []
    await use(async (options) => {
      const user = await createUser(db, options)
      created.push(user)
      return user
    })
    for (const user of created) await deleteUser(db, user.id)
  },
  login: async ({}, use) => {
    await use(async (page, user, by = 'email') => {
      await page.goto('/login')
      await page.getByLabel(/Электрондық пошта немесе ЖСН|Электронная почта или ИИН|Email or IIN/).fill(by === 'iin' ? user.iin : user.email)
      await page.getByLabel(/^(Құпиясөз|Пароль|Password)$/).fill(user.password)
      await page.getByRole('button', { name: /^(Кіру|Войти|Log in)$/ }).click()
      await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    })
  },
})

/** Runs axe on the page and returns the serious and critical violations. */
export async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

export { expect }
