import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// A cohort's calendar file (.ics) over HTTP, read back by a strict parser
// written for RFC 5545's line rules: CRLF, folding at 75 octets, escaped text.

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

interface Property {
  name: string
  params: Record<string, string>
  value: string
}

/** Splits a calendar into physical lines, checking each rule, then unfolds and parses the content lines. */
function parseStrict(text: string): { lines: Property[]; events: Property[][] } {
  expect(text.endsWith('\r\n')).toBe(true)
  const physical = text.slice(0, -2).split('\r\n')
  for (const line of physical) {
    expect(line.includes('\n') || line.includes('\r'), `a bare line break in ${JSON.stringify(line)}`).toBe(false)
    expect(Buffer.byteLength(line, 'utf8'), `longer than 75 octets: ${line}`).toBeLessThanOrEqual(75)
  }
  const logical: string[] = []
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1)
    else logical.push(line)
  }
  const lines = logical.map((line): Property => {
    const colon = line.indexOf(':')
    expect(colon, line).toBeGreaterThan(0)
    const [name, ...params] = line.slice(0, colon).split(';')
    return { name: name!, params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])), value: line.slice(colon + 1) }
  })
  const events: Property[][] = []
  let open: Property[] | null = null
  for (const line of lines) {
    if (line.name === 'BEGIN' && line.value === 'VEVENT') open = []
    else if (line.name === 'END' && line.value === 'VEVENT') {
      events.push(open!)
      open = null
    } else open?.push(line)
  }
  expect(lines[0]).toMatchObject({ name: 'BEGIN', value: 'VCALENDAR' })
  expect(lines.at(-1)).toMatchObject({ name: 'END', value: 'VCALENDAR' })
  return { lines, events }
}

/** A TEXT value as it was before escaping; refuses an unescaped comma or semicolon. */
function unescapeText(value: string): string {
  expect(value).not.toMatch(/(^|[^\\])(\\\\)*[,;]/)
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

const prop = (event: Property[], name: string) => event.find((p) => p.name === name)

async function versionId() {
  return (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
}

async function cohortWithTeacher() {
  const trainer = await createUser(db, { roles: ['trainer'] })
  const cohortId = await createTestCohort(
    db,
    { slug: 'e2e-short', versionId: await versionId() },
    { startsOn: '2026-11-02', endsOn: '2026-12-18', trainerId: trainer.id },
  )
  await db.updateTable('cohorts').set({ title: 'Поток 7; Астана, кешкі' }).where('id', '=', cohortId).execute()
  const teacher = await createUser(db)
  const cookie = await login(teacher)
  const enrol = await fetch(`${server.url}/courses/e2e-short`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams({ cohortId }).toString(),
  })
  expect(enrol.status).toBe(302)
  return { trainer, teacher, cohortId, cookie }
}

const calendar = (cohortId: string, cookie: string) =>
  fetch(`${server.url}/cohorts/${cohortId}/calendar.ics`, { redirect: 'manual', headers: { Cookie: cookie } })

describe('a cohort’s calendar file', () => {
  test('the cohort’s days, the final test’s last day and its support sessions, in the reader’s language, with the line rules kept', async () => {
    const { trainer, cohortId, cookie } = await cohortWithTeacher()
    const sessionId = newId()
    await db
      .insertInto('support_activities')
      .values({
        id: sessionId,
        kind: 'webinar',
        title: 'Сұрақ-жауап, қорытынды',
        held_on: '2027-01-15',
        trainer_id: trainer.id,
        cohort_id: cohortId,
        region_code: 'KZ-75',
        notes: null,
        checklist: null,
        created_at: nowIso(),
      })
      .execute()

    const course = await fetch(`${server.url}/courses/e2e-short`, { headers: { Cookie: cookie } })
    expect(await course.text()).toContain(`href="/cohorts/${cohortId}/calendar.ics"`)

    const res = await calendar(cohortId, cookie)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const { lines, events } = parseStrict(await res.text())
    expect(lines.find((l) => l.name === 'VERSION')?.value).toBe('2.0')
    expect(lines.find((l) => l.name === 'PRODID')).toBeTruthy()
    expect(events).toHaveLength(3)
    const host = new URL(server.url).host
    for (const event of events) {
      expect(prop(event, 'UID')?.value).toMatch(new RegExp(`@${host.replace(/\./g, '\\.')}$`))
      expect(prop(event, 'DTSTAMP')?.value).toMatch(/^\d{8}T\d{6}Z$/)
    }
    expect(new Set(events.map((e) => prop(e, 'UID')?.value)).size).toBe(3)

    const [cohort, final, webinar] = events as [Property[], Property[], Property[]]
    expect(prop(cohort, 'DTSTART')).toEqual({ name: 'DTSTART', params: { VALUE: 'DATE' }, value: '20261102' })
    // DTEND of an all-day event is the day after the last.
    expect(prop(cohort, 'DTEND')).toEqual({ name: 'DTEND', params: { VALUE: 'DATE' }, value: '20261219' })
    expect(unescapeText(prop(cohort, 'SUMMARY')!.value)).toBe('Қысқа сынақ курсы (Поток 7; Астана, кешкі)')
    expect(prop(cohort, 'SUMMARY')!.params).toEqual({ LANGUAGE: 'kk' })
    expect(unescapeText(prop(cohort, 'DESCRIPTION')!.value)).toContain(`${server.url}/courses/e2e-short`)
    expect(prop(cohort, 'URL')?.value).toBe(`${server.url}/courses/e2e-short`)
    expect(prop(final, 'DTSTART')?.value).toBe('20261218')
    expect(prop(final, 'DTEND')?.value).toBe('20261219')
    expect(unescapeText(prop(final, 'SUMMARY')!.value)).toBe('Қорытынды тесттің соңғы күні: Қысқа сынақ курсы')
    expect(prop(webinar, 'UID')?.value).toBe(`support-${sessionId}@${host}`)
    expect(prop(webinar, 'DTSTART')?.value).toBe('20270115')
    expect(unescapeText(prop(webinar, 'SUMMARY')!.value)).toBe('Вебинар: Сұрақ-жауап, қорытынды (Қысқа сынақ курсы)')

    // A long description in Cyrillic is folded without splitting a letter.
    expect((await (await calendar(cohortId, cookie)).text()).split('\r\n').some((l) => l.startsWith(' '))).toBe(true)

    // In Russian for a reader who chose Russian.
    const ru = parseStrict(await (await calendar(cohortId, `${cookie}; orken_lang=ru`)).text())
    expect(unescapeText(prop(ru.events[1]!, 'SUMMARY')!.value)).toBe('Последний день итогового теста: Короткий тестовый курс')
    expect(prop(ru.events[0]!, 'SUMMARY')!.params).toEqual({ LANGUAGE: 'ru' })
  })

  test('only the cohort’s teachers, its trainer and admins may read it', async () => {
    const { trainer, cohortId } = await cohortWithTeacher()
    expect((await calendar(cohortId, await login(trainer))).status).toBe(200)
    expect((await calendar(cohortId, await login(await createUser(db, { roles: ['admin'] })))).status).toBe(200)
    expect((await calendar(cohortId, await login(await createUser(db)))).status).toBe(403)
    expect((await calendar(cohortId, await login(await createUser(db, { roles: ['trainer'] })))).status).toBe(403)
    const anonymous = await calendar(cohortId, '')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/login/)
    expect((await calendar('no-such-cohort-1', await login(trainer))).status).toBe(404)
  })
})
