import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { translate } from '#app/i18n/catalog.server.ts'
import { readSpreadsheet, type Workbook } from '#app/modules/spreadsheet/read.server.ts'
import { isDateFormat, serialDate, unescapeXml } from '#app/modules/spreadsheet/xlsx-parts.server.ts'
import { numberText } from '#app/modules/spreadsheet/xlsx.server.ts'
import { makeCompoundFile, makeUnicodeText, makeWin1251, makeXlsx } from '#tests/fixtures/spreadsheets/make.ts'

const LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 1000 }
const utf8 = (text: string) => new TextEncoder().encode(text)

async function read(bytes: Uint8Array, limits = LIMITS): Promise<Workbook> {
  const result = await readSpreadsheet(bytes, limits)
  if (!result.ok) throw new Error(`refused: ${result.error.key}`)
  return result.value
}
async function refusal(bytes: Uint8Array, limits = LIMITS) {
  const result = await readSpreadsheet(bytes, limits)
  if (result.ok) throw new Error('accepted')
  return result.error
}
const texts = (workbook: Workbook, sheet = 0) => workbook.sheets[sheet]!.rows.map((r) => [r.line, r.cells.map((c) => c.text)])

describe('text files', () => {
  test('UTF-8 with a byte-order mark, comma-separated, quotes and physical lines', async () => {
    const workbook = await read(utf8('\uFEFFЖСН,Аты-жөні\r\n850815300123,"Қасымова, Әлия"\r\n\r\n"x\ny",z\r\n'))
    expect(workbook).toMatchObject({ format: 'csv', encoding: 'utf-8', separator: ',' })
    expect(texts(workbook)).toEqual([
      [1, ['ЖСН', 'Аты-жөні']],
      [2, ['850815300123', 'Қасымова, Әлия']],
      [4, ['x\ny', 'z']],
    ])
    expect(workbook.sheets[0]!.rows[1]!.cells[0]).toEqual({ text: '850815300123', kind: 'text' })
  })

  test('Windows-1251 with semicolons, as Excel saves CSV on a Russian Windows', async () => {
    const workbook = await read(makeWin1251('ИИН;ФИО;Школа\r\n850815300123;Ёлкин Сергей;Школа № 28\r\n'))
    expect(workbook).toMatchObject({ format: 'csv', encoding: 'windows-1251', separator: ';' })
    expect(texts(workbook)[1]).toEqual([2, ['850815300123', 'Ёлкин Сергей', 'Школа № 28']])
  })

  test('a tab-separated UTF-8 file', async () => {
    const workbook = await read(utf8('IIN\tFull name\n850815300123\tAliya Kassymova\n'))
    expect(workbook.separator).toBe('\t')
    expect(texts(workbook)[1]).toEqual([2, ['850815300123', 'Aliya Kassymova']])
  })

  test.each(['le', 'be'] as const)("Excel's Unicode text, UTF-16 %s with its byte-order mark", async (endian) => {
    const workbook = await read(
      makeUnicodeText(
        [
          ['Тегі', 'Аты', 'ЖСН'],
          ['Қасымова', 'Әлия', '8.50815E+11'],
        ],
        endian,
      ),
    )
    expect(workbook).toMatchObject({ format: 'unicode-text', encoding: `utf-16${endian}`, separator: '\t' })
    expect(texts(workbook)).toEqual([
      [1, ['Тегі', 'Аты', 'ЖСН']],
      [2, ['Қасымова', 'Әлия', '8.50815E+11']],
    ])
  })
})

