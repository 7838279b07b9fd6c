import { textSheet, type ImportMessage } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable } from '#app/modules/spreadsheet/table.server.ts'
import { decodeCsv, detectSeparator, type CsvEncoding, type CsvSeparator } from './csv-read.server.ts'

// An uploaded CSV file as a table of named columns, for imports that read CSV
// only (comma or semicolon, UTF-8 or Windows-1251): the file is read as one
// sheet and mapped by the spreadsheet module's mapTable, so headers are
// matched as everywhere else. Imports that take .xlsx and Unicode text too
// call readSpreadsheet and mapTable themselves.

export type { ImportMessage }

export const MAX_FILE_BYTES = 5 * 1024 * 1024

export interface TableSpec<C extends string> {
  columns: readonly C[]
  /** Columns a file must have; the others may be left out. */
  required: readonly C[]
  /** Header names people write (Kazakh, Russian, English first), compared without case, spaces or punctuation. */
  headerNames: Record<C, readonly string[]>
  maxRows: number
  errors: { noHeader: ImportMessage; unknownColumns: (columns: string) => ImportMessage; tooManyRows: (count: number) => ImportMessage }
}

export interface TableRow<C extends string> {
  line: number
  values: Record<C, string>
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export type TableResult<C extends string> =
  { ok: true; encoding: CsvEncoding; separator: CsvSeparator; rows: TableRow<C>[] } | { ok: false; error: ImportMessage }

/** "ЖСН / ИИН / IIN": how a column is named in messages, in all three languages. */
export function columnLabel<C extends string>(spec: TableSpec<C>, column: C): string {
  return spec.headerNames[column].slice(0, 3).join(' / ')
}

/**
 * Decodes and splits an uploaded CSV file and maps its header to the spec's
 * columns. Refuses a file that is too large, not text, has no header or the
 * wrong columns (unknown ones included), or too many rows; problems of single
 * rows are left to the caller.
 */
export function readCsvTable<C extends string>(bytes: Uint8Array, spec: TableSpec<C>): TableResult<C> {
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, error: { key: 'import.file.tooLarge', params: { mb: MAX_FILE_BYTES / (1024 * 1024) } } }
  const decoded = decodeCsv(bytes)
  if (!decoded) return { ok: false, error: { key: 'import.file.undecodable' } }
  const separator = detectSeparator(decoded.text)
  const sheet = textSheet('CSV', decoded.text, separator)
  const table = mapTable({ format: 'csv', encoding: decoded.encoding, separator, sheets: [sheet] }, { ...spec, ignoreUnknown: false })
  if (!table.ok) return { ok: false, error: table.error }
  const rows = table.value.rows.map(({ line, values, problem }): TableRow<C> => ({ line, values, ...(problem ? { problem } : {}) }))
  return { ok: true, encoding: decoded.encoding, separator, rows }
}
