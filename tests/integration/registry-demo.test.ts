import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { loadPlaceData } from '#app/modules/reference/places-data.server.ts'
import { indexPlaces } from '#app/modules/reference/places.ts'
import { binProblem } from '#app/modules/registry/bin.ts'
import { checkRegistryRows, readRegistryFile } from '#app/modules/registry/registry-file.server.ts'
import { DEMO_REGISTRY_FILE, demoRegistryCsv } from '#tools/demo/make-registry.ts'
import { seedDemo } from '#tools/demo/seed.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

describe('the demo registry', () => {
  test('the committed file is what the generator makes, and it checks with no error and valid BINs', async () => {
    const bytes = fs.readFileSync(DEMO_REGISTRY_FILE)
    expect(bytes.toString('utf8')).toBe(demoRegistryCsv())
    const table = await readRegistryFile(new Uint8Array(bytes))
    if (!table.ok) throw new Error(table.error.key)
    const checked = await checkRegistryRows(indexPlaces(await loadPlaceData(testWork(db))), table.value.rows, async () => {})
    expect(checked.ok ? [] : checked.error.slice(0, 5)).toEqual([])
    if (!checked.ok) return
    expect(checked.value.length).toBeGreaterThanOrEqual(1_000)
    expect(checked.value.filter((e) => binProblem(e.bin) !== null)).toEqual([])
    // One region has schools of one name in different districts: only the district tells them apart.
    const districtsByName = new Map<string, Set<string>>()
    for (const e of checked.value)
      districtsByName.set(`${e.regionCode}|${e.nameKk}`, (districtsByName.get(`${e.regionCode}|${e.nameKk}`) ?? new Set()).add(e.districtId))
    expect([...districtsByName.values()].some((d) => d.size > 1)).toBe(true)
  })

  test('the development seed imports it into a database with no schools and gives its accounts a school of their region', async () => {
    // A development database starts with none (the test template has the fixture schools, which a seed keeps).
    await db.deleteFrom('schools').execute()
    const accounts = await seedDemo(testWork(db), 'demo-password-for-tests')
    const teacher = accounts.find((a) => a.role === 'teacher')!
    const school = await db.selectFrom('schools').select(['region_code', 'closed_at', 'bin']).where('id', '=', teacher.schoolId!).executeTakeFirstOrThrow()
    expect(school).toMatchObject({ region_code: teacher.regionCode, closed_at: null })
    expect(school.bin).not.toBeNull()
    const user = await db.selectFrom('users').select(['school_id', 'region_code']).where('email', '=', teacher.email).executeTakeFirstOrThrow()
    expect(user).toEqual({ school_id: teacher.schoolId, region_code: teacher.regionCode })
    const registry = await db
      .selectFrom('schools')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bin', 'like', '__________%')
      .executeTakeFirstOrThrow()
    expect(Number(registry.n)).toBeGreaterThanOrEqual(1_000)
  })
})
