import fs from 'node:fs'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { getCertificate, issueCertificate, revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { getZipJob, startCertificateZip, zipFilePath } from '#app/modules/certificates/zip.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// A cohort's archive counts certificates, attendance statements and revoked
// documents apart: on the form that starts it, on the job's page and in the
// index.csv inside the ZIP, in the language of the admin who asked for it.

const PUBLIC_ORIGIN = 'http://orken.test'
setPublicOrigin(PUBLIC_ORIGIN)

let server: RunningServer
let db: Database
let admin: FixtureUser
let cohort: string
const numbers = { certificates: [] as string[], attendance: [] as string[], revoked: [] as string[] }

/** A teacher of the cohort whose enrolment ended `status`, with the document it earned. */
async function documentFor(status: 'completed' | 'not_passed', fullName: string) {
  const learner = await createUser(db, { fullName })
  const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId: cohort, source: 'admin', today: localIsoDate(now()) })
  if (!enrolled.ok) throw new Error(enrolled.error)
  await db
    .updateTable('enrolments')
    .set({ status, lessons_done: 3, completed_at: status === 'completed' ? nowIso() : null, ended_at: nowIso() })
    .where('id', '=', enrolled.enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  return (await getCertificate(testWork(db), issued.certificateId))!
}

async function adminCookie(): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: admin.email, password: TEST_PASSWORD }).toString(),
  })
  expect(res.status).toBe(302)
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('orken_session='))!
    .split(';')[0]!
}

beforeAll(async () => {
  server = await startServer({ PUBLIC_ORIGIN })
  db = openDatabase(server.dbFile)
  const course = await createTestCourse(db)
  cohort = await createTestCohort(db, course, { regionCode: 'KZ-75', endsOn: '2099-12-31', capacity: 50 })
  admin = await createUser(db, { roles: ['admin'], fullName: 'Әкімші Архив' })
  for (let i = 1; i <= 3; i++) numbers.certificates.push((await documentFor('completed', `Сертификат Иесі ${i}`)).number)
  for (let i = 1; i <= 2; i++) numbers.attendance.push((await documentFor('not_passed', `Анықтама Иесі ${i}`)).number)
  const revokedCertificate = await documentFor('completed', 'Жойылған Сертификат')
  const revokedStatement = await documentFor('not_passed', 'Жойылған Анықтама')
  for (const c of [revokedCertificate, revokedStatement]) {
    await revokeCertificate(testWork(db), c.id, 'Қате берілген')
    numbers.revoked.push(c.number)
  }
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('a cohort’s archive', () => {
  test('the job counts certificates, statements and revoked documents apart; the ZIP holds the valid ones and an index in the admin’s language', async () => {
    const work = testWork(db, { actorId: admin.id, config: { exportsDir: server.exportsDir } })
    const started = await startCertificateZip(work, cohort, 'ru')
    if (!started.ok) throw new Error(started.error)
    await started.value.done
    const job = await getZipJob(work, started.value.jobId)
    expect(job).toMatchObject({ status: 'done', total: 5, result: { kind: 'zip', files: 5, certificates: 3, attendance: 2, revoked: 2 } })

    const entries = unzipSync(new Uint8Array(fs.readFileSync(zipFilePath(work, started.value.jobId))))
    const pdfs = Object.keys(entries).filter((name) => name.endsWith('.pdf'))
    expect(pdfs.sort()).toEqual([...numbers.certificates, ...numbers.attendance].map((n) => `${n}.pdf`).sort())
    const index = new TextDecoder('utf-8', { ignoreBOM: true }).decode(entries['index.csv'])
    expect(index.startsWith('\uFEFF')).toBe(true)
    const lines = index.slice(1).split('\r\n')
    expect(lines.slice(0, 5)).toEqual([
      'Сертификаты;3',
      'Справки о прослушивании курса;2',
      'Отозванные документы (не вошли в архив);2',
      '',
      'Номер;Вид;Статус;Владелец;Файл',
    ])
    expect(lines).toContain(`${numbers.certificates[0]};Сертификат;Действителен;Сертификат Иесі 1;${numbers.certificates[0]}.pdf`)
    expect(lines).toContain(`${numbers.attendance[0]};Справка о прослушивании курса;Действителен;Анықтама Иесі 1;${numbers.attendance[0]}.pdf`)
    expect(lines).toContain(`${numbers.revoked[0]};Сертификат;Отозван;Жойылған Сертификат;нет в архиве`)
    expect(lines).toContain(`${numbers.revoked[1]};Справка о прослушивании курса;Отозван;Жойылған Анықтама;нет в архиве`)
  })

  test('over HTTP: the form names the counts, the job page shows them in Kazakh, and the downloaded index is in Kazakh', async () => {
    const cookie = await adminCookie()
    const form = await (await fetch(`${server.url}/admin/certificates`, { headers: { Cookie: cookie } })).text()
    expect(form).toContain('сертификаттар: 3, анықтамалар: 2, күші жойылған: 2')

    const res = await fetch(`${server.url}/admin/certificates?index`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
      body: new URLSearchParams({ intent: 'zip', cohortId: cohort }).toString(),
    })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    let html = ''
    const deadline = Date.now() + 20_000
    while (!html.includes('Архив дайын.') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      html = await (await fetch(server.url + location, { headers: { Cookie: cookie } })).text()
    }
    expect(html).toContain('Архив дайын.')
    const counts = /<dl class="details" aria-labelledby="zip-counts">(.*?)<\/dl>/s.exec(html)?.[1] ?? ''
    expect(counts.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')).toBe('|Сертификаттар|3|Тыңдаушы анықтамалары|2|Күші жойылған құжаттар (архивке кірмеді)|2|')

    const zip = await fetch(`${server.url}${location}.zip`, { headers: { Cookie: cookie } })
    expect(zip.status).toBe(200)
    const index = new TextDecoder().decode(unzipSync(new Uint8Array(await zip.arrayBuffer()))['index.csv'])
    expect(index).toContain('Сертификаттар;3\r\nТыңдаушы анықтамалары;2\r\nКүші жойылған құжаттар (архивке кірмеді);2\r\n')
    expect(index).toContain('архивте жоқ')
  }, 60_000)
})
