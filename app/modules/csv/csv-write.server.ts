import type { Locale } from '#app/i18n/locales.ts'
import { almatyClock } from '#app/modules/exports/wall-clock.server.ts'

// CSV as RFC 4180 writes it, for files people open in Excel. Excel reads a
// CSV with the list separator and decimal mark of the computer's regional
// settings: on one set up for Kazakhstan (Kazakh or Russian) they are ";" and
// ",", so a comma-separated file lands in column A. The reader's language
// picks the dialect. See docs/decisions/027-exports-for-excel.md.

/** Prepend to a CSV file so Excel reads it as UTF-8 (Kazakh letters) and not in the system code page. */
export const UTF8_BOM = '\uFEFF'

/** A cell: text as it is, a number written in the dialect's notation, a moment as local ISO date and time. */
export type CsvCell = string | number | Date | null | undefined

export interface CsvDialect {
  separator: ',' | ';'
  decimal: '.' | ','
}

/** RFC 4180 and English-language Excel. */
export const COMMA_DIALECT: CsvDialect = { separator: ',', decimal: '.' }
/** Excel with Kazakh or Russian regional settings. */
export const SEMICOLON_DIALECT: CsvDialect = { separator: ';', decimal: ',' }

/** The dialect the reader's Excel expects: kk and ru write ";" and a decimal comma, en "," and a point. */
export function csvDialect(locale: Locale): CsvDialect {
  return locale === 'en' ? COMMA_DIALECT : SEMICOLON_DIALECT
}

// A cell that starts with one of these is a formula to a spreadsheet: a name
// typed as "=HYPERLINK(...)" at registration must stay text in an export.
const FORMULA_START = /^[=+\-@\t\r]/

/** A moment as Kazakhstan's wall clock reads it, "2026-03-10 13:00": sortable, and a date to Excel in any language. */
export function localDateTime(value: Date): string {
  // "2026-03-10T13:00:00.000Z" on Almaty's clock → "2026-03-10 13:00".
  const iso = new Date(almatyClock(value)).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

/** A number without grouping, with the dialect's decimal mark: 1234,5. Not finite: an empty cell. */
function numberText(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return ''
  const text = String(value)
  return dialect.decimal === ',' ? text.replace('.', ',') : text
}

function cellText(value: CsvCell, dialect: CsvDialect): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return numberText(value, dialect)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : localDateTime(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  const quote = text.includes(dialect.separator) || /["\r\n]/.test(text)
  return quote ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Rows to CSV text in a dialect (comma-separated by default): CRLF line
 * ends, a text field quoted (its quotes doubled) when it holds the separator,
 * a quote or a line break, and prefixed with ' when a spreadsheet would take
 * it for a formula. Numbers are never quoted or prefixed: -1 stays a number.
 * No BOM: the caller adds UTF8_BOM to a file meant for Excel.
 */
export function toCsv(rows: CsvCell[][], dialect: CsvDialect = COMMA_DIALECT): string {
  let out = ''
  for (const row of rows) out += row.map((value) => cellText(value, dialect)).join(dialect.separator) + '\r\n'
  return out
}