describe('xlsx workbooks', () => {
  const workbook = () =>
    read(
      makeXlsx([
        {
          name: 'Педагогтер',
          rows: [
            ['Педагогтер тізімі', null, null, null],
            { row: 3, cells: ['№', 'ЖСН', 'Аты-жөні', 'Туған күні', 'Мектеп', 'Белсенді'] },
            [1, 850815300123, { inline: 'Қасымова Әлия' }, { date: 31274 }, 'Мектеп № 5', true],
            [2, { text: '050815300123' }, 'Бекұлы Олжас', null, null, false],
            [3, 50815300123, 'Ким Анна', null, { formula: 'E4', value: 'Мектеп № 5' }, { formula: 'F4', value: 0 }],
            [4, { date: 31274 }, 'Серікұлы Мади', null, null, null],
          ],
          merges: ['A1:F1', 'E6:E7'],
        },
        { name: 'Бос', rows: [] },
        { name: 'Анықтама', rows: [['Өңір'], ['Алматы облысы']] },
      ]),
    )

  test('every sheet in order, rows at the numbers Excel shows', async () => {
    const book = await workbook()
    expect(book).toMatchObject({ format: 'xlsx', encoding: null })
    expect(book.sheets.map((s) => s.name)).toEqual(['Педагогтер', 'Бос', 'Анықтама'])
    expect(book.sheets[0]!.rows.map((r) => r.line)).toEqual([1, 3, 4, 5, 6, 7])
    expect(book.sheets[1]!.rows).toEqual([])
    expect(texts(book, 2)).toEqual([
      [1, ['Өңір']],
      [2, ['Алматы облысы']],
    ])
  })

  test('shared and inline strings, numbers in full, dates as YYYY-MM-DD, booleans', async () => {
    const rows = (await workbook()).sheets[0]!.rows
    expect(rows[1]!.cells.map((c) => c.text)).toEqual(['№', 'ЖСН', 'Аты-жөні', 'Туған күні', 'Мектеп', 'Белсенді'])
    expect(rows[2]!.cells).toEqual([
      { text: '1', kind: 'number' },
      { text: '850815300123', kind: 'number' },
      { text: 'Қасымова Әлия', kind: 'text' },
      { text: '1985-08-15', kind: 'date' },
      { text: 'Мектеп № 5', kind: 'text' },
      { text: 'TRUE', kind: 'text' },
    ])
    // Typed into a cell formatted as Text, the zero stays; typed into a number cell, it is gone.
    expect(rows[3]!.cells[1]).toEqual({ text: '050815300123', kind: 'text' })
    expect(rows[4]!.cells[1]).toEqual({ text: '50815300123', kind: 'number' })
    expect(rows[5]!.cells[1]).toEqual({ text: '1985-08-15', kind: 'date' })
  })

  test('a formula cell gives its last value and says it is a formula', async () => {
    const rows = (await workbook()).sheets[0]!.rows
    expect(rows[4]!.cells[4]).toMatchObject({ text: 'Мектеп № 5', kind: 'formula' })
    expect(rows[4]!.cells[5]).toEqual({ text: '0', kind: 'formula' })
  })

  test("merged ranges: the top-left cell keeps its value and names the range, the others are 'merged'", async () => {
    const rows = (await workbook()).sheets[0]!.rows
    expect(rows[0]!.cells[0]).toEqual({ text: 'Педагогтер тізімі', kind: 'text', merged: 'A1:F1' })
    expect(rows[0]!.cells.slice(1).map((c) => c.kind)).toEqual(['merged', 'merged', 'merged', 'merged', 'merged'])
    expect(rows[4]!.line).toBe(6)
    expect(rows[4]!.cells[4]).toMatchObject({ kind: 'formula', merged: 'E6:E7' })
    expect(rows[5]!.cells[4]).toEqual({ text: '', kind: 'merged' })
  })

  test('a hidden sheet is marked', async () => {
    const book = await read(
      makeXlsx([
        { name: 'Тізім', rows: [['a']] },
        { name: 'Тізімдер', rows: [['b']], hidden: true },
      ]),
    )
    expect(book.sheets.map((s) => [s.name, s.hidden ?? false])).toEqual([
      ['Тізім', false],
      ['Тізімдер', true],
    ])
  })

  test('numbers are shown as Excel shows them in full', () => {
    expect(numberText('850815300123')).toBe('850815300123')
    expect(numberText('8.50815300123E+11')).toBe('850815300123')
    expect(numberText('0.30000000000000004')).toBe('0.3')
    expect(numberText('-12.5')).toBe('-12.5')
  })
})

describe('refusals', () => {
  test('a file over the limit, before it is read', async () => {
    const error = await refusal(utf8('ЖСН\n' + '1\n'.repeat(100)), { maxBytes: 100, maxRows: 1000 })
    expect(error).toEqual({ key: 'import.file.tooLarge', params: { mb: 0 } })
    expect(translate('ru', 'import.file.tooLarge', { mb: 20 })).toContain('20 МБ')
  })

  test('an old binary .xls: save it as .xlsx or CSV', async () => {
    const error = await refusal(makeCompoundFile('Workbook'))
    expect(error.key).toBe('spreadsheet.file.xls')
    expect(translate('kk', error.key)).toContain('.xlsx')
    expect(translate('ru', error.key)).toContain('Сохранить как')
  })

  test('a password-protected workbook', async () => {
    expect((await refusal(makeCompoundFile('EncryptedPackage'))).key).toBe('spreadsheet.file.protected')
  })

  test('a damaged .xlsx, and a zip that is not a workbook', async () => {
    const good = makeXlsx([{ name: 'A', rows: [['x']] }])
    expect((await refusal(good.slice(0, good.length - 40))).key).toBe('spreadsheet.file.corrupt')
    expect((await refusal(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).key).toBe('spreadsheet.file.corrupt')
  })

  test('bytes that are no text table and no workbook', async () => {
    expect(await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x98]))).toEqual({ key: 'spreadsheet.file.unreadable' })
  })

  test('an empty file, a file of blank lines, a workbook with nothing in it', async () => {
    expect((await refusal(new Uint8Array())).key).toBe('import.file.empty')
    expect((await refusal(utf8('\r\n;;;\r\n\r\n'))).key).toBe('import.file.empty')
    expect((await refusal(makeXlsx([{ name: 'Sheet1', rows: [] }]))).key).toBe('import.file.empty')
  })

  test('a sheet with more rows than any import takes', async () => {
    const error = await refusal(utf8('ЖСН\n' + '1\n'.repeat(30)), { maxBytes: LIMITS.maxBytes, maxRows: 10 })
    expect(error).toEqual({ key: 'spreadsheet.file.tooManyRows', params: { count: 30, max: 10 } })
  })
})

