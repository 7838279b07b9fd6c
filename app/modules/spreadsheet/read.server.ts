import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { decodeCsv, detectSeparator, parseCsv } from '#app/modules/csv/csv-read.server.ts'

// Every file an import accepts, read into sheets of cells: CSV (UTF-8 with or
// without BOM, Windows-1251; comma or semicolon), Excel's "Unicode text"
// (UTF-16 with BOM, tab-separated) and .xlsx workbooks (several sheets; a
// cell's kind says when Excel stored a number, a date or a formula, or the
// cell is part of a merged range). Mapping a header to named columns is
// table.server.ts's job.
//
// FOUNDATION STUB (issue 19): the signature is fixed; only CSV is read until
// the real reader lands.

export type SpreadsheetFormat = 'csv' | 'unicode-text' | 'xlsx'

/** What Excel stored in a cell; `text` is always what a person sees in it. */
export type CellKind = 'text' | 'number' | 'date' | 'formula' | 'merged' | 'empty'

export interface Cell {
  text: string
  kind: CellKind
}

export interface SheetRow {
  /** The line of the file (CSV) or the row number Excel shows (XLSX), 1-based. */
  line: number
  cells: Cell[]
  /** The row could not be split (an unclosed quote): its cells are not to be trusted. */
  malformed?: boolean
}

export interface Sheet {
  name: string
  rows: SheetRow[]
}

export interface Workbook {
  format: SpreadsheetFormat
  /** For text files: the encoding they were read in. */
  encoding: string | null
  sheets: Sheet[]
}

export interface ReadLimits {
  maxBytes: number
  /** Data rows in one sheet, header not counted. */
  maxRows: number
}

/** Reads an uploaded file; a file that is too large, unreadable or empty is refused with a translated reason. */
export async function readSpreadsheet(bytes: Uint8Array, limits: ReadLimits): Promise<Result<Workbook, ImportMessage>> {
  if (bytes.byteLength > limits.maxBytes) return fail({ key: 'import.file.tooLarge', params: { mb: Math.round(limits.maxBytes / (1024 * 1024)) } })
  const decoded = decodeCsv(bytes)
  if (!decoded) return fail({ key: 'import.file.undecodable' })
  const records = parseCsv(decoded.text, detectSeparator(decoded.text))
  const rows = records.map((r): SheetRow => ({ line: r.line, cells: r.fields.map((text) => ({ text, kind: text === '' ? 'empty' : 'text' })), ...(r.malformed ? { malformed: true } : {}) }))
  return ok({ format: 'csv', encoding: decoded.encoding, sheets: [{ name: 'CSV', rows }] })
}
