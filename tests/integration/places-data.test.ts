import { describe, expect, test } from 'vitest'
import { loadPlaceData, syncDistricts } from '#app/modules/reference/places-data.server.ts'
import { indexPlaces, matchDistrict, matchRegion, matchSchool } from '#app/modules/reference/places.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { districts } from '#db/reference/districts.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The district reference written to a real database copy (the template ran
// syncDistricts as a start does), and the place data the matcher reads back.

const db = createTestDb()

const storedDistricts = () => db.selectFrom('districts').select(['id', 'region_code', 'kind', 'name_kk', 'name_ru', 'name_en', 'sort']).orderBy('id').execute()

describe('syncDistricts', () => {
  test('writes the whole national list, and a second run changes nothing', async () => {
    const first = await storedDistricts()
    expect(first).toHaveLength(districts.length)
    expect(first.find((d) => d.id === 'kz-75-bostandyq-district')).toMatchObject({
      region_code: 'KZ-75',
      kind: 'district',
      name_kk: 'Бостандық ауданы',
      name_ru: 'Бостандыкский район',
      name_en: 'Bostandyq District',
    })
    await syncDistricts(db)
    await syncDistricts(db)
    expect(await storedDistricts()).toEqual(first)
  })

  test('restores names changed in the database to the reference', async () => {
    const before = await storedDistricts()
    await db.updateTable('districts').set({ name_kk: 'Қапшағай қ.', sort: 9999 }).where('id', '=', 'kz-19-konaev').execute()
    await syncDistricts(db)
    expect(await storedDistricts()).toEqual(before)
  })

  test('keeps a district the reference no longer lists while a school points to it, and starts without error', async () => {
    await db
      .insertInto('districts')
      .values({
        id: 'kz-75-old-district',
        region_code: 'KZ-75',
        kind: 'district',
        name_kk: 'Ескі ауданы',
        name_ru: 'Старый район',
        name_en: 'Old District',
        sort: 0,
      })
      .execute()
    await db.updateTable('schools').set({ district_id: 'kz-75-old-district' }).where('id', '=', 'sch-kz75-2').execute()
    await syncDistricts(db)
    expect(await db.selectFrom('districts').select('name_ru').where('id', '=', 'kz-75-old-district').executeTakeFirst()).toEqual({ name_ru: 'Старый район' })
    expect(await db.selectFrom('districts').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: districts.length + 1 })
    await db.updateTable('schools').set({ district_id: null }).where('id', '=', 'sch-kz75-2').execute()
    await db.deleteFrom('districts').where('id', '=', 'kz-75-old-district').execute()
  })
})

describe('loadPlaceData', () => {
  test('reads the regions, districts with their kind, and schools with their BIN, district and closing', async () => {
    const closedAt = now().toISOString()
    await db
      .updateTable('schools')
      .set({ bin: '050140001234', district_id: 'kz-75-medeu-district', closed_at: closedAt })
      .where('id', '=', 'sch-kz75-3')
      .execute()
    await db.updateTable('schools').set({ bin: '060240005678', district_id: 'kz-75-almaly-district' }).where('id', '=', 'sch-kz75-1').execute()

    const data = await loadPlaceData(testWork(db))
    expect(data.regions).toHaveLength(20)
    expect(data.districts).toHaveLength(districts.length)
    expect(data.districts.find((d) => d.id === 'kz-33-taldykorgan')).toMatchObject({ region_code: 'KZ-33', kind: 'city', name_ru: 'г. Талдыкорган' })
    expect(data.schools.find((s) => s.id === 'sch-kz75-3')).toMatchObject({
      bin: '050140001234',
      region_code: 'KZ-75',
      district_id: 'kz-75-medeu-district',
      closed: true,
      closed_at: closedAt,
    })
    expect(data.schools.find((s) => s.id === 'sch-kz75-1')).toMatchObject({ bin: '060240005678', closed: false, closed_at: null })

    // The matcher over what was read: the region and district of a teacher
    // list's row, then its school by BIN and by name.
    const index = indexPlaces(data)
    expect(matchRegion(index, 'г. Алматы')).toEqual({ ok: true, value: 'KZ-75' })
    expect(matchDistrict(index, 'KZ-75', 'Алмалинский р-н')).toEqual({ ok: true, value: 'kz-75-almaly-district' })
    expect(matchSchool(index, { text: '060240005678', regionCode: 'KZ-75', districtId: null })).toEqual({ ok: true, value: 'sch-kz75-1' })
    const demo = data.schools.find((s) => s.id === 'sch-kz75-2')!
    expect(matchSchool(index, { text: `КГУ «${demo.name_ru}»`, regionCode: 'KZ-75', districtId: null })).toEqual({ ok: true, value: 'sch-kz75-2' })
    expect(matchSchool(index, { text: demo.name_ru, regionCode: 'KZ-19', districtId: null })).toMatchObject({
      ok: false,
      error: { key: 'places.school.notFound' },
    })
    expect(matchSchool(index, { text: '050140001234', regionCode: 'KZ-75', districtId: null })).toMatchObject({
      ok: false,
      error: { key: 'places.school.closed', params: { since: closedAt.slice(0, 10) } },
    })
  })
})
