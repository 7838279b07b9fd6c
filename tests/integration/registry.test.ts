import { beforeAll, describe, expect, test } from 'vitest'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { getDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { districtRows, regionSchools } from '#app/modules/dashboard/drill-downs.server.ts'
import { districtsTable } from '#app/modules/dashboard/district-table.server.ts'
import { listSchools, schoolInRegion } from '#app/modules/reference/reference.server.ts'
import { binProblem, completeBin } from '#app/modules/registry/bin.ts'
import { readRegistryFile } from '#app/modules/registry/registry-file.server.ts'
import { getRegistryJob, startRegistryImport, type RegistryResult } from '#app/modules/registry/registry.server.ts'
import { fixtureSchools } from '#tests/fixtures/schools.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()
const HEADER = 'БСН;Облыс;Аудан;Елді мекен;Атауы (мемлекеттік тілде);Атауы (орыс тілінде);Түрі;Оқыту тілі;Мәртебесі'

let admin: FixtureUser
beforeAll(async () => {
  admin = await createUser(db, { roles: ['admin'] })
})

/** A valid BIN of this test's own range (the fixture schools' BINs start 0101400). */
function bin(n: number): string {
  for (let first11 = 55014000000 + n * 10; ; first11++) {
    const b = completeBin(String(first11))
    if (b) return b
  }
}

interface Row {
  bin: string
  region?: string
  district?: string
  settlement?: string
  kk?: string
  ru?: string
  kind?: string
  language?: string
  status?: string
}

const line = (r: Row) =>
  [
    r.bin,
    r.region ?? 'Ақмола облысы',
    r.district ?? 'Бурабай ауданы',
    r.settlement ?? 'Щучинск',
    r.kk ?? `№ ${r.bin.slice(-3)} мектеп`,
    r.ru ?? `Школа № ${r.bin.slice(-3)}`,
    r.kind ?? 'Жалпы білім беретін мектеп',
    r.language ?? 'Қазақ',
    r.status ?? '',
  ].join(';')

const file = (rows: Row[]) => new TextEncoder().encode([HEADER, ...rows.map(line)].join('\n') + '\n')

async function importRegistry(rows: Row[], options: { full?: boolean } = {}): Promise<RegistryResult> {
  const work = testWork(db, { actorId: admin.id })
  const table = await readRegistryFile(file(rows))
  if (!table.ok) throw new Error(`file refused: ${table.error.key}`)
  const started = await startRegistryImport(work, table.value, { fileName: 'registry.csv', full: options.full ?? false, sheet: null })
  if (!started.ok) throw new Error(`import refused: ${started.error.key}`)
  await started.value.done
  const job = await getRegistryJob(work, started.value.jobId)
  if (!job?.result) throw new Error('the job recorded no result')
  return job.result
}

const schoolByBin = (b: string) => db.selectFrom('schools').selectAll().where('bin', '=', b).executeTakeFirst()
const schoolCount = async () =>
  Number(
    (
      await db
        .selectFrom('schools')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('BIN', () => {
  test('12 digits with the IIN check digit; a wrong check digit or length is refused', () => {
    const good = bin(1)
    expect(binProblem(good)).toBeNull()
    expect(binProblem(good.slice(0, 11) + String((Number(good[11]) + 1) % 10))).toBe('checksum')
    expect(binProblem(good.slice(1))).toBe('format')
    expect(binProblem(`${good.slice(0, 11)}x`)).toBe('format')
  })
})

describe('registry import', () => {
  test('every bad row is refused with its line and nothing is written', async () => {
    const before = await schoolCount()
    const dup = bin(9)
    const result = await importRegistry([
      { bin: '123456789012' }, // line 2: bad check digit
      { bin: bin(2), region: 'Марс облысы' }, // 3
      { bin: bin(3), district: 'Медеу ауданы' }, // 4: a district of another region
      { bin: dup }, // 5
      { bin: dup }, // 6
      { bin: bin(4), kk: '', ru: '' }, // 7
      { bin: bin(5), kind: 'Университет' }, // 8
      { bin: bin(6), language: 'Француз' }, // 9
      { bin: bin(7), status: 'Белгісіз' }, // 10
      { bin: bin(8) }, // 11: good
    ])
    expect(result.kind).toBe('errors')
    if (result.kind !== 'errors') return
    const byLine = (n: number) => result.errors.filter((e) => e.line === n).map((e) => e.key)
    expect(byLine(2)).toEqual(['registry.row.bin'])
    expect(byLine(3)).toEqual(['registry.row.region'])
    expect(byLine(4)).toEqual(['registry.row.district'])
    expect(byLine(5)).toEqual(['registry.row.duplicateBin'])
    expect(byLine(6)).toEqual(['registry.row.duplicateBin'])
    expect(byLine(7)).toEqual(['registry.row.nameKk', 'registry.row.nameRu'])
    expect(byLine(8)).toEqual(['registry.row.kind'])
    expect(byLine(9)).toEqual(['registry.row.language'])
    expect(byLine(10)).toEqual(['registry.row.status'])
    expect(byLine(11)).toEqual([])
    expect(result.errors.find((e) => e.line === 8)?.params?.accepted).toContain('гимназия')
    expect(result.errors.find((e) => e.line === 5)?.params?.lines).toBe('5, 6')
    expect(await schoolCount()).toBe(before)
  })

  test('new schools are added; the same file twice changes nothing', async () => {
    const rows: Row[] = [
      { bin: bin(20), kind: 'Мектеп-гимназия', language: 'Русский язык' },
      { bin: bin(21), region: 'KZ-11', district: 'Көкшетау қ.', settlement: 'Көкшетау', kind: 'Лицей', language: 'Аралас' },
      { bin: bin(22), status: 'Действующая', kind: '', language: '' },
    ]
    expect(await importRegistry(rows)).toEqual({ kind: 'counts', created: 3, updated: 0, closed: 0, reopened: 0, unchanged: 0 })
    const gymnasium = await schoolByBin(bin(20))
    expect(gymnasium).toMatchObject({ region_code: 'KZ-11', district_id: 'kz-11-burabay-district', district: 'Бурабай ауданы', settlement: 'Щучинск' })
    expect(gymnasium).toMatchObject({ kind: 'gymnasium', language: 'ru', closed_at: null, is_demo: 0 })
    expect(await schoolByBin(bin(21))).toMatchObject({ district_id: 'kz-11-kokshetau', kind: 'lyceum', language: 'mixed' })
    const before = await db.selectFrom('schools').selectAll().orderBy('id').execute()
    expect(await importRegistry(rows)).toEqual({ kind: 'counts', created: 0, updated: 0, closed: 0, reopened: 0, unchanged: 3 })
    expect(await db.selectFrom('schools').selectAll().orderBy('id').execute()).toEqual(before)
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.import').execute()
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actor_user_id: admin.id, target_type: 'schools' })
  })

  test('a rename and a move to another district update the school under the same id', async () => {
    await importRegistry([{ bin: bin(30), kk: 'Ескі атау', ru: 'Старое название' }])
    const before = (await schoolByBin(bin(30)))!
    const result = await importRegistry([{ bin: bin(30), kk: 'Жаңа атау', ru: 'Новое название', district: 'г. Кокшетау', settlement: 'Кокшетау' }])
    expect(result).toEqual({ kind: 'counts', created: 0, updated: 1, closed: 0, reopened: 0, unchanged: 0 })
    const after = (await schoolByBin(bin(30)))!
    expect(after).toMatchObject({ id: before.id, name_kk: 'Жаңа атау', name_ru: 'Новое название', district_id: 'kz-11-kokshetau', district: 'Көкшетау қ.' })
    expect(after.updated_at).not.toBe(before.updated_at)
  })

  test('a school listed as closed is closed, keeps its teachers and is never deleted; listed open again, it reopens', async () => {
    await importRegistry([{ bin: bin(40) }])
    const school = (await schoolByBin(bin(40)))!
    const teacher = await createUser(db, { roles: ['teacher'], regionCode: 'KZ-11', schoolId: school.id })
    expect(await importRegistry([{ bin: bin(40), status: 'Жабылған' }])).toMatchObject({ closed: 1, unchanged: 0 })
    const closed = (await schoolByBin(bin(40)))!
    expect(closed.closed_at).not.toBeNull()
    expect(await db.selectFrom('users').select('school_id').where('id', '=', teacher.id).executeTakeFirst()).toEqual({ school_id: school.id })
    // Not offered to someone registering, nor accepted from them; the teacher who has it keeps it.
    expect((await listSchools(testWork(db), 'KZ-11')).map((s) => s.id)).not.toContain(school.id)
    expect((await listSchools(testWork(db), 'KZ-11', { keep: school.id })).map((s) => s.id)).toContain(school.id)
    expect(await schoolInRegion(testWork(db), school.id, 'KZ-11')).toBe(false)
    expect(await schoolInRegion(testWork(db), school.id, 'KZ-11', { keep: school.id })).toBe(true)
    expect(await importRegistry([{ bin: bin(40), status: 'закрыта' }])).toMatchObject({ closed: 0, unchanged: 1 })
    expect(await importRegistry([{ bin: bin(40) }])).toEqual({ kind: 'counts', created: 0, updated: 0, closed: 0, reopened: 1, unchanged: 0 })
    expect((await schoolByBin(bin(40)))!.closed_at).toBeNull()
  })

  test('a full national list closes the schools with a BIN it leaves out, never one without a BIN', async () => {
    await db
      .insertInto('schools')
      .values({
        id: 'sch-no-bin',
        region_code: 'KZ-11',
        district: null,
        name_kk: 'БСН-сіз',
        name_ru: 'Без БИН',
        name_en: 'No BIN',
        is_demo: 1,
        created_at: '2026-01-01',
      })
      .execute()
    await importRegistry([{ bin: bin(50) }, { bin: bin(51) }])
    const openWithBin = await db.selectFrom('schools').select('bin').where('bin', 'is not', null).where('closed_at', 'is', null).execute()
    const absent = openWithBin.filter((s) => s.bin !== bin(50)).length
    // Without --full nothing absent is closed.
    expect(await importRegistry([{ bin: bin(50) }])).toMatchObject({ closed: 0, unchanged: 1 })
    expect(await importRegistry([{ bin: bin(50) }], { full: true })).toEqual({
      kind: 'counts',
      created: 0,
      updated: 0,
      closed: absent,
      reopened: 0,
      unchanged: 1,
    })
    expect((await schoolByBin(bin(51)))!.closed_at).not.toBeNull()
    expect((await schoolByBin(fixtureSchools()[0]!.bin))!.closed_at).not.toBeNull()
    expect(await db.selectFrom('schools').select('closed_at').where('id', '=', 'sch-no-bin').executeTakeFirst()).toEqual({ closed_at: null })
    // The same full list again: nothing more to close.
    expect(await importRegistry([{ bin: bin(50) }], { full: true })).toMatchObject({ closed: 0, unchanged: 1 })
    // Bring the fixture schools back for the tests after this one.
    await db.updateTable('schools').set({ closed_at: null }).execute()
  })

  test('a second registry import while one runs is refused', async () => {
    const work = testWork(db, { actorId: admin.id })
    const table = await readRegistryFile(file([{ bin: bin(60) }]))
    if (!table.ok) throw new Error(table.error.key)
    const first = await startRegistryImport(work, table.value, { fileName: 'a.csv', full: false, sheet: null })
    const second = await startRegistryImport(work, table.value, { fileName: 'b.csv', full: false, sheet: null })
    expect(first.ok).toBe(true)
    expect(second).toEqual({ ok: false, error: { key: 'registry.busy' } })
    if (first.ok) await first.value.done
    const third = await startRegistryImport(work, table.value, { fileName: 'c.csv', full: false, sheet: null })
    expect(third.ok).toBe(true)
    if (third.ok) await third.value.done
    expect(await db.selectFrom('registry_stage').selectAll().execute()).toEqual([])
  })
})

describe('districts in the dashboard', () => {
  test("a region's districts add up to its schools and to the region's total; schools without a district are a row of their own", async () => {
    await db
      .insertInto('schools')
      .values({
        id: 'sch-kz11-nodistrict',
        region_code: 'KZ-11',
        district: null,
        name_kk: 'Аудансыз',
        name_ru: 'Без района',
        name_en: 'No district',
        is_demo: 1,
        created_at: '2026-01-01',
      })
      .execute()
    for (const schoolId of ['sch-kz11-1', 'sch-kz11-1', 'sch-kz11-2', 'sch-kz11-3', 'sch-kz11-nodistrict'])
      await createUser(db, { roles: ['teacher'], regionCode: 'KZ-11', schoolId })
    const work = testWork(db)
    const year = Number(localIsoDate(now()).slice(0, 4))
    const schools = await regionSchools(work, { region: 'KZ-11', allowed: null, year })
    if (!schools.ok) throw new Error(schools.error)
    const districts = districtRows(schools.value)
    expect(districts.map((d) => d.id)).toEqual(['kz-11-burabay-district', 'kz-11-kokshetau', null])
    expect(districts.find((d) => d.id === 'kz-11-kokshetau')).toMatchObject({ schools: 2, names: { kk: 'Көкшетау қ.' } })
    const dashboard = await getDashboard(work, { year, region: null, allowed: ['KZ-11'] })
    if (!dashboard.ok) throw new Error(dashboard.error)
    const region = dashboard.value.regions.find((r) => r.code === 'KZ-11')!
    for (const key of schools.value.keys) {
      const byDistrict = districts.reduce((sum, d) => sum + (d.values[key] ?? 0), 0)
      expect(byDistrict).toBe(schools.value.schools.reduce((sum, s) => sum + (s.values[key] ?? 0), 0))
      expect(byDistrict, key).toBe(region.values[key])
    }
    expect(region.values.registered_site_users).toBeGreaterThanOrEqual(5)
    const table = districtsTable(schools.value, 'en')
    expect(table.header.slice(0, 3)).toEqual(['District', 'District code', 'Schools'])
    expect(table.rows.at(-1)?.slice(0, 2)).toEqual(['No district given', null])
  })
})