describe('speed', () => {
  // Measured as this process's processor time, not the wall clock: tests share
  // the machine, and the limit is about the work the read costs a thread.
  test('a 100,000-row CSV of about 20 MB reads well under 2 s', async () => {
    const line =
      '850815300123;Қасымова Әлия Нұрланқызы;aliya.kassymova.teacher@example.kz;Алматы облысы;Қарасай ауданы;«№ 12 жалпы орта білім беретін мектеп» КММ;Ағылшын тілі\r\n'
    const bytes = utf8('ЖСН;Аты-жөні;Email;Облыс;Аудан;Мектеп;Пән\r\n' + line.repeat(100_000))
    expect(bytes.byteLength).toBeGreaterThan(18 * 1024 * 1024)
    const started = process.cpuUsage()
    const book = await read(bytes, { maxBytes: 25 * 1024 * 1024, maxRows: 100_000 })
    const used = process.cpuUsage(started)
    expect(book.sheets[0]!.rows).toHaveLength(100_001)
    expect(book.sheets[0]!.rows[100_000]!.cells[5]!.text).toBe('«№ 12 жалпы орта білім беретін мектеп» КММ')
    expect((used.user + used.system) / 1000).toBeLessThan(1500)
  })
})

describe('the small rules of SpreadsheetML', () => {
  test('XML escapes and Excel’s _xHHHH_ escapes', () => {
    expect(unescapeXml('«Ақ &amp; Көк» &lt;1&gt; &#1198;&#x4E2D; _x000D_')).toBe('«Ақ & Көк» <1> Ү中 \r')
    expect(unescapeXml('plain')).toBe('plain')
  })

  test('which number formats are dates', () => {
    expect(isDateFormat(14, undefined)).toBe(true)
    expect(isDateFormat(0, undefined)).toBe(false)
    expect(isDateFormat(49, '@')).toBe(false)
    expect(isDateFormat(164, 'dd.mm.yyyy')).toBe(true)
    expect(isDateFormat(165, '[$-43F]d mmmm yyyy" ж."')).toBe(true)
    expect(isDateFormat(166, '#,##0.00"₸"')).toBe(false)
    expect(isDateFormat(167, '0.00E+00')).toBe(false)
    expect(isDateFormat(168, '[Red]General')).toBe(false)
  })

  test('date serials in the 1900 and 1904 systems', () => {
    expect(serialDate(1, false)).toBe('1900-01-01')
    expect(serialDate(59, false)).toBe('1900-02-28')
    expect(serialDate(61, false)).toBe('1900-03-01')
    expect(serialDate(31274.75, false)).toBe('1985-08-15')
    expect(serialDate(0, true)).toBe('1904-01-01')
  })

  test('a workbook with a custom date format, rich text and escapes', async () => {
    const bytes = makeXlsx([{ name: 'A & B', rows: [['Күні'], [{ date: 46000 }]] }])
    const files = unzipSync(bytes)
    const styles = strFromU8(files['xl/styles.xml']!)
      .replace('<fonts', '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><fonts')
      .replace('<xf numFmtId="14"', '<xf numFmtId="164"')
    const strings = strFromU8(files['xl/sharedStrings.xml']!).replace(
      '<si><t xml:space="preserve">Күні</t></si>',
      '<si><r><t>Кү</t></r><r><rPr><b/></rPr><t>ні &amp; уақыты</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>',
    )
    const book = await read(zipSync({ ...files, 'xl/styles.xml': strToU8(styles), 'xl/sharedStrings.xml': strToU8(strings) }))
    expect(book.sheets[0]!.name).toBe('A & B')
    expect(book.sheets[0]!.rows.map((r) => r.cells)).toEqual([[{ text: 'Күні & уақыты', kind: 'text' }], [{ text: '2025-12-09', kind: 'date' }]])
  })
})
