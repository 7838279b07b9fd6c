import { describe, expect, test } from 'vitest'
import { translate } from '#app/i18n/catalog.server.ts'
import { damagedIdentifier } from '#app/modules/spreadsheet/excel-damage.ts'
import { readSpreadsheet } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable, type TableSpec } from '#app/modules/spreadsheet/table.server.ts'
import { makeXlsx } from '#tests/fixtures/spreadsheets/make.ts'

describe('identifiers Excel changed', () => {
  test.each(['8.50815E+11', '8,50815E+11', '8.50815e+11', ' 8.5E+11 '])('%s in scientific notation lost its last digits', (text) => {
    expect(damagedIdentifier({ text, kind: 'text' })).toEqual({ key: 'spreadsheet.id.scientific', params: { value: text.trim() } })
  })

  test('a number that lost its leading zero, or zeros (born in 2000-2009)', () => {
    expect(damagedIdentifier({ text: '50815300123', kind: 'number' })).toEqual({ key: 'spreadsheet.id.leadingZero', params: { value: '50815300123' } })
    expect(damagedIdentifier({ text: '101500123', kind: 'number' })).toEqual({ key: 'spreadsheet.id.leadingZero', params: { value: '101500123' } })
    // Saved to CSV from a number column, it is text of eleven digits.
    expect(damagedIdentifier({ text: '50815300123', kind: 'text' })).toEqual({ key: 'spreadsheet.id.leadingZero', params: { value: '50815300123' } })
  })

  test('a date where the identifier should be', () => {
    expect(damagedIdentifier({ text: '1985-08-15', kind: 'date' })).toEqual({ key: 'spreadsheet.id.date', params: { value: '1985-08-15' } })
  })

  test('an intact identifier, or a value that is merely wrong, is left to the caller', () => {
    expect(damagedIdentifier({ text: '850815300123', kind: 'number' })).toBeNull()
    expect(damagedIdentifier({ text: '050815300123', kind: 'text' })).toBeNull()
    expect(damagedIdentifier({ text: '12345', kind: 'text' })).toBeNull()
    expect(damagedIdentifier({ text: '8508153001234', kind: 'text' })).toBeNull()
    expect(damagedIdentifier({ text: 'жоқ', kind: 'text' })).toBeNull()
    expect(damagedIdentifier({ text: '', kind: 'empty' })).toBeNull()
  })

  test('another length of identifier', () => {
    expect(damagedIdentifier({ text: '123456789', kind: 'text' }, 10)).toEqual({ key: 'spreadsheet.id.leadingZero', params: { value: '123456789' } })
    expect(damagedIdentifier({ text: '123456789', kind: 'text' })).toBeNull()
  })

  test('each message quotes the value and says how to keep the column as text in that language’s Excel', () => {
    for (const key of ['spreadsheet.id.scientific', 'spreadsheet.id.leadingZero', 'spreadsheet.id.date'] as const) {
      expect(translate('kk', key, { value: '8.50815E+11' })).toMatch(/^«8\.50815E\+11».*«Ұяшықтар пішімі» → «Мәтіндік»/)
      expect(translate('ru', key, { value: '8.50815E+11' })).toMatch(/^«8\.50815E\+11».*«Формат ячеек» → «Текстовый»/)
      expect(translate('en', key, { value: '8.50815E+11' })).toMatch(/^"8\.50815E\+11".*Format Cells → Text/)
    }
  })

  test('read from a real workbook: each damaged IIN found, the intact ones not', async () => {
    const bytes = makeXlsx([
      {
        name: 'Педагогтер',
        rows: [
          ['ЖСН', 'Аты-жөні'],
          [850815300123, 'Қасымова Әлия'],
          [{ text: '050815300123' }, 'Бекұлы Олжас'],
          ['8.50815E+11', 'Ким Анна'],
          [50815300123, 'Ёлкин Сергей'],
          [{ date: 31274 }, 'Серікұлы Мади'],
        ],
      },
    ])
    const workbook = await readSpreadsheet(bytes, { maxBytes: 1024 * 1024, maxRows: 10 })
    if (!workbook.ok) throw new Error(workbook.error.key)
    const spec: TableSpec<'iin' | 'fullName'> = {
      columns: ['iin', 'fullName'],
      required: ['iin', 'fullName'],
      headerNames: { iin: ['ЖСН', 'ИИН', 'IIN'], fullName: ['Аты-жөні', 'ФИО', 'Full name'] },
      ignoreUnknown: false,
      maxRows: 10,
      errors: { noHeader: { key: 'import.file.noHeader' }, tooManyRows: (count) => ({ key: 'import.file.tooManyRows', params: { count } }) },
    }
    const table = mapTable(workbook.value, spec)
    if (!table.ok) throw new Error(table.error.key)
    expect(table.value.rows.map((r) => [r.line, damagedIdentifier({ text: r.values.iin, kind: r.kinds.iin })?.key ?? null])).toEqual([
      [2, null],
      [3, null],
      [4, 'spreadsheet.id.scientific'],
      [5, 'spreadsheet.id.leadingZero'],
      [6, 'spreadsheet.id.date'],
    ])
  })
})
