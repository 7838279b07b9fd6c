import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { unsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
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

async function outboxPage(): Promise<string> {
  const res = await fetch(server.url + '/admin/outbox', { headers: { Cookie: await login(admin) } })
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
})
