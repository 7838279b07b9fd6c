import { describe, expect, test } from 'vitest'
import { translate } from '#app/i18n/catalog.server.ts'
import { readSessionsFile } from '#app/modules/parents/sessions-file.server.ts'
import { readSpreadsheet, type Workbook } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable, sheetsWithData, type TableSpec } from '#app/modules/spreadsheet/table.server.ts'
import { makeUnicodeText, makeWin1251, makeXlsx, type FixtureSheet } from '#tests/fixtures/spreadsheets/make.ts'

// The mechanism, with a teacher list's spec written here: the roster's own
// spec belongs to the roster import.
type Column = 'iin' | 'fullName' | 'email' | 'region' | 'district' | 'school'
const SPEC: TableSpec<Column> = {
  columns: ['iin', 'fullName', 'email', 'region', 'district', 'school'],
  required: ['iin', 'fullName', 'school'],
  headerNames: {
    iin: ['ЖСН', 'ИИН', 'IIN'],
    fullName: ['Аты-жөні', 'ФИО', 'Full name', 'Т.А.Ә.', 'Толық аты-жөні', 'Ф.И.О.'],
    email: ['Электрондық пошта', 'Электронная почта', 'Email', 'E-mail'],
    region: ['Облыс', 'Область', 'Region', 'Өңір', 'Регион'],
    district: ['Аудан', 'Район', 'District'],
    school: ['Мектеп', 'Школа', 'School', 'Білім беру ұйымы', 'Организация образования'],
  },
  joined: {
    fullName: [
      ['Тегі', 'Фамилия', 'Surname'],
      ['Аты', 'Имя', 'Name'],
      ['Әкесінің аты', 'Отчество', 'Patronymic'],
    ],
  },
  ignoreUnknown: true,
  maxRows: 5,
  errors: { noHeader: { key: 'import.file.noHeader' }, tooManyRows: (count) => ({ key: 'import.file.tooManyRows', params: { count } }) },
}

const utf8 = (text: string) => new TextEncoder().encode(text)
async function workbook(bytes: Uint8Array): Promise<Workbook> {
  const read = await readSpreadsheet(bytes, { maxBytes: 1024 * 1024, maxRows: 100 })
  if (!read.ok) throw new Error(`refused: ${read.error.key}`)
  return read.value
}
async function table(bytes: Uint8Array, spec: TableSpec<Column> = SPEC, options: { sheet?: string } = {}) {
  return mapTable(await workbook(bytes), spec, options)
}
async function rows(bytes: Uint8Array, spec: TableSpec<Column> = SPEC) {
  const mapped = await table(bytes, spec)
  if (!mapped.ok) throw new Error(`refused: ${mapped.error.key} ${JSON.stringify(mapped.error.params)}`)
  return mapped.value
}
async function refusal(bytes: Uint8Array, spec: TableSpec<Column> = SPEC, options: { sheet?: string } = {}) {
  const mapped = await table(bytes, spec, options)
  if (mapped.ok) throw new Error('accepted')
  return mapped.error
}
const xlsx = (...sheets: FixtureSheet[]) => makeXlsx(sheets)

