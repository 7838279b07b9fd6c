import { describe, expect, test } from 'vitest'
import { allMessageKeys, translate } from '#app/i18n/catalog.server.ts'
import type { Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { indexPlaces, matchDistrict, matchRegion, matchSchool, schoolNameKey, type PlaceData } from '#app/modules/reference/places.ts'
import { districts } from '#db/reference/districts.ts'
import { regions } from '#db/reference/regions.ts'
import { fixtureSchools } from '#tests/fixtures/schools.ts'

const BIN_A = '050140001234'
const BIN_B = '060240005678'
const BIN_C = '070340009012'
const BIN_D = '080440003456'

const school = (s: Partial<PlaceData['schools'][number]> & { id: string; region_code: string; name_kk: string; name_ru: string }) => ({
  bin: null,
  district_id: null,
  closed: false,
  closed_at: null,
  ...s,
})

const data: PlaceData = {
  regions: regions.map((r) => ({ code: r.code, name_kk: r.name.kk, name_ru: r.name.ru, name_en: r.name.en })),
  districts: districts.map((d) => ({ id: d.id, region_code: d.regionCode, name_kk: d.name.kk, name_ru: d.name.ru, name_en: d.name.en })),
  schools: [
    school({
      id: 'a',
      bin: BIN_A,
      region_code: 'KZ-75',
      district_id: 'kz-75-bostandyq-district',
      name_kk: '№12 жалпы білім беретін мектеп',
      name_ru: 'Средняя школа № 12',
    }),
    school({
      id: 'b',
      bin: BIN_B,
      region_code: 'KZ-75',
      district_id: 'kz-75-medeu-district',
      name_kk: '№12 жалпы білім беретін мектеп',
      name_ru: 'Средняя школа № 12',
    }),
    school({
      id: 'c',
      bin: BIN_C,
      region_code: 'KZ-75',
      district_id: 'kz-75-almaly-district',
      name_kk: '№5 гимназия',
      name_ru: 'Гимназия № 5',
      closed: true,
      closed_at: '2025-06-30T00:00:00.000Z',
    }),
    school({ id: 'd', bin: BIN_D, region_code: 'KZ-19', district_id: 'kz-19-karasai-district', name_kk: '№7 лицей', name_ru: 'Лицей № 7' }),
    school({
      id: 'e',
      region_code: 'KZ-75',
      district_id: 'kz-75-bostandyq-district',
      name_kk: '№12 мектеп-гимназия',
      name_ru: 'Школа-гимназия №12',
    }),
    school({ id: 'sch-kz75-9', region_code: 'KZ-75', name_kk: 'Абай атындағы №9 мектеп-гимназия', name_ru: 'Школа-гимназия №9 имени Абая' }),
  ],
}
const index = indexPlaces(data)

const okValue = <T>(r: Result<T, ImportMessage>) => (r.ok ? r.value : r.error)
const region = (text: string) => okValue(matchRegion(index, text))
const district = (code: string, text: string) => okValue(matchDistrict(index, code, text))
const schoolOf = (text: string, regionCode: string, districtId: string | null = null) => okValue(matchSchool(index, { text, regionCode, districtId }))

describe('regions', () => {
  test('every region by its Kazakh, Russian and English name and its code in every spelling', () => {
    for (const r of regions) {
      for (const name of [r.name.kk, r.name.ru, r.name.en, r.name.kk.toUpperCase(), ` ${r.name.ru.toLowerCase()} `])
        expect([name, region(name)]).toEqual([name, r.code])
      const n = r.code.slice(3)
      for (const code of [r.code, `kz${n}`, `KZ ${n}`, `kz-${n}`, `КZ-${n}`, `КЗ-${n}`, `${r.code} ${r.name.ru}`, `${r.code} (${r.name.kk})`]) {
        expect([code, region(code)]).toEqual([code, r.code])
      }
    }
  })

  test('the oblasts with and without the word, in full and abbreviated', () => {
    const cases: [string, string][] = [
      ['Алматы облысы', 'KZ-19'],
      ['Алматинская область', 'KZ-19'],
      ['Алматинская обл.', 'KZ-19'],
      ['Алматы обл.', 'KZ-19'],
      ['Алматинская', 'KZ-19'],
      ['Almaty region', 'KZ-19'],
      ['Қарағанды', 'KZ-35'],
      ['Караганды облысы', 'KZ-35'], // Kazakh typed with Russian letters
      ['Карагандинская обл', 'KZ-35'],
      ['Шығыс Қазақстан облысы', 'KZ-63'],
      ['Шыгыс Казакстан обл.', 'KZ-63'],
      ['Восточно–Казахстанская область', 'KZ-63'], // an en dash
      ['ВКО', 'KZ-63'],
      ['ШҚО', 'KZ-63'],
      ['ЗКО', 'KZ-27'],
      ['БҚО', 'KZ-27'],
      ['СКО', 'KZ-59'],
      ['Северо Казахстанская обл.', 'KZ-59'],
      ['область Абай', 'KZ-10'],
      ['Абай облысы', 'KZ-10'],
      ['Абайская обл.', 'KZ-10'],
      ['область Жетісу', 'KZ-33'],
      ['Жетісу облысы', 'KZ-33'],
      ['Жетисуская область', 'KZ-33'],
      ['область Ұлытау', 'KZ-62'],
      ['Улытауская обл.', 'KZ-62'],
      ['Түркістан обл.', 'KZ-61'],
      ['Туркестанская', 'KZ-61'],
      ['Ақмола', 'KZ-11'],
      ['Акмолинская обл.', 'KZ-11'],
      ['Мангистауская область', 'KZ-47'],
      ['Мангыстауская область', 'KZ-47'],
      ['«Алматы облысы»', 'KZ-19'],
      ['Aлматы  облысы', 'KZ-19'], // a Latin A and two spaces
      ['Жамбыл облысы, Жамбыл ауданы', 'KZ-31'],
      ['Алматы облысы Қарасай ауданы', 'KZ-19'],
      ['Жетiсу облысы', 'KZ-33'], // a Latin i for і
      ['Алматы\u00a0облысы', 'KZ-19'],
    ]
    for (const [text, code] of cases) expect([text, region(text)]).toEqual([text, code])
  })

  test('Алматы, Астана and Шымкент alone or with қ. / г. are the cities', () => {
    for (const text of [
      'Алматы',
      'АЛМАТЫ',
      'Алматы қ.',
      'г. Алматы',
      'г.Алматы',
      'Алматы қаласы',
      'город Алматы',
      'Алматы г.',
      'Almaty',
      'Алма-Ата',
      'г. Алматы, Бостандыкский район',
    ]) {
      expect([text, region(text)]).toEqual([text, 'KZ-75'])
    }
    for (const text of [
      'Астана',
      'Астана қ.',
      'г. Астана',
      'Нұр-Сұлтан',
      'Нур-Султан',
      'г. Нур-Султан',
      'Нұр-Сұлтан қаласы',
      'Целиноград',
      'Ақмола қ.',
      'г. Акмола',
    ]) {
      expect([text, region(text)]).toEqual([text, 'KZ-71'])
    }
    for (const text of ['Шымкент', 'Шымкент қ.', 'г. Шымкент', 'Чимкент']) expect([text, region(text)]).toEqual([text, 'KZ-79'])
  })

  test('former regions are the regions that took them over', () => {
    for (const text of ['Оңтүстік Қазақстан облысы', 'Южно-Казахстанская область', 'Южно-Казахстанская обл.', 'ЮКО', 'ОҚО', 'Шымкент облысы']) {
      expect([text, region(text)]).toEqual([text, 'KZ-61'])
    }
    expect(region('Семипалатинская область')).toBe('KZ-10')
    expect(region('Талдыкорганская область')).toBe('KZ-33')
    expect(region('Джезказганская область')).toBe('KZ-62')
  })

  test('a city of regional significance is its region', () => {
    expect(region('г. Семей')).toBe('KZ-10')
    expect(region('Талдықорған қ.')).toBe('KZ-33')
    expect(region('г. Конаев')).toBe('KZ-19')
    expect(region('Қапшағай қ.')).toBe('KZ-19')
    expect(region('Өскемен')).toBe('KZ-63')
    expect(region('Усть-Каменогорск')).toBe('KZ-63')
  })

  test('refusals: empty, unknown, a code that is no region, a district', () => {
    expect(region('  ')).toEqual({ key: 'places.region.missing' })
    expect(region('Атлантида')).toEqual({ key: 'places.region.unknown', params: { value: 'Атлантида' } })
    expect(region('KZ-99')).toEqual({ key: 'places.region.unknown', params: { value: 'KZ-99' } })
    expect(region('Бостандық ауданы')).toEqual({ key: 'places.region.isDistrict', params: { value: 'Бостандық ауданы', region: 'Алматы' } })
    // The district Балқаш (Almaty region), not the city Балқаш (Karaganda region).
    expect(region('Балқаш ауданы')).toEqual({
      key: 'places.region.isDistrict',
      params: { value: 'Балқаш ауданы', region: 'Алматы облысы / Алматинская область' },
    })
  })
})

describe('the district reference', () => {
  test('covers every region, with unique ids in the stable form', () => {
    expect(new Set(districts.map((d) => d.regionCode))).toEqual(new Set(regions.map((r) => r.code)))
    expect(new Set(districts.map((d) => d.id)).size).toBe(districts.length)
    for (const d of districts) expect(d.id).toMatch(new RegExp(`^${d.regionCode.toLowerCase()}-[a-z0-9]+(-[a-z0-9]+)*$`))
    expect(districts.length).toBeGreaterThan(200)
    expect(districts.filter((d) => d.regionCode === 'KZ-75').map((d) => d.name.kk)).toHaveLength(8)
    expect(districts.filter((d) => d.regionCode === 'KZ-71')).toHaveLength(6)
    expect(districts.filter((d) => d.regionCode === 'KZ-79')).toHaveLength(5)
  })

  test('keeps the ids the first reference had: each oblast centre and the district regions.ts names', () => {
    const slug = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
    const ids = new Set(districts.map((d) => d.id))
    for (const r of regions.filter((r) => r.kind === 'oblast')) {
      expect(ids).toContain(`${r.code.toLowerCase()}-${slug(r.centre.en)}`)
      expect(ids).toContain(`${r.code.toLowerCase()}-${slug(r.district.en)}`)
    }
    expect(ids).toContain('kz-75-bostandyq-district')
  })

  test("the demo schools' districts are written as the reference names them", () => {
    for (const s of fixtureSchools()) expect(districts.filter((d) => d.regionCode === s.region_code).map((d) => d.name.kk)).toContain(s.district)
  })

  test('every district and city is found by each of its names, and by its former names', () => {
    for (const d of districts) {
      for (const name of [d.name.kk, d.name.ru, d.name.en, ...(d.formerNames ?? [])]) expect([name, district(d.regionCode, name)]).toEqual([name, d.id])
    }
  })
})

describe('districts', () => {
  test('as people write them: with ауданы / район / р-н / ауд. or without, in either language', () => {
    const forms = [
      'Бостандық ауданы',
      'Бостандыкский район',
      'Бостандық',
      'Бостандык',
      'бостандыкский р-н',
      'Бостандық ауд.',
      'район Бостандык',
      'Bostandyq district',
      'г. Алматы, Бостандыкский район',
      'Алматы қаласы Бостандық ауданы',
      'kz-75-bostandyq-district',
    ]
    for (const text of forms) expect([text, district('KZ-75', text)]).toEqual([text, 'kz-75-bostandyq-district'])
    expect(district('KZ-75', 'Ауэзов ауданы')).toBe('kz-75-auezov-district')
    expect(district('KZ-75', 'Әуезов')).toBe('kz-75-auezov-district')
    expect(district('KZ-75', 'Турксиб')).toBe('kz-75-turksib-district')
    expect(district('KZ-75', 'ЖЕТЫСУСКИЙ Р-Н')).toBe('kz-75-zhetisu-district')
    expect(district('KZ-19', 'Енбекшиказахский')).toBe('kz-19-enbekshikazakh-district')
    expect(district('KZ-19', 'с. Каскелен, Карасайский р-н')).toBe('kz-19-karasai-district')
    expect(district('KZ-79', 'Аль-Фарабийский район')).toBe('kz-79-al-farabi-district')
    expect(district('KZ-79', 'Әл-Фараби ауданы')).toBe('kz-79-al-farabi-district')
    expect(district('KZ-71', 'район Алматы')).toBe('kz-71-almaty-district')
    expect(district('KZ-71', 'Есиль')).toBe('kz-71-esil-district')
    expect(district('KZ-59', 'район Габита Мусрепова')).toBe('kz-59-gabit-musirepov-district')
    expect(district('KZ-31', 'Т. Рысқұлов ауданы')).toBe('kz-31-turar-ryskulov-district')
  })

  test('cities of regional significance in their forms', () => {
    for (const text of ['Талдықорған қ.', 'г. Талдыкорган', 'Талдыкорган', 'Талдықорған қаласы', 'город Талдыкорган', 'Талдықорған қ.ә.']) {
      expect([text, district('KZ-33', text)]).toEqual([text, 'kz-33-taldykorgan'])
    }
    expect(district('KZ-55', 'г. Экибастуз')).toBe('kz-55-ekibastuz')
    expect(district('KZ-55', 'Екібастұз')).toBe('kz-55-ekibastuz')
  })

  test('a bare name that is a city and a district is the city; with its word, the district', () => {
    expect(district('KZ-39', 'Қостанай')).toBe('kz-39-kostanay')
    expect(district('KZ-39', 'г. Костанай')).toBe('kz-39-kostanay')
    expect(district('KZ-39', 'Қостанай ауданы')).toBe('kz-39-kostanay-district')
    expect(district('KZ-39', 'Костанайский район')).toBe('kz-39-kostanay-district')
  })

  test('former names', () => {
    expect(district('KZ-19', 'Қапшағай қ.')).toBe('kz-19-konaev')
    expect(district('KZ-19', 'г. Капчагай')).toBe('kz-19-konaev')
    expect(district('KZ-11', 'Еңбекшілдер ауданы')).toBe('kz-11-birzhan-sal-district')
    expect(district('KZ-11', 'Енбекшильдерский район')).toBe('kz-11-birzhan-sal-district')
    expect(district('KZ-39', 'Тарановский район')).toBe('kz-39-beimbet-mailin-district')
    expect(district('KZ-63', 'Зыряновский район')).toBe('kz-63-altai-district')
    expect(district('KZ-27', 'Зеленовский район')).toBe('kz-27-baiterek-district')
  })

  test('refusals name the region, and the other region when the district is there', () => {
    expect(district('KZ-19', 'Бостандық ауданы')).toEqual({
      key: 'places.district.otherRegion',
      params: { value: 'Бостандық ауданы', region: 'Алматы облысы / Алматинская область', other: 'Алматы' },
    })
    // Taldykorgan was the Almaty region's centre until 2022: now it is in Jetisu.
    expect(district('KZ-19', 'Талдықорған қ.')).toEqual({
      key: 'places.district.otherRegion',
      params: { value: 'Талдықорған қ.', region: 'Алматы облысы / Алматинская область', other: 'Жетісу облысы / Жетысуская область' },
    })
    expect(district('KZ-75', 'Нетакой')).toEqual({ key: 'places.district.unknown', params: { value: 'Нетакой', region: 'Алматы' } })
    expect(district('KZ-75', '')).toEqual({ key: 'places.district.missing', params: { region: 'Алматы' } })
  })
})

describe('school names', () => {
  const same = (...names: string[]) => expect(new Set(names.map(schoolNameKey)).size, names.join(' | ')).toBe(1)

  test('numbers however written', () => {
    same('№5 мектеп', '№ 5 мектеп', 'N5 мектеп', 'No. 5 мектеп', 'No5 мектеп', '5-ші мектеп', '5 мектеп', 'мектеп №5', 'Мектеп № 05', '#5 мектеп')
    same('Средняя школа №12', 'средняя школа 12', 'Средняя школа N 12', '12-я средняя школа', 'Средняя школа №１２')
    expect(schoolNameKey('мектеп №5')).not.toBe(schoolNameKey('мектеп №6'))
    expect(schoolNameKey('Мектеп №15')).not.toBe(schoolNameKey('Мектеп №5'))
  })

  test('quotes, case, spaces, hyphens and Kazakh letters typed as Russian ones', () => {
    same('«Болашақ» мектебі', '"Болашак" мектеп', '„Болашақ“ мектеп', "'БОЛАШАҚ'   мектеп", '“Болашақ” мектебі', '’Болашак’ мектеп')
    same('Мектеп-гимназия №3', 'мектеп гимназиясы №3', 'МЕКТЕП–ГИМНАЗИЯ № 3')
    expect(schoolNameKey('Гимназия №5')).not.toBe(schoolNameKey('Лицей №5'))
  })

  test('legal forms and the owner do not count', () => {
    same(
      'Средняя школа №12',
      'КГУ «Средняя школа № 12»',
      'ГУ "Средняя школа N12"',
      'Коммунальное государственное учреждение "Средняя школа №12" отдела образования Бостандыкского района управления образования города Алматы',
      'Государственное учреждение «Средняя школа №12»',
      'КГКП "Средняя школа №12"',
      'ТОО "Средняя школа №12"',
    )
    same(
      '№12 жалпы орта білім беретін мектеп',
      '«№12 жалпы орта білім беретін мектебі» КММ',
      'Бостандық ауданы білім бөлімінің «№12 жалпы орта білім беретін мектебі» коммуналдық мемлекеттік мекемесі',
      '"№ 12 жалпы орта білім беретін мектеп" мемлекеттік мекемесі',
      'МКҚК «№12 жалпы орта білім беретін мектеп»',
      'ЖШС «№12 жалпы орта білім беретін мектеп»',
    )
  })
})

describe('schools', () => {
  test('the same cell twice gets the same answer', () => {
    expect(schoolOf('Средняя школа 12', 'KZ-75')).toEqual(schoolOf('Средняя школа 12', 'KZ-75'))
    expect(schoolOf('Средняя школа 12', 'KZ-75', 'kz-75-medeu-district')).toBe('b')
    expect(schoolOf('Средняя школа 12', 'KZ-75', 'kz-75-bostandyq-district')).toBe('a')
  })

  test('by a 12-digit BIN, spaces allowed', () => {
    expect(schoolOf(BIN_A, 'KZ-75')).toBe('a')
    expect(schoolOf('0501 4000 1234', 'KZ-75')).toBe('a')
  })

  test('an unknown BIN says no school has it; a BIN Excel turned into a number says how to keep it', () => {
    expect(schoolOf('999999999999', 'KZ-75')).toEqual({ key: 'places.school.binUnknown', params: { value: '999999999999' } })
    expect(schoolOf('50140001234', 'KZ-75')).toEqual({ key: 'places.school.binAsNumber', params: { value: '50140001234' } })
    expect(schoolOf('5.01400E+10', 'KZ-75')).toEqual({ key: 'places.school.binAsNumber', params: { value: '5.01400E+10' } })
  })

  test('by id, and by name within the district', () => {
    expect(schoolOf('sch-kz75-9', 'KZ-75')).toBe('sch-kz75-9')
    expect(schoolOf('КГУ «Средняя школа №12»', 'KZ-75', 'kz-75-bostandyq-district')).toBe('a')
    expect(schoolOf('№12 жалпы білім беретін мектебі', 'KZ-75', 'kz-75-medeu-district')).toBe('b')
    // A school with no district yet is found from any district of its region.
    expect(schoolOf('Школа-гимназия № 9 им. Абая', 'KZ-75', 'kz-75-auezov-district')).toBe('sch-kz75-9')
    expect(schoolOf('Абай атындағы 9 мектеп гимназиясы', 'KZ-75')).toBe('sch-kz75-9')
  })

  test('a number and the plain words of a school (СОШ 12, №12 мектеп) name the plain school of that number', () => {
    for (const text of ['СОШ 12', '№12 мектеп', 'Средняя общеобразовательная школа №12', '12 ЖОББМ', 'школа 12']) {
      expect([text, schoolOf(text, 'KZ-75', 'kz-75-bostandyq-district')]).toEqual([text, 'a'])
      expect([text, schoolOf(text, 'KZ-75', 'kz-75-medeu-district')]).toEqual([text, 'b'])
    }
    expect(schoolOf('СОШ 12', 'KZ-75')).toEqual({
      key: 'places.school.ambiguous',
      params: {
        value: 'СОШ 12',
        region: 'Алматы',
        candidates: `Средняя школа № 12 — ${BIN_A} — Бостандыкский район; Средняя школа № 12 — ${BIN_B} — Медеуский район`,
      },
    })
    expect(schoolOf('Гимназия 12', 'KZ-75', 'kz-75-bostandyq-district')).toMatchObject({ key: 'places.school.notFoundInDistrict' })
    expect(schoolOf('Школа-гимназия 12', 'KZ-75', 'kz-75-bostandyq-district')).toBe('e')
  })

  test('an ambiguous name lists the candidates with BIN and district, in the language written', () => {
    expect(schoolOf('Средняя школа 12', 'KZ-75')).toEqual({
      key: 'places.school.ambiguous',
      params: {
        value: 'Средняя школа 12',
        region: 'Алматы',
        candidates: `Средняя школа № 12 — ${BIN_A} — Бостандыкский район; Средняя школа № 12 — ${BIN_B} — Медеуский район`,
      },
    })
    const kk = schoolOf('№ 12 жалпы білім беретін мектеп', 'KZ-75') as ImportMessage
    expect(kk.params?.candidates).toBe(`№12 жалпы білім беретін мектеп — ${BIN_A} — Бостандық ауданы; №12 жалпы білім беретін мектеп — ${BIN_B} — Медеу ауданы`)
  })

  test('a name in another district lists where that name is', () => {
    expect(schoolOf('Средняя школа №12', 'KZ-75', 'kz-75-auezov-district')).toEqual({
      key: 'places.school.otherDistrict',
      params: {
        value: 'Средняя школа №12',
        district: 'Әуезов ауданы / Ауэзовский район',
        candidates: `Средняя школа № 12 — ${BIN_A} — Бостандыкский район; Средняя школа № 12 — ${BIN_B} — Медеуский район`,
      },
    })
  })

  test('a closed school is its own error, by name or by BIN', () => {
    const closed = { key: 'places.school.closed', params: { value: 'Гимназия №5', since: '2025-06-30' } }
    expect(schoolOf('Гимназия №5', 'KZ-75')).toEqual(closed)
    expect(schoolOf(BIN_C, 'KZ-75')).toEqual({ ...closed, params: { ...closed.params, value: BIN_C } })
  })

  test('a school of another region is never matched', () => {
    expect(schoolOf('Лицей №7', 'KZ-75')).toEqual({ key: 'places.school.notFound', params: { value: 'Лицей №7', region: 'Алматы' } })
    expect(schoolOf('Лицей №7', 'KZ-75', 'kz-75-medeu-district')).toEqual({
      key: 'places.school.notFoundInDistrict',
      params: { value: 'Лицей №7', region: 'Алматы', district: 'Медеу ауданы / Медеуский район' },
    })
    expect(schoolOf(BIN_D, 'KZ-75')).toEqual({
      key: 'places.school.otherRegion',
      params: { value: BIN_D, region: 'Алматы', other: 'Алматы облысы / Алматинская область' },
    })
    expect(schoolOf('d', 'KZ-75')).toMatchObject({ key: 'places.school.otherRegion' })
    expect(schoolOf('Лицей №7', 'KZ-19')).toBe('d')
  })

  test('every refusal is a message in the catalogue, every placeholder filled, in the three languages', () => {
    const refusals = [
      region(''),
      region('Атлантида'),
      region('Бостандық ауданы'),
      district('KZ-75', ''),
      district('KZ-75', 'Нетакой'),
      district('KZ-19', 'Бостандық'),
      schoolOf('', 'KZ-75'),
      schoolOf('999999999999', 'KZ-75'),
      schoolOf('50140001234', 'KZ-75'),
      schoolOf('Средняя школа 12', 'KZ-75'),
      schoolOf('Средняя школа 12', 'KZ-75', 'kz-75-auezov-district'),
      schoolOf('Гимназия №5', 'KZ-75'),
      schoolOf('Лицей №7', 'KZ-75'),
      schoolOf('Лицей №7', 'KZ-75', 'kz-75-medeu-district'),
      schoolOf(BIN_D, 'KZ-75'),
    ] as ImportMessage[]
    const known = new Set<string>(allMessageKeys())
    for (const m of refusals) {
      expect(known.has(m.key), m.key).toBe(true)
      for (const locale of ['kk', 'ru', 'en'] as const) expect(translate(locale, m.key, m.params)).not.toMatch(/\{\w+\}/)
    }
  })
})
