import { accessibilityViolations, expect, test } from './fixtures.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { testWork } from '#tests/setup/work.ts'

// A coordinator's centre page in Chromium: a session recorded with the network
// cut waits on the phone and is delivered exactly once when the network
// returns, however often the queue is flushed; and the page at 360 px.

const SCHOOL = 'sch-kz75-1' // makeUser's coordinators run this demo school's centre

// The fixture deletes its users after each test; the sessions they recorded stay, without them.
const coordinators: string[] = []
test.afterEach(async ({ db }) => {
  for (const id of coordinators.splice(0)) await db.updateTable('parent_sessions').set({ recorded_by: null }).where('recorded_by', '=', id).execute()
})

test('a session recorded offline is kept on the phone and delivered once when the network returns', async ({ page, context, db, makeUser, login }) => {
  const coordinator = await makeUser({ roles: ['coordinator'] })
  coordinators.push(coordinator.id)
  const facilitator = `Офлайн Жүргізуші ${coordinator.id.slice(0, 6)}`
  const recorded = () =>
    db.selectFrom('parent_sessions').select(['id', 'client_key', 'source', 'head_count', 'held_on']).where('facilitator', '=', facilitator).execute()

  await login(page, coordinator)
  // Before the network goes: Remix has asked where the page's links lead, and the service worker is installed.
  const discovered = page.waitForResponse((r) => new URL(r.url()).pathname === '/__manifest')
  await page.goto('/centre')
  await expect(page.getByRole('heading', { level: 1, name: 'Ата-аналарды педагогикалық қолдау орталығы' })).toBeVisible()
  await discovered
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))

  await context.setOffline(true)
  await page.getByLabel('Сабақ', { exact: true }).selectOption({ index: 1 })
  // Today in Kazakhstan by default; a past day here keeps clear of the sessions other tests record today.
  const date = page.getByLabel('Өткен күні')
  await expect(date).toHaveValue(localIsoDate(now()))
  await date.fill('2025-02-11')
  await page.getByLabel('Сабақты жүргізген').fill(facilitator)
  await page.getByLabel('Келген ата-аналар саны').fill('17')
  await page.getByRole('button', { name: 'Сабақты жазу' }).click()

  const notice = page.getByRole('status').filter({ hasText: 'Жазба осы телефонда сақталды, байланыс болғанда жіберіледі.' })
  await expect(notice).toBeVisible()
  await expect(notice).toBeFocused()
  const queue = page.getByRole('region', { name: 'Телефонда жіберілуін күтіп тұрған жазбалар' })
  await expect(queue.getByRole('listitem')).toHaveCount(1)
  await expect(queue).toContainText('17 ата-ана')
  await expect(queue).toContainText('Жіберілуін күтуде')
  // The form starts afresh for the next record.
  await expect(page.getByLabel('Сабақты жүргізген')).toHaveValue('')
  expect(await recorded()).toEqual([])

  await context.setOffline(false)
  await expect.poll(async () => (await recorded()).length).toBe(1)
  await expect(page.getByRole('status').filter({ hasText: 'Телефондағы жазбалар жіберілді: 1.' })).toBeVisible()
  await expect(queue).toHaveCount(0)
  await expect(page.getByRole('table')).toContainText(facilitator)
  const [session] = await recorded()
  expect(session).toMatchObject({ source: 'offline', head_count: 17, held_on: '2025-02-11' })
  expect(session!.client_key).toMatch(/^[0-9a-f]{32}$/)

  // A second flush (the page opens again and sends what is queued) sends nothing twice.
  await page.reload()
  await expect(page.getByRole('table')).toContainText(facilitator)
  const stillQueued = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('orken-centre', 1)
        open.onsuccess = () => {
          const count = open.result.transaction('queue').objectStore('queue').count()
          count.onsuccess = () => resolve(count.result)
        }
      }),
  )
  expect(stillQueued).toBe(0)
  expect(await recorded()).toHaveLength(1)
})

test('at 360 px the centre page and a session page have no serious accessibility problems and no sideways scroll', async ({ page, db, makeUser, login }) => {
  const coordinator = await makeUser({ roles: ['coordinator'] })
  coordinators.push(coordinator.id)
  // A session and its repeat, so that the list shows the "flagged" marker and its button.
  const lesson = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
  const session = {
    courseId: 'family-support',
    lessonKey: lesson,
    heldOn: '2025-02-12',
    facilitator: 'Гүлнар Әбдірахманқызы Сейітжанова',
    headCount: 40,
    notes: null,
    clientKey: undefined,
  }
  const first = await recordSession(testWork(db, { actorId: coordinator.id }), { schoolId: SCHOOL, session, source: 'form' })
  await recordSession(testWork(db, { actorId: coordinator.id }), { schoolId: SCHOOL, session: { ...session, headCount: 12 }, source: 'form' })
  if (!first.ok) throw new Error(JSON.stringify(first))

  await page.setViewportSize({ width: 360, height: 780 })
  await login(page, coordinator)
  for (const path of ['/centre', `/centre/sessions/${first.value.sessionId}`]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    expect(await accessibilityViolations(page), path).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBeLessThanOrEqual(0)
  }
  await expect(page.getByRole('img', { name: /Тіркелу сілтемесінің QR коды: .*\/c\/[A-Z0-9]{6}$/ })).toBeVisible()
})
