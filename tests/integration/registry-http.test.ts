import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { completeBin } from '#app/modules/registry/bin.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// The registry's admin page over real HTTP against the built server: who may
// read it and who may import, an upload that goes through its job page with
// the counts, a refused file with its lines, and the filters.

let server: RunningServer
let db: Database
let admin: FixtureUser
let regional: FixtureUser
let trainer: FixtureUser
let teacher: FixtureUser
const login = sessionLogin(() => server)

const HEADER = 'БСН;Облыс;Аудан;Елді мекен;Атауы (мемлекеттік тілде);Атауы (орыс тілінде);Түрі;Оқыту тілі'
const bin = (n: number) => {
  for (let first11 = 66014000000 + n * 10; ; first11++) {
    const b = completeBin(String(first11))
    if (b) return b
  }
}
const GOOD = [
  HEADER,
  `${bin(1)};Ақмола облысы;Бурабай ауданы;Щучинск;Тестілік № 1 мектеп;Тестовая школа № 1;Мектеп-гимназия;Қазақ`,
  `${bin(2)};Ақмола облысы;Көкшетау қ.;Көкшетау;Тестілік № 2 мектеп;Тестовая школа № 2;Лицей;Орыс`,
].join('\n')

async function get(path: string, user: FixtureUser | null) {
  return fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
}

async function upload(user: FixtureUser, text: string, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.set('file', new File([text], 'registry.csv', { type: 'text/csv' }))
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return fetch(`${server.url}/admin/schools`, { method: 'POST', redirect: 'manual', headers: { Cookie: await login(user), Origin: server.url }, body: form })
}

async function finishedJobPage(location: string, user: FixtureUser): Promise<string> {
  const jobId = location.split('/').pop()!
  for (let i = 0; i < 100; i++) {
    const job = await db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()
    if (job.status !== 'running') return (await get(location, user)).text()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the job did not finish')
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'], locale: 'en' })
  regional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-11' })
  trainer = await createUser(db, { roles: ['trainer'] })
  teacher = await createUser(db, { roles: ['teacher'] })
}, 60_000)
afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('/admin/schools', () => {
  test('teachers and trainers are refused; a regional admin reads their region and has no upload', async () => {
    expect((await get('/admin/schools', teacher)).status).toBe(403)
    expect((await get('/admin/schools', trainer)).status).toBe(403)
    const page = await get('/admin/schools', regional)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).not.toContain('type="file"')
    expect(html).toContain('Ақмола облысы')
    expect(html).not.toContain('Абай облысы')
    expect(html).not.toContain('sch-kz75')
  })

  test('a regional admin, a trainer and a teacher cannot import: 403 and nothing written', async () => {
    const before = await db.selectFrom('jobs').select('id').where('kind', '=', 'registry').execute()
    for (const user of [regional, trainer, teacher]) expect((await upload(user, GOOD)).status).toBe(403)
    expect(await db.selectFrom('jobs').select('id').where('kind', '=', 'registry').execute()).toEqual(before)
    expect(await db.selectFrom('schools').select('id').where('bin', '=', bin(1)).execute()).toEqual([])
  })

  test('an admin uploads the registry and sees the counts on the job page; the schools are listed and filtered', async () => {
    const res = await upload(admin, GOOD, { full: 'on' })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/admin\/schools\/import\/\w+$/)
    const html = await finishedJobPage(location, admin)
    expect(html).toContain('Added')
    expect(html).toMatch(/the full national list/)
    const counts = await db.selectFrom('jobs').select('result').where('id', '=', location.split('/').pop()!).executeTakeFirstOrThrow()
    // Full list: the 60 fixture schools it leaves out are closed, none deleted.
    expect(JSON.parse(counts.result!)).toEqual({ kind: 'counts', created: 2, updated: 0, closed: 60, reopened: 0, unchanged: 0 })
    expect(await db.selectFrom('schools').select('id').where('id', '=', 'sch-kz75-1').execute()).toHaveLength(1)

    const list = await (await get('/admin/schools?region=KZ-11&district=kz-11-burabay-district&status=open', admin)).text()
    expect(list).toContain('Тестовая школа № 1')
    expect(list).not.toContain('Тестовая школа № 2')
    const byBin = await (await get(`/admin/schools?q=${bin(2)}`, admin)).text()
    expect(byBin).toContain('Тестовая школа № 2')
    expect(byBin).not.toContain('Тестовая школа № 1')
    const closed = await (await get('/admin/schools?status=closed&region=KZ-75', admin)).text()
    expect(closed).toContain('Almaty')
  })

  test('a refused file shows every bad line on the job page and writes nothing', async () => {
    const bad = [HEADER, `123;Ақмола облысы;Бурабай ауданы;;А;Б;;`, `${bin(3)};Марс;Бурабай ауданы;;А;Б;;`].join('\n')
    const res = await upload(admin, bad)
    expect(res.status).toBe(302)
    const html = await finishedJobPage(res.headers.get('location')!, admin)
    expect(html).toContain('is not a BIN')
    expect(html).toContain('Region &quot;Марс&quot; was not found')
    expect(await db.selectFrom('schools').select('id').where('bin', '=', bin(3)).execute()).toEqual([])
  })

  test('a file without the registry columns is refused on the form', async () => {
    const res = await upload(admin, 'Name;Email\nA;b\n')
    expect(res.status).toBe(400)
  })
})
