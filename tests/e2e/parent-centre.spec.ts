import { expect, test } from './fixtures.ts'
import { now } from '#app/modules/clock/clock.server.ts'

// The parent centre story in Chromium: a coordinator records a
// lesson held at the school, a parent opens the check-in link on a phone and
// checks in without an account, and both the head count and the check-in
// show on the session page and in the regional attendance report.

test('a coordinator records a session, a parent checks in by its link, and the report shows both', async ({ page, browser, db, makeUser, login }) => {
  const SCHOOL = 'sch-kz75-3'
  const coordinator = await makeUser({ roles: ['coordinator'], schoolId: SCHOOL })
  const facilitator = `Жүргізуші ${coordinator.id.slice(0, 6)}`
  try {
    await login(page, coordinator)
    await page.goto('/centre')
    await page.getByLabel('Сабақ', { exact: true }).selectOption({ index: 1 })
    await page.getByLabel('Сабақты жүргізген').fill(facilitator)
    await page.getByLabel('Келген ата-аналар саны').fill('23')
    await page.getByRole('button', { name: 'Сабақты жазу' }).click()
    await page.waitForURL(/\/centre\/sessions\/[^/?]+/)
    const session = await db
      .selectFrom('parent_sessions')
      .select(['id', 'code', 'head_count', 'counted'])
      .where('facilitator', '=', facilitator)
      .executeTakeFirstOrThrow()
    expect(session).toMatchObject({ head_count: 23, counted: 1 })
    await expect(page.getByText(session.code, { exact: true })).toBeVisible()
    await expect(page.getByRole('img', { name: /QR/ })).toBeVisible()

    // A parent's phone opens the link in the QR code; no account, no name.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'kk-KZ' })
    try {
      const parent = await phone.newPage()
      await parent.goto(`/c/${session.code.toLowerCase()}`)
      await parent.getByRole('button', { name: 'Мен осындамын' }).click()
      await expect(parent.getByRole('heading', { name: 'Рақмет! Сіз тіркелдіңіз' })).toBeVisible()
    } finally {
      await phone.close()
    }

    await page.reload()
    await expect(page.getByText('23 ата-ананың 1 тіркелді')).toBeVisible()
    const checkins = await db.selectFrom('parent_checkins').select(['user_id', 'name']).where('session_id', '=', session.id).execute()
    expect(checkins).toEqual([{ user_id: null, name: null }])
  } finally {
    await db.updateTable('parent_sessions').set({ recorded_by: null }).where('recorded_by', '=', coordinator.id).execute()
  }

  // The region's admin drills down to the school in this year's attendance report.
  const school = await db.selectFrom('schools').select(['name_kk', 'district']).where('id', '=', SCHOOL).executeTakeFirstOrThrow()
  const year = now().getFullYear()
  const sessions = await db
    .selectFrom('parent_sessions')
    .select(['id', 'head_count'])
    .where('school_id', '=', SCHOOL)
    .where('counted', '=', 1)
    .where('held_on', 'like', `${year}-%`)
    .execute()
  const checkins = await db
    .selectFrom('parent_checkins')
    .select('id')
    .where(
      'session_id',
      'in',
      sessions.map((x) => x.id),
    )
    .execute()
  const admin = await makeUser({ roles: ['regional_admin'], regionCode: 'KZ-75' })
  await page.context().clearCookies()
  await login(page, admin)
  await page.goto(`/admin/parents?year=${year}&region=KZ-75&district=${encodeURIComponent(school.district ?? '')}`)
  const cells = page.getByRole('row').filter({ hasText: school.name_kk }).getByRole('cell')
  // sessions, attendances (head counts), check-ins, ratio, flagged
  await expect(cells.nth(0)).toHaveText(String(sessions.length))
  await expect(cells.nth(1)).toHaveText(String(sessions.reduce((n, x) => n + x.head_count, 0)))
  await expect(cells.nth(2)).toHaveText(String(checkins.length))
  expect(checkins.length).toBeGreaterThanOrEqual(1)
})
