import { isLocale, type Locale } from '#app/i18n/locales.ts'
import { csvDialect, toCsv, UTF8_BOM, type CsvCell } from '#app/modules/csv/csv-write.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { writeXlsx, XLSX_CONTENT_TYPE, type XlsxSheet } from './xlsx.server.ts'

// Every table download answers the same way: a CSV in the dialect of the
// reader's Excel, or its XLSX twin, never cached by a shared proxy. See
// docs/decisions/027-exports-for-excel.md.

/** A table as the exports write it: a header row and rows of text, numbers and moments. */
export interface ExportTable {
  header: CsvCell[]
  rows: CsvCell[][]
}

/** The language (and so the CSV dialect) of a download: `?locale=` when it names one, else the reader's. */
export function exportLocale(searchParams: URLSearchParams, readerLocale: Locale): Locale {
  const asked = searchParams.get('locale')
  return isLocale(asked) ? asked : readerLocale
}

// Rows per slice of CSV text: a few milliseconds for a wide roster.
const CSV_ROWS_PER_STEP = 1_000

/** The CSV file's text: BOM, the header, then the rows, written in slices with the event loop free between them. */
export async function csvText(table: ExportTable, locale: Locale): Promise<string> {
  const dialect = csvDialect(locale)
  const parts = [UTF8_BOM, toCsv([table.header], dialect)]
  for (let from = 0; from < table.rows.length; from += CSV_ROWS_PER_STEP) {
    if (from) await yieldToServer()
    parts.push(toCsv(table.rows.slice(from, from + CSV_ROWS_PER_STEP), dialect))
  }
  return parts.join('')
}

const PRIVATE = 'private, no-store'

/** A CSV download of one table, saved as `filename`. */
export async function csvDownload(table: ExportTable, locale: Locale, filename: string): Promise<Response> {
  const bytes = new TextEncoder().encode(await csvText(table, locale))
  return new Response(bytes, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': PRIVATE,
    },
  })
}

/** An Excel download of one or more sheets, saved as `filename`. */
export async function xlsxDownload(sheets: XlsxSheet[], filename: string): Promise<Response> {
  const bytes = await writeXlsx(sheets)
  return new Response(bytes, {
    headers: {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': PRIVATE,
    },
  })
}
