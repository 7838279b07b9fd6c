import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { decodeCsv, detectSeparator, isBlankRecord, parseCsv, type CsvEncoding, type CsvSeparator } from './csv-read.server.ts'

// An uploaded CSV file as a table of named columns: its header mapped to the
// columns a kind of file has (in any order, named in Kazakh, Russian or
// English), each data row with its physical line. Checking the values is the
// importing module's job.

/** A message key with its values, translated where it is shown. */
export interface ImportMessage {
  key: MessageKey
  params?: Record<string, string | number>
}

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

const headerKey = (name: string) => name.toLocaleLowerCase('kk').replace(/[^\p{L}\p{N}]/gu, '')

/** "ЖСН / ИИН / IIN": how a column is named in messages, in all three languages. */
export function columnLabel<C extends string>(spec: TableSpec<C>, column: C): string {
  return spec.headerNames[column].slice(0, 3).join(' / ')
}

/**
 * Decodes and splits an uploaded file and maps its header to the spec's
 * columns. Refuses a file that is too large, not text, has no header or the
 * wrong columns, or too many rows; problems of single rows are left to the caller.
 */
export function readCsvTable<C extends string>(bytes: Uint8Array, spec: TableSpec<C>): TableResult<C> {
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, error: { key: 'import.file.tooLarge', params: { mb: MAX_FILE_BYTES / (1024 * 1024) } } }
  const decoded = decodeCsv(bytes)
  if (!decoded) return { ok: false, error: { key: 'import.file.undecodable' } }
  const separator = detectSeparator(decoded.text)
  const records = parseCsv(decoded.text, separator)
  const header = records[0]
  if (!header || records.every(isBlankRecord)) return { ok: false, error: { key: 'import.file.empty' } }

  const byHeader = new Map(spec.columns.flatMap((c) => spec.headerNames[c].map((name) => [headerKey(name), c] as const)))
  const columns = header.fields.map((name) => (name.trim() === '' ? null : (byHeader.get(headerKey(name)) ?? undefined)))
  if (header.malformed || !columns.some((c) => c)) return { ok: false, error: spec.errors.noHeader }
  const unknown = header.fields.filter((_, i) => columns[i] === undefined).map((name) => name.trim())
  if (unknown.length) return { ok: false, error: spec.errors.unknownColumns(unknown.join(', ')) }
  const repeated = spec.columns.filter((c) => columns.filter((x) => x === c).length > 1)
  if (repeated.length)
    return { ok: false, error: { key: 'import.file.duplicateColumns', params: { columns: repeated.map((c) => columnLabel(spec, c)).join('; ') } } }
  const missing = spec.required.filter((c) => !columns.includes(c))
  if (missing.length)
    return { ok: false, error: { key: 'import.file.missingColumns', params: { columns: missing.map((c) => columnLabel(spec, c)).join('; ') } } }

  const data = records.slice(1).filter((r) => !isBlankRecord(r))
  if (data.length === 0) return { ok: false, error: { key: 'import.file.noRows' } }
  if (data.length > spec.maxRows) return { ok: false, error: spec.errors.tooManyRows(data.length) }

  const index = new Map(spec.columns.map((c) => [c, columns.indexOf(c)]))
  const needed = Math.max(...spec.required.map((c) => index.get(c)!)) + 1
  const rows = data.map((record): TableRow<C> => {
    const values = Object.fromEntries(spec.columns.map((c) => [c, index.get(c)! < 0 ? '' : (record.fields[index.get(c)!] ?? '')])) as Record<C, string>
    const row: TableRow<C> = { line: record.line, values }
    // Trailing empty cells (a spreadsheet's unused columns) do not count.
    const width = record.fields.findLastIndex((f) => f.trim() !== '') + 1
    if (record.malformed) row.problem = { key: 'import.row.quotes' }
    else if (record.fields.length < needed || width > columns.length) {
      row.problem = { key: 'import.row.fieldCount', params: { found: record.fields.length, expected: columns.length } }
    }
    return row
  })
  return { ok: true, encoding: decoded.encoding, separator, rows }
}