describe('headers as people type them', () => {
  test.each(['Т.А.Ә.', 'ТАӘ', 'т а ә', 'Аты-жөні', 'АТЫ ЖӨНІ', 'ФИО', 'Ф.И.О.', 'ф. и. о.', 'Full name', 'full-name', 'Толық аты-жөні'])(
    'the full name as %s',
    async (header) => {
      const { rows: read } = await rows(utf8(`ЖСН;${header};Мектеп\n850815300123;Қасымова Әлия;№ 5 мектеп\n`))
      expect(read[0]!.values.fullName).toBe('Қасымова Әлия')
    },
  )

  test.each([
    ['Тегі', 'Аты', 'Әкесінің аты'],
    ['Фамилия', 'Имя', 'Отчество'],
    ['Surname', 'Name', 'Patronymic'],
    ['ФАМИЛИЯ', 'имя', 'Отчество:'],
  ])('the full name from %s + %s + %s, joined with single spaces', async (surname, name, patronymic) => {
    const { rows: read } = await rows(
      utf8(`ИИН;${surname};${name};${patronymic};Школа\n850815300123; Қасымова ;Әлия;Нұрланқызы;Школа № 5\n870505312089;Ким;Анна;;Школа № 5\n`),
    )
    expect(read.map((r) => [r.values.fullName, r.kinds.fullName])).toEqual([
      ['Қасымова Әлия Нұрланқызы', 'text'],
      ['Ким Анна', 'text'],
    ])
  })

  test('the patronymic column may be left out; a surname alone is not a name', async () => {
    const { rows: read } = await rows(utf8('ЖСН,Тегі,Аты,Мектеп\n850815300123,Қасымова,Әлия,№ 5 мектеп\n'))
    expect(read[0]!.values.fullName).toBe('Қасымова Әлия')
    const error = await refusal(utf8('ЖСН,Тегі,Мектеп\n850815300123,Қасымова,№ 5 мектеп\n'))
    expect(error.key).toBe('import.file.missingColumns')
    expect(translate('ru', error.key, error.params)).toBe(
      'В файле нет столбцов: Аты-жөні / ФИО / Full name / Тегі + Аты + Әкесінің аты / Фамилия + Имя + Отчество / Surname + Name + Patronymic.',
    )
  })

  test('a full-name column beside its parts names it twice', async () => {
    const error = await refusal(utf8('ЖСН;ФИО;Фамилия;Имя;Школа\n1;2;3;4;5\n'))
    expect(error).toMatchObject({ key: 'import.file.duplicateColumns' })
    expect(String(error.params?.columns)).toContain('ФИО')
  })

  test.each([
    ['Облыс', 'Аудан', 'Мектеп'],
    ['Область', 'Район', 'Школа'],
    ['Өңір', 'Аудан', 'Білім беру ұйымы'],
    ['Регион', 'Район', 'Организация образования'],
    ['Region', 'District', 'School'],
  ])('region, district and school as %s, %s, %s', async (region, district, school) => {
    const { rows: read } = await rows(utf8(`${region},${district},${school},IIN,Full name\nАлматы облысы,Қарасай ауданы,№ 12 мектеп,850815300123,Әлия\n`))
    expect(read[0]!.values).toMatchObject({ region: 'Алматы облысы', district: 'Қарасай ауданы', school: '№ 12 мектеп' })
  })

  test.each(['№', 'N', '#', 'Р/с', 'п/п', '№ п/п'])('a leading %s column is skipped without a notice', async (number) => {
    const mapped = await rows(utf8(`${number};ЖСН;ФИО;Школа\n1;850815300123;Әлия;Школа № 5\n2;870505312089;Анна;Школа № 5\n`))
    expect(mapped.notices).toEqual([])
    expect(mapped.rows.map((r) => r.values.iin)).toEqual(['850815300123', '870505312089'])
  })

  test('columns the spec does not know are ignored with a notice naming them', async () => {
    const mapped = await rows(utf8('ЖСН;ФИО;Телефон;Школа;Ескертпе\n850815300123;Әлия;+7 701 000 00 00;Школа № 5;жоқ\n'))
    expect(mapped.notices).toEqual([{ key: 'spreadsheet.file.ignoredColumns', params: { columns: 'Телефон, Ескертпе' } }])
    expect(translate('kk', mapped.notices[0]!.key, mapped.notices[0]!.params)).toBe('Мына бағандар танылмады, олар ескерілмейді: Телефон, Ескертпе.')
    expect(mapped.rows[0]!.values).toMatchObject({ iin: '850815300123', fullName: 'Әлия', school: 'Школа № 5', email: '' })
  })

  test("unknown columns refuse the file when the spec says so, with the spec's message", async () => {
    const strict: TableSpec<Column> = { ...SPEC, ignoreUnknown: false }
    expect(await refusal(utf8('ЖСН;ФИО;Телефон;Школа\n1;2;3;4\n'), strict)).toEqual({ key: 'import.file.unknownColumns', params: { columns: 'Телефон' } })
    const own: TableSpec<Column> = {
      ...strict,
      errors: { ...strict.errors, unknownColumns: (columns) => ({ key: 'parentImport.file.unknownColumns', params: { columns } }) },
    }
    expect(await refusal(utf8('ЖСН;ФИО;Телефон;Школа\n1;2;3;4\n'), own)).toMatchObject({ key: 'parentImport.file.unknownColumns' })
  })

  test('missing and repeated columns are named in all three languages', async () => {
    const missing = await refusal(utf8('ЖСН;ФИО;Email\n1;2;3\n'))
    expect(translate('kk', missing.key, missing.params)).toBe('Файлда мына бағандар жоқ: Мектеп / Школа / School.')
    const repeated = await refusal(utf8('ЖСН;ИИН;ФИО;Школа\n1;2;3;4\n'))
    expect(translate('en', repeated.key, repeated.params)).toBe('These columns appear twice: ЖСН / ИИН / IIN.')
  })

  test('a file whose first rows name no two known columns has no header', async () => {
    expect(await refusal(utf8('850815300123;Әлия;Школа № 5\n'))).toEqual({ key: 'import.file.noHeader' })
  })
})

