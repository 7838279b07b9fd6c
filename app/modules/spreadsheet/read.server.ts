import { fail, ok, type Result } from '#app/core/result.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { decodeCsv, decodeUnicodeText, detectTextSeparator, parseCsv, type TextSeparator } from '#app/modules/csv/csv-read.server.ts'
import { readXlsx } from './xlsx.server.ts'

// Every file an import accepts, read into sheets of cells: CSV (UTF-8 with or
// without BOM, Windows-1251; comma, semicolon or tab), Excel's "Unicode text"
// (UTF-16 with BOM, tab-separated) and .xlsx workbooks (several sheets; a
// cell's kind says when Excel stored a number, a date or a formula, or the
// cell is part of a merged range). An old binary .xls, a password-protected
// workbook or anything else is refused with what to do instead. Mapping a
// header to named columns is table.server.ts's job.
//
// Pure: no database, no settings. An import may run it in a worker thread.

/** A message key with its values, translated where it is shown. */
export interface ImportMessage {
  key: MessageKey
  params?: Record<string, string | number>
}

export type SpreadsheetFormat = 'csv' | 'unicode-text' | 'xlsx'

/**
 * What Excel stored in a cell; `text` is always what a person sees in it.
 * 'number' and 'date' keep what Excel did to a typed value (an identifier
 * that lost its leading zero, a date); 'formula' is a calculated cell (text:
 * its last value); 'merged' is a cell covered by a merged range other than
 * the range's top-left cell (text: empty, as stored).
 */
export type CellKind = 'text' | 'number' | 'date' | 'formula' | 'merged' | 'empty'

export interface Cell {
  text: string
  kind: CellKind
  /**
   * The top-left cell of a merged range keeps its value and kind and names
   * the range here ('A5:A9'): a value shown across several rows or columns
   * is not one row's value, so a mapped column refuses it like the others.
   */
  merged?: string
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
  /** Rows that hold something, in order; blank rows are left out (their lines are missing). */
  rows: SheetRow[]
  /** Hidden in Excel (a list a drop-down uses): never chosen by itself. */
  hidden?: boolean
}

export interface Workbook {
  format: SpreadsheetFormat
  /** For text files: the encoding they were read in. */
  encoding: string | null
  /** For text files: the separator of their columns. */
  separator?: TextSeparator
  sheets: Sheet[]
}

export interface ReadLimits {
  maxBytes: number
  /** Data rows in one sheet, header not counted. */
  maxRows: number
}

// Title rows a header may sit below, besides the header itself: a sheet with
// more rows than the limit plus these cannot be imported by any spec.
const TITLE_ROWS = 10

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
// An OLE compound file: Excel 97-2003 (.xls), or an .xlsx saved with a password.
const isCompoundFile = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1

/** An encrypted workbook is a compound file with a stream named EncryptedPackage (its name in UTF-16 LE). */
function isEncryptedPackage(bytes: Uint8Array): boolean {
  const name = new Uint8Array(Buffer.from('EncryptedPackage', 'utf16le'))
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(name) >= 0
}

const blankRow = (row: SheetRow) => row.cells.every((c) => c.text.trim() === '')

/** A text table's records as one sheet: every field a 'text' cell (Excel's types are gone from text files). */
export function textSheet(name: string, text: string, separator: TextSeparator): Sheet {
  const rows: SheetRow[] = []
  for (const record of parseCsv(text, separator)) {
    const row: SheetRow = { line: record.line, cells: record.fields.map((t): Cell => ({ text: t, kind: t === '' ? 'empty' : 'text' })) }
    if (record.malformed) row.malformed = true
    if (row.malformed || !blankRow(row)) rows.push(row)
  }
  return { name, rows }
}

/** Reads an uploaded file; a file that is too large, unreadable or empty is refused with a translated reason. */
export async function readSpreadsheet(bytes: Uint8Array, limits: ReadLimits): Promise<Result<Workbook, ImportMessage>> {
  if (bytes.byteLength > limits.maxBytes) return fail({ key: 'import.file.tooLarge', params: { mb: Math.round(limits.maxBytes / (1024 * 1024)) } })
  if (bytes.byteLength === 0) return fail({ key: 'import.file.empty' })
  let workbook: Workbook
  if (isZip(bytes)) {
    const sheets = readXlsx(bytes)
    if (!sheets.ok) return sheets
    workbook = { format: 'xlsx', encoding: null, sheets: sheets.value }
  } else if (isCompoundFile(bytes)) {
    return fail({ key: isEncryptedPackage(bytes) ? 'spreadsheet.file.protected' : 'spreadsheet.file.xls' })
  } else {
    const unicode = decodeUnicodeText(bytes)
    const decoded = unicode ?? decodeCsv(bytes)
    if (!decoded) return fail({ key: 'spreadsheet.file.unreadable' })
    const separator = detectTextSeparator(decoded.text)
    const format: SpreadsheetFormat = unicode ? 'unicode-text' : 'csv'
    workbook = { format, encoding: decoded.encoding, separator, sheets: [textSheet(format === 'csv' ? 'CSV' : 'Text', decoded.text, separator)] }
  }
  if (workbook.sheets.every((s) => s.rows.length === 0)) return fail({ key: 'import.file.empty' })
  const longest = Math.max(...workbook.sheets.map((s) => s.rows.length))
  if (longest > limits.maxRows + TITLE_ROWS) return fail({ key: 'spreadsheet.file.tooManyRows', params: { count: longest - 1, max: limits.maxRows } })
  return ok(workbook)
}
