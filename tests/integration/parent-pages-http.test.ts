import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The parent pages over real HTTP against the built server, as a phone without
// JavaScript uses them: the public lesson series, "mark as read", checking in
// to a session by its code (with and without a name, with an account, too
// late, too many, an unknown code) and the anonymous feedback after it.

const SERIES = 'family-support'
const SCHOOL = 'sch-kz75-1'

let server: RunningServer
let db: Database
let parent: FixtureUser
let lessonKey: string
const login = sessionLogin(() => server)

async function get(path: string, cookie = '') {
  return fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {} })
}

async function post(path: string, fields: Record<string, string>, cookie = '') {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  })
}

/** A session at the demo school today, with its check-in code. */
async function newSession(headCount: number): Promise<{ id: string; code: string }> {
  const result = await recordSession(testWork(db, { actorId: null }), {
    schoolId: SCHOOL,
    session: { courseId: SERIES, lessonKey, heldOn: localIsoDate(now()), facilitator: 'Айгүл Серікова', headCount, notes: null, clientKey: undefined },
    source: 'form',
  })
  if (!result.ok) throw new Error(JSON.stringify(result.error.fieldErrors))
  return { id: result.value.sessionId, code: result.value.code }
}

const checkins = (sessionId: string) => db.selectFrom('parent_checkins').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute()
const ticketOf = (html: string) => /name="ticket" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1]

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  parent = await createUser(db, { roles: ['parent'], fullName: 'Әсел Нұрланқызы' })
  const series = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === SERIES)
  lessonKey = series!.lessons[0]!.key
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('parent lessons, for anyone', () => {
  test('an anonymous visitor reads the series and a lesson in Kazakh, in Russian when they choose it, and in the first language otherwise', async () => {
    const index = await get('/parents')
    expect(index.status).toBe(200)
    const list = await index.text()
    expect(list).toContain('Балаңыздың сенімді тірегі болу')
    expect(list).toContain(`href="/parents/${SERIES}/${lessonKey}"`)
    expect(list).toContain('Балаңызды тыңдай білу')

    const lesson = await get(`/parents/${SERIES}/${lessonKey}`)
    expect(lesson.status).toBe(200)
    const html = await lesson.text()
    expect(html).toContain('<title>Балаңызды тыңдай білу · Өркен Academy</title>')
    expect(html).toContain('Бала қуанышын да, мұңын да ең алдымен жақын адамына айтқысы келеді.')
    expect(html).toContain(`href="/parents/${SERIES}/lessons/emotions"`) // next
    expect(html).not.toContain('Оқыдым деп белгілеу')
    expect(html).toContain(`/login?redirectTo=${encodeURIComponent(`/parents/${SERIES}/${lessonKey}`)}`)

    const russian = await (await get(`/parents/${SERIES}/${lessonKey}`, 'orken_lang=ru')).text()
    expect(russian).toContain('Умение слушать своего ребёнка')
    expect(russian).toContain('И радостью, и бедой ребёнок хочет поделиться')

    const english = await (await get(`/parents/${SERIES}/${lessonKey}`, 'orken_lang=en')).text()
    expect(english).toContain('Бала қуанышын да, мұңын да')
    expect(english).toContain('This lesson is not yet available in English; it is shown in Kazakh.')
    expect(english).not.toContain('the text is in Қазақша')
  })

  test('an unknown series, lesson or a teachers\' course is 404; a visitor\'s "mark as read" goes to the login page', async () => {
    expect((await get('/parents/nowhere/lessons/listening')).status).toBe(404)
    expect((await get(`/parents/${SERIES}/lessons/nowhere`)).status).toBe(404)
    expect((await get('/parents/e2e-short/basics/practice')).status).toBe(404)
    const res = await post(`/parents/${SERIES}/${lessonKey}`, { intent: 'read' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('/login?redirectTo=')
  })

  test('a logged-in parent marks a lesson read and sees it marked on the lesson and in the series', async () => {
    const cookie = await login(parent)
    const before = await (await get(`/parents/${SERIES}/${lessonKey}`, cookie)).text()
    expect(before).toContain('Оқыдым деп белгілеу')
    const res = await post(`/parents/${SERIES}/${lessonKey}`, { intent: 'read' }, cookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/parents/${SERIES}/${lessonKey}`)
    const [moduleId, lessonId] = lessonKey.split('/')
    const rows = await db.selectFrom('parent_lesson_reads').selectAll().where('user_id', '=', parent.id).execute()
    expect(rows.map((r) => [r.course_id, r.module_id, r.lesson_id])).toEqual([[SERIES, moduleId, lessonId]])

    const after = await (await get(`/parents/${SERIES}/${lessonKey}`, cookie)).text()
    expect(after).not.toContain('Оқыдым деп белгілеу')
    expect(after).toContain('Бұл сабақты оқығаныңыз белгіленді.')
    const list = await (await get('/parents', cookie)).text()
    expect(list).toContain('4 сабақтың 1 оқылды')
    expect(list).toContain('class="parent-badge"')
    // Marking again changes nothing.
    expect((await post(`/parents/${SERIES}/${lessonKey}`, { intent: 'read' }, cookie)).status).toBe(302)
    expect(await db.selectFrom('parent_lesson_reads').selectAll().where('user_id', '=', parent.id).execute()).toHaveLength(1)
  })
})

describe('checking in by code', () => {
  test('the code works in any case and with spaces; the page names the school, the lesson and the date', async () => {
    const session = await newSession(10)
    const typed = `${session.code.slice(0, 3).toLowerCase()} ${session.code.slice(3)}`
    const res = await get(`/c/${encodeURIComponent(typed)}`)
    expect(res.status).toBe(200)
    expect(new URL(res.url).pathname).toBe(`/c/${session.code}`)
    const html = await res.text()
    const school = await db.selectFrom('schools').select('name_kk').where('id', '=', SCHOOL).executeTakeFirstOrThrow()
    expect(html).toContain(school.name_kk)
    expect(html).toContain('Балаңызды тыңдай білу')
    expect(html).toMatch(/\d{4} ж\. \d{1,2} [а-яәөүұқғіңһ]+/)
    expect(html).toContain('Аты-жөніңіз (міндетті емес)')
    expect(html).toContain('Телефон нөміріңіз (міндетті емес)')
    expect(html).toContain('Мен осындамын')

    const typedForm = await get(`/c?code=${encodeURIComponent(typed)}`)
    expect(new URL(typedForm.url).pathname).toBe(`/c/${session.code}`)
  })

  test('an anonymous parent checks in with no name, another with a name and phone; a bad phone is refused with 400', async () => {
    const session = await newSession(10)
    const plain = await post(`/c/${session.code}`, { intent: 'checkin', name: '', phone: '' })
    expect(plain.status).toBe(200)
    const thanks = await plain.text()
    expect(thanks).toContain('Рақмет! Сіз тіркелдіңіз')
    expect(thanks).toContain('Сабақ туралы пікіріңіз') // the feedback form
    expect(ticketOf(thanks)).toBeTruthy()

    expect((await post(`/c/${session.code}`, { intent: 'checkin', name: 'Гүлнар', phone: '+7 701 123-45-67' })).status).toBe(200)
    const bad = await post(`/c/${session.code}`, { intent: 'checkin', name: 'Гүлнар', phone: 'call me' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Телефон нөмірінде тек сандар')

    const rows = await checkins(session.id)
    expect(rows.map((r) => [r.user_id, r.name, r.phone])).toEqual([
      [null, null, null],
      [null, 'Гүлнар', '+7 701 123-45-67'],
    ])
  })

  test('a logged-in parent\'s check-in is linked to the account, with the name prefilled; a second one says "already"', async () => {
    const session = await newSession(10)
    const cookie = await login(parent)
    const page = await (await get(`/c/${session.code}`, cookie)).text()
    expect(page).toContain('value="Әсел Нұрланқызы"')
    const first = await post(`/c/${session.code}`, { intent: 'checkin', name: '', phone: '' }, cookie)
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('Рақмет! Сіз тіркелдіңіз')
    const second = await post(`/c/${session.code}`, { intent: 'checkin', name: 'Әсел', phone: '' }, cookie)
    expect(second.status).toBe(409)
    expect(await second.text()).toContain('Сіз бұл сабаққа тіркеліп қойғансыз.')
    expect(await (await get(`/c/${session.code}`, cookie)).text()).toContain('Сіз бұл сабаққа тіркеліп қойғансыз.')
    const rows = await checkins(session.id)
    expect(rows.map((r) => r.user_id)).toEqual([parent.id])
  })

  test('an unknown code is a 404 page with the code form; an expired one is 410; a full session refuses', async () => {
    const unknown = await get('/c/ZZZZZZ')
    expect(unknown.status).toBe(404)
    const page = await unknown.text()
    expect(page).toContain('Мұндай кодпен сабақ табылмады.')
    expect(page).toContain('name="code"')
    expect((await post('/c/ZZZZZZ', { intent: 'checkin' })).status).toBe(404)

    const expired = await newSession(10)
    await db.updateTable('parent_sessions').set({ code_expires_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', expired.id).execute()
    const gone = await get(`/c/${expired.code}`)
    expect(gone.status).toBe(410)
    expect(await gone.text()).toContain('Бұл сабаққа тіркелу мерзімі өтіп кетті.')
    const late = await post(`/c/${expired.code}`, { intent: 'checkin', name: '', phone: '' })
    expect(late.status).toBe(410)
    expect(await late.text()).toContain('Бұл сабаққа тіркелу мерзімі өтіп кетті.')

    const full = await newSession(1)
    expect((await post(`/c/${full.code}`, { intent: 'checkin' })).status).toBe(200)
    const refused = await post(`/c/${full.code}`, { intent: 'checkin' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Бұл сабаққа белгіленген қатысушылар саны толды.')
    expect(await (await get(`/c/${full.code}`)).text()).toContain('Бұл сабаққа белгіленген қатысушылар саны толды.')
    expect(await checkins(expired.id)).toHaveLength(0)
    expect(await checkins(full.id)).toHaveLength(1)
  })
})

describe('feedback after a check-in', () => {
  test('is stored anonymously, once per check-in; a missing required answer is a 400', async () => {
    const session = await newSession(10)
    const cookie = await login(parent)
    const thanks = await (await post(`/c/${session.code}`, { intent: 'checkin' }, cookie)).text()
    const ticket = ticketOf(thanks)!
    const before = await db.selectFrom('survey_responses').select('id').execute()

    const missing = await post(`/c/${session.code}`, { intent: 'feedback', ticket, 'item.next-topic': 'Экран' })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('Бұл сұраққа жауап беріңіз.')

    const sent = await post(`/c/${session.code}`, { intent: 'feedback', ticket, 'item.useful': '4', 'item.next-topic': 'Жасөспірімдермен сөйлесу' })
    expect(sent.status).toBe(200)
    expect(await sent.text()).toContain('Пікіріңізге рақмет!')
    const again = await post(`/c/${session.code}`, { intent: 'feedback', ticket, 'item.useful': '1' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Бұл тіркелу бойынша пікір жіберіліп қойған.')

    const responses = await db
      .selectFrom('survey_responses')
      .selectAll()
      .where('id', 'not in', before.length ? before.map((r) => r.id) : [''])
      .execute()
    expect(responses).toHaveLength(1)
    const [response] = responses
    expect(response).toMatchObject({
      survey_id: 'parent-feedback',
      purpose: 'parent-feedback',
      course_id: SERIES,
      region_code: 'KZ-75',
      user_id: null,
      enrolment_id: null,
      cohort_id: null,
      submitted_at: null,
    })
    expect(response!.period).toMatch(/^\d{4}-\d{2}$/)
    const checkin = (await checkins(session.id))[0]!
    expect(Object.values(response!)).not.toContain(checkin.id)
    expect(Object.values(response!)).not.toContain(parent.id)
    const answers = await db
      .selectFrom('survey_answers')
      .select(['item_id', 'value_num', 'value_text'])
      .where('response_id', '=', response!.id)
      .orderBy('item_id')
      .execute()
    expect(answers).toEqual([
      { item_id: 'next-topic', value_num: null, value_text: 'Жасөспірімдермен сөйлесу' },
      { item_id: 'useful', value_num: 4, value_text: null },
    ])
    // Nothing is left that joins the response to the check-in: the ticket is gone.
    expect(await db.selectFrom('feedback_tickets').select('key').where('issued_at', '>=', checkin.created_at).execute()).toHaveLength(0)
  })

  test('a ticket older than two hours is refused with 410', async () => {
    const session = await newSession(10)
    const ticket = ticketOf(await (await post(`/c/${session.code}`, { intent: 'checkin' })).text())!
    await db
      .updateTable('feedback_tickets')
      .set({ issued_at: new Date(now().getTime() - 3 * 3_600_000).toISOString() })
      .execute()
    const late = await post(`/c/${session.code}`, { intent: 'feedback', ticket, 'item.useful': '5' })
    expect(late.status).toBe(410)
    expect(await late.text()).toContain('Бұл сабақ туралы пікір қалдыру уақыты өтіп кетті.')
  })
})

describe('rate limit', () => {
  test('anonymous check-ins from one address to one session stop at 10 a minute with a translated 429; a logged-in parent still checks in', async () => {
    const session = await newSession(300)
    let status = 0
    let accepted = 0
    for (let i = 0; i < 301 && status !== 429; i++) {
      const res = await post(`/c/${session.code}`, { intent: 'checkin' })
      status = res.status
      if (status === 429) expect(await res.text()).toMatch(/Бұл желіден тым көп тіркелу жасалды\. \d+ минуттан кейін/)
      else {
        accepted++
        await res.body?.cancel()
      }
    }
    expect(status).toBe(429)
    expect(accepted).toBe(10)
    expect((await post(`/c/${session.code}`, { intent: 'checkin' }, await login(parent))).status).toBe(200)
  })
})
