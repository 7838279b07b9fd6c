import { describe, expect, test } from 'vitest'
import { COMMA_DIALECT, csvDialect, localDateTime, SEMICOLON_DIALECT, toCsv, UTF8_BOM } from '#app/modules/csv/csv-write.server.ts'
import { csvText, exportLocale } from '#app/modules/exports/download.server.ts'

const kk = csvDialect('kk')
const ru = csvDialect('ru')
const en = csvDialect('en')

describe('the dialect follows the reader’s Excel', () => {
  test('Kazakh and Russian: ";" and a decimal comma; English: "," and a point', () => {
    expect(kk).toEqual(SEMICOLON_DIALECT)
    expect(ru).toEqual(SEMICOLON_DIALECT)
    expect(en).toEqual(COMMA_DIALECT)
    expect(SEMICOLON_DIALECT).toEqual({ separator: ';', decimal: ',' })
    expect(COMMA_DIALECT).toEqual({ separator: ',', decimal: '.' })
  })

  test('numbers: a decimal comma in kk and ru, no grouping, never quoted; a point in en', () => {
    const row = [['Алматы', 1234.5, 12.5, 0, -3, 1_000_000]]
    expect(toCsv(row, kk)).toBe('Алматы;1234,5;12,5;0;-3;1000000\r\n')
    expect(toCsv(row, ru)).toBe('Алматы;1234,5;12,5;0;-3;1000000\r\n')
    expect(toCsv(row, en)).toBe('Алматы,1234.5,12.5,0,-3,1000000\r\n')
  })

  test('a number that is not finite, null and undefined are empty cells', () => {
    expect(toCsv([[Number.NaN, Number.POSITIVE_INFINITY, null, undefined, 'x']], kk)).toBe(';;;;x\r\n')
  })

  test('a moment is Almaty’s wall clock as ISO date and time, the same in every dialect', () => {
    const moment = new Date('2026-03-10T08:00:00Z')
    expect(localDateTime(moment)).toBe('2026-03-10 13:00')
    expect(toCsv([[moment]], kk)).toBe('2026-03-10 13:00\r\n')
    expect(toCsv([[moment]], en)).toBe('2026-03-10 13:00\r\n')
    expect(toCsv([[new Date('not a date')]], kk)).toBe('\r\n')
  })
})

describe('quoting', () => {
  test('kk and ru quote a field holding ";", a quote or a line break; a comma alone is plain text', () => {
    expect(toCsv([['Серікқызы; Әлия', 'Ақ "Бота"', 'бір\nекі', 'a\r\nb', 'Медеу ауданы, № 3', 'жай']], kk)).toBe(
      '"Серікқызы; Әлия";"Ақ ""Бота""";"бір\nекі";"a\r\nb";Медеу ауданы, № 3;жай\r\n',
    )
  })

  test('en quotes a field holding ",", a quote or a line break; a semicolon alone is plain text', () => {
    expect(toCsv([['Серікқызы, Әлия', 'Ақ "Бота"', 'a;b']], en)).toBe('"Серікқызы, Әлия","Ақ ""Бота""",a;b\r\n')
  })

  test('without a dialect the writer is RFC 4180’s comma-separated CSV', () => {
    expect(toCsv([['', 'x', '']])).toBe(',x,\r\n')
    expect(toCsv([])).toBe('')
  })
})

describe('formula neutralisation', () => {
  test('text starting with = + - @ or a tab gets a leading quote mark, and is quoted when it needs to be', () => {
    expect(toCsv([['=HYPERLINK("http://x")', '+7 700', '@SUM(A1)', '-1', '\t=1', '=1;2']], kk)).toBe(
      `"'=HYPERLINK(""http://x"")";'+7 700;'@SUM(A1);'-1;'\t=1;"'=1;2"\r\n`,
    )
  })

  test('a negative number stays a number', () => {
    expect(toCsv([[-1.5]], ru)).toBe('-1,5\r\n')
  })
})

describe('the file', () => {
  test('starts with the byte-order mark and ends every line, the header’s too, with CRLF', async () => {
    const text = await csvText(
      {
        header: ['Өңір', 'Үлесі, %'],
        rows: [
          ['Алматы', 12.5],
          ['Астана', 7],
        ],
      },
      'kk',
    )
    expect(text.startsWith(UTF8_BOM)).toBe(true)
    expect(text.slice(1)).toBe('Өңір;Үлесі, %\r\nАлматы;12,5\r\nАстана;7\r\n')
    expect(await csvText({ header: ['Region', 'Share, %'], rows: [['Almaty', 12.5]] }, 'en')).toBe(`${UTF8_BOM}Region,"Share, %"\r\nAlmaty,12.5\r\n`)
  })

  test('a large table is written in slices and gives the same text as one toCsv', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => [`Педагог ${i}`, i / 4])
    const text = await csvText({ header: ['Аты-жөні', 'Балл'], rows }, 'ru')
    expect(text).toBe(UTF8_BOM + toCsv([['Аты-жөні', 'Балл'], ...rows], ru))
    expect(text.split('\r\n')[2]).toBe('Педагог 1;0,25')
  })

  test('?locale= picks the dialect when it names a language, else the reader’s stays', () => {
    expect(exportLocale(new URLSearchParams('locale=en'), 'kk')).toBe('en')
    expect(exportLocale(new URLSearchParams('locale=ru'), 'en')).toBe('ru')
    expect(exportLocale(new URLSearchParams('locale=de'), 'ru')).toBe('ru')
    expect(exportLocale(new URLSearchParams(''), 'kk')).toBe('kk')
  })
})