describe('where the table is', () => {
  test('the header below title rows; data rows keep the lines Excel shows', async () => {
    const mapped = await rows(
      xlsx({
        name: 'Тізім',
        rows: [
          ['Алматы облысы бойынша педагогтер тізімі'],
          ['2026 жылғы 1 қыркүйектегі жағдай бойынша'],
          { row: 4, cells: ['№', 'ЖСН', 'Т.А.Ә.', 'Мектеп'] },
          [1, { text: '850815300123' }, 'Қасымова Әлия', '№ 5 мектеп'],
          { row: 7, cells: [2, { text: '870505312089' }, 'Ким Анна', '№ 5 мектеп'] },
        ],
        merges: ['A1:D1'],
      }),
    )
    expect(mapped.sheet).toBe('Тізім')
    expect(mapped.rows.map((r) => [r.line, r.values.iin, r.values.fullName])).toEqual([
      [5, '850815300123', 'Қасымова Әлия'],
      [7, '870505312089', 'Ким Анна'],
    ])
    expect(mapped.rows.every((r) => !r.problem)).toBe(true)
  })

  test('several sheets with data: the person chooses; an empty or hidden sheet is no choice', async () => {
    const bytes = xlsx(
      {
        name: 'Алматы',
        rows: [
          ['ЖСН', 'ФИО', 'Школа'],
          ['850815300123', 'Әлия', 'Школа № 5'],
        ],
      },
      { name: 'Бос', rows: [] },
      {
        name: 'Шымкент',
        rows: [
          ['ЖСН', 'ФИО', 'Школа'],
          ['870505312089', 'Анна', 'Школа № 7'],
        ],
      },
      { name: 'Өңірлер', rows: [['Алматы облысы'], ['Түркістан облысы']], hidden: true },
    )
    const error = await refusal(bytes)
    expect(error).toEqual({ key: 'spreadsheet.sheet.choose', params: { sheets: 'Алматы, Шымкент' } })
    expect(translate('ru', error.key, error.params)).toBe('В файле несколько листов с данными: Алматы, Шымкент. Выберите, какой лист загрузить.')
    expect(sheetsWithData(await workbook(bytes))).toEqual(['Алматы', 'Шымкент'])
    const chosen = await table(bytes, SPEC, { sheet: 'Шымкент' })
    expect(chosen.ok && chosen.value.rows.map((r) => r.values.iin)).toEqual(['870505312089'])
    expect(await refusal(bytes, SPEC, { sheet: 'Астана' })).toEqual({
      key: 'spreadsheet.sheet.unknown',
      params: { sheet: 'Астана', sheets: 'Алматы, Бос, Шымкент, Өңірлер' },
    })
    const one = await rows(
      xlsx(
        { name: 'Бос', rows: [] },
        {
          name: 'Педагогтер',
          rows: [
            ['ЖСН', 'ФИО', 'Школа'],
            ['850815300123', 'Әлия', 'Школа № 5'],
          ],
        },
      ),
    )
    expect(one.sheet).toBe('Педагогтер')
  })

  test('blank rows are skipped, and more rows than the spec allows refuse the file', async () => {
    const mapped = await rows(utf8('ЖСН;ФИО;Школа\n1;Әлия;5\n;;\n\n2;Анна;5\n'))
    expect(mapped.rows.map((r) => r.line)).toEqual([2, 5])
    const six = Array.from({ length: 6 }, (_, i) => `${i};Name ${i};5`).join('\n')
    expect(await refusal(utf8(`ЖСН;ФИО;Школа\n${six}\n`))).toEqual({ key: 'import.file.tooManyRows', params: { count: 6 } })
    expect(await refusal(utf8('ЖСН;ФИО;Школа\n;;\n'))).toEqual({ key: 'import.file.noRows' })
  })
})

