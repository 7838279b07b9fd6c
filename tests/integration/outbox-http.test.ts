import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { enqueueMail, enqueueMails } from '#app/modules/mail/outbox.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { unsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
import { inviteAll } from '#app/modules/roster/invitations.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// The admin outbox over real HTTP (security review, finding 13): an admin reads
// every mail, but not the secret tokens in its links, which would let them
// reset a teacher's password or act on another's behalf. The mail itself, as
// stored and as sent, keeps them.

let server: RunningServer
let db: Database
let admin: FixtureUser
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

async function outboxPage(user: FixtureUser = admin): Promise<string> {
  const res = await fetch(server.url + '/admin/outbox', { headers: { Cookie: await login(user) } })
  expect(res.status).toBe(200)
  return res.text()
}

describe('/admin/outbox', () => {
  test('a password reset mail is listed with its link, the token replaced by •••; the stored mail keeps the token', async () => {
    const teacher = await createUser(db, { roles: ['teacher'], fullName: 'Айжан Қасымова' })
    const asked = await fetch(server.url + '/forgot-password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ email: teacher.email }).toString(),
    })
    expect(asked.status).toBe(200)
    const mail = await db
      .selectFrom('mail_outbox')
      .select('text_body')
      .where('user_id', '=', teacher.id)
      .where('kind', '=', 'password_reset')
      .executeTakeFirstOrThrow()
    const token = /\/reset-password\/([a-z2-7]{32})/.exec(mail.text_body)?.[1]
    expect(token).toBeTruthy()

    const page = await outboxPage()
    expect(page).toContain('Айжан Қасымова')
    expect(page).toContain(`${server.url}/reset-password/•••`)
    expect(page).not.toContain(token!)
  })

  test('unsubscribe links and tokens in query strings are elided too; ordinary links stay', async () => {
    const teacher = await createUser(db, { roles: ['teacher'] })
    const unsubscribe = await unsubscribeToken(db, teacher.id, 'survey_reminder')
    const secret = 'Zq8mT3vR5wX9yB2nK4pL6sD1fG7hJ0cE'
    await enqueueMail(db, {
      kind: 'test',
      userId: teacher.id,
      to: teacher.email,
      subject: 'Сауалнама',
      text: `Сауалнама: https://academy.orken.kz/surveys/abc123\nБас тарту: https://academy.orken.kz/unsubscribe/${unsubscribe}\nКіру: https://academy.orken.kz/activate?token=${secret}&lang=kk`,
    })
    const page = await outboxPage()
    expect(page).toContain('https://academy.orken.kz/surveys/abc123')
    expect(page).toContain('https://academy.orken.kz/unsubscribe/•••')
    expect(page).toContain('https://academy.orken.kz/activate?token=•••&amp;lang=kk')
    expect(page).not.toContain(unsubscribe)
    expect(page).not.toContain(unsubscribe.split('.').at(-1)!)
    expect(page).not.toContain(secret)
    const stored = await db.selectFrom('mail_outbox').select('text_body').where('user_id', '=', teacher.id).executeTakeFirstOrThrow()
    expect(stored.text_body).toContain(unsubscribe)
    expect(stored.text_body).toContain(secret)
  })
  test('an invitation waiting to be sent shows where its link will be, elided like a sent one, not the placeholder', async () => {
    const teacher = await createUser(db, { roles: ['teacher'], fullName: 'Ержан {{invitation-link}} Сейітов' })
    await inviteAll(db, [
      {
        userId: teacher.id,
        email: teacher.email,
        fullName: teacher.fullName,
        course: 'Буллингтің алдын алу',
        cohort: { title: 'Алматы, қаңтар', starts_on: '2027-01-11', ends_on: '2027-02-05' },
      },
    ])
    const page = await outboxPage()
    const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'))
    const shown = main.slice(main.indexOf('Ержан'))
    expect(shown).toContain(`${server.url}/reset-password/•••`)
    // The name is shown as written; only the link's place, the last one, is the link.
    expect(shown).toContain('Ержан {{invitation-link}} Сейітов')
    expect(shown.split('{{invitation-link}}')).toHaveLength(2)
    // The counts of the next tests start from an outbox without it.
    await db.deleteFrom('mail_outbox').where('user_id', '=', teacher.id).execute()
  })
})

describe('/admin/outbox progress and retries', () => {
  test('counts by kind and status, the last hour, the rate and when the queue empties', async () => {
    const english = await createUser(db, { roles: ['admin'], locale: 'en' })
    const teachers = Array.from({ length: 1200 }, (_, i) => ({
      kind: 'import_invitation',
      to: `invited-${i}@example.kz`,
      subject: 'Шақыру',
      text: 'Белсендіріңіз',
    }))
    const ids = await enqueueMails(db, teachers)
    const stamp = now().toISOString()
    await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: stamp, attempts: 1 }).where('id', 'in', ids.slice(0, 300)).execute()
    await db
      .updateTable('mail_outbox')
      .set({ status: 'failed', attempts: 1, last_error: '550 Mailbox unavailable' })
      .where('id', 'in', ids.slice(300, 302))
      .execute()

    const page = await outboxPage(english)
    expect(page).toContain('Invitations: 1,200 — 300 sent, 898 waiting — about 2 min at 600 a minute — 2 failed')
    expect(page).toMatch(/Sent in the last hour: [\d,]+\. Rate: 600 a minute\./)
    expect(page).toMatch(/[\d,]+ waiting: the queue empties in about \d+ min\./)
    expect(page).toContain('550 Mailbox unavailable')
    expect(page).toContain('Send again')
  })

  test('a failed mail is sent again by its button; an unknown one is 404; a regional admin may neither read nor retry', async () => {
    const [id] = await enqueueMails(db, [{ kind: 'test', to: 'bounced@example.kz', subject: 'Bounced', text: 'Body' }])
    await db.updateTable('mail_outbox').set({ status: 'failed', attempts: 8, last_error: '451 Try later' }).where('id', '=', id!).execute()
    const retry = (user: FixtureUser, form: Record<string, string>) =>
      login(user).then((cookie) =>
        fetch(server.url + '/admin/outbox', {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
          body: new URLSearchParams(form).toString(),
        }),
      )
    const regional = await createUser(db, { roles: ['regional_admin'] })
    expect((await fetch(server.url + '/admin/outbox', { headers: { Cookie: await login(regional) } })).status).toBe(403)
    expect((await retry(regional, { intent: 'retry', id: id! })).status).toBe(403)
    expect(await db.selectFrom('mail_outbox').select('status').where('id', '=', id!).executeTakeFirstOrThrow()).toEqual({ status: 'failed' })

    expect((await retry(admin, { intent: 'retry', id: 'no-such-mail' })).status).toBe(404)
    const res = await retry(admin, { intent: 'retry', id: id! })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/admin/outbox?retried=1')
    expect(await db.selectFrom('mail_outbox').select(['status', 'attempts']).where('id', '=', id!).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
      attempts: 0,
    })
    const audit = await db.selectFrom('audit_log').select(['actor_user_id']).where('action', '=', 'outbox.retry').where('target_id', '=', id!).execute()
    expect(audit).toEqual([{ actor_user_id: admin.id }])
    expect((await retry(admin, { intent: 'retry', id: id! })).status).toBe(404)
  })
})