describe('rows that cannot be read as they are', () => {
  test('a formula or a merged cell in a mapped column is the row’s problem, naming the column', async () => {
    const mapped = await rows(
      xlsx({
        name: 'Тізім',
        rows: [
          ['ЖСН', 'Аты-жөні', 'Мектеп', 'Ескертпе'],
          [{ text: '850815300123' }, 'Қасымова Әлия', '№ 5 мектеп', { formula: 'LEN(B2)', value: 13 }],
          [{ text: '870505312089' }, { formula: 'UPPER("Ким Анна")', value: 'КИМ АННА' }, '№ 7 мектеп', null],
          [{ text: '910717412078' }, 'Ёлкин Сергей', '№ 9 мектеп', null],
          [{ text: '930808312109' }, 'Серікұлы Ермек', null, null],
        ],
        merges: ['C4:C5'],
      }),
    )
    expect(mapped.notices).toEqual([{ key: 'spreadsheet.file.ignoredColumns', params: { columns: 'Ескертпе' } }])
    expect(mapped.rows.map((r) => [r.line, r.problem ?? null])).toEqual([
      [2, null],
      [3, { key: 'spreadsheet.row.formula', params: { column: 'Аты-жөні' } }],
      [4, { key: 'spreadsheet.row.merged', params: { column: 'Мектеп' } }],
      [5, { key: 'spreadsheet.row.merged', params: { column: 'Мектеп' } }],
    ])
    expect(translate('ru', 'spreadsheet.row.formula', { column: 'Аты-жөні' })).toContain('«Значения»')
    expect(translate('kk', 'spreadsheet.row.merged', { column: 'Мектеп' })).toContain('«Мектеп»')
  })

  test('what Excel stored is passed on: a number or a date where an IIN should be', async () => {
    const mapped = await rows(
      xlsx({
        name: 'A',
        rows: [
          ['ЖСН', 'ФИО', 'Школа'],
          [850815300123, 'Әлия', 'Школа № 5'],
          [{ date: 31274 }, 'Анна', 'Школа № 5'],
        ],
      }),
    )
    expect(mapped.rows.map((r) => [r.values.iin, r.kinds.iin, r.kinds.fullName, r.kinds.email])).toEqual([
      ['850815300123', 'number', 'text', 'empty'],
      ['1985-08-15', 'date', 'text', 'empty'],
    ])
  })

  test('a text line with too few or too many values, or an unclosed quote', async () => {
    const mapped = await rows(utf8('ЖСН;ФИО;Школа\n850815300123;Әлия\n870505312089;Анна;Школа № 5;лишнее\n"910717412078;Сергей;Школа\n'))
    expect(mapped.rows.map((r) => [r.line, r.problem])).toEqual([
      [2, { key: 'import.row.fieldCount', params: { found: 2, expected: 3 } }],
      [3, { key: 'import.row.fieldCount', params: { found: 4, expected: 3 } }],
      [4, { key: 'import.row.quotes' }],
    ])
  })
})

describe('every kind of file gives the same table', () => {
  const header = ['№', 'Тегі', 'Аты', 'Әкесінің аты', 'ЖСН', 'Облыс', 'Аудан', 'Мектеп']
  const row = ['1', 'Қасымова', 'Әлия', 'Нұрланқызы', '850815300123', 'Алматы облысы', 'Қарасай ауданы', '№ 12 мектеп']
  const kazakh = {
    iin: '850815300123',
    fullName: 'Қасымова Әлия Нұрланқызы',
    region: 'Алматы облысы',
    district: 'Қарасай ауданы',
    school: '№ 12 мектеп',
    email: '',
  }
  // Windows-1251 has no Kazakh letters: a Russian list.
  const russian = {
    iin: '850815300123',
    fullName: 'Касымова Алия Нурлановна',
    region: 'Алматинская область',
    district: 'Карасайский район',
    school: 'Школа № 12',
    email: '',
  }

  test.each([
    ['UTF-8 CSV', () => utf8(`\uFEFF${header.join(',')}\r\n${row.join(',')}\r\n`), kazakh],
    [
      'Windows-1251 CSV',
      () =>
        makeWin1251(
          '№;Фамилия;Имя;Отчество;ИИН;Область;Район;Школа\r\n1;Касымова;Алия;Нурлановна;850815300123;Алматинская область;Карасайский район;Школа № 12\r\n',
        ),
      russian,
    ],
    ['Unicode text', () => makeUnicodeText([header, row]), kazakh],
    ['xlsx', () => xlsx({ name: 'Sheet1', rows: [header, row] }), kazakh],
  ])('%s', async (_name, make, expected) => {
    const mapped = await rows(make())
    expect(mapped.rows.map((r) => r.values)).toEqual([expected])
  })
})

describe('the parent sessions import', () => {
  test('reads an .xlsx file, and its sheet when there are several', async () => {
    const header = ['Мектеп', 'Сабақтар топтамасы', 'Сабақ', 'Күні', 'Жүргізуші', 'Қатысқандар саны']
    const sessions = { name: 'Сабақтар', rows: [header, ['sch-kz79-1', 'family-support', 'lessons/listening', '2026-03-05', 'Әсем Нұрланқызы', 24]] }
    const read = await readSessionsFile(makeXlsx([sessions]))
    expect(read.ok && read.value).toMatchObject({ format: 'xlsx', encoding: null, separator: null, rows: [{ line: 2, school: 'sch-kz79-1', headCount: '24' }] })
    const two = makeXlsx([sessions, { ...sessions, name: 'Көшірме' }])
    expect(await readSessionsFile(two)).toMatchObject({ ok: false, error: { key: 'spreadsheet.sheet.choose' } })
    expect(await readSessionsFile(two, { sheet: 'Көшірме' })).toMatchObject({ ok: true })
  })
})
