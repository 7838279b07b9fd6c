import iconv from 'iconv-lite'
import type { MessageKey } from '#app/i18n/catalog.server.ts'

// Reading the CSV files people export from Excel and 1C in Kazakhstan: UTF-8
// with or without a byte-order mark, or Windows-1251; comma or semicolon
// separated; quoted fields as in RFC 4180; CRLF, LF or lone CR line breaks.
// Then the enrolment file's header, mapped to its five columns in any order.
// Validating the values is import.server.ts's job.

export type CsvEncoding = 'utf-8' | 'windows-1251'
export type CsvSeparator = ',' | ';'

/**
 * The text of a CSV file: a BOM means UTF-8; bytes that are valid UTF-8 are
 * UTF-8; anything else is read as Windows-1251. Null when the bytes are not
 * text in either (a spreadsheet, a UTF-16 file, an image).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  let text: string
  let encoding: CsvEncoding = 'utf-8'
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes)
  } catch {
    if (bom) return null
    // Windows-1251 leaves one byte (0x98) unassigned; iconv-lite decodes it as U+FFFD.
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1251')
    if (text.includes('\ufffd')) return null
    encoding = 'windows-1251'
  }
  // NUL never occurs in a text file; it does in spreadsheets and UTF-16.
  if (text.includes('\u0000')) return null
  return { text, encoding }
}

/** The separator of the header line: a semicolon when it has more of them than commas. */
export function detectSeparator(text: string): CsvSeparator {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const c of text) {
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && c === ',') commas++
    else if (!quoted && c === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

export interface CsvRecord {
  /** The physical line of the file where the record starts; the first line is 1. */
  line: number
  fields: string[]
  /** A quote left open to the end of the file, or text after a closing quote. */
  malformed: boolean
}

/**
 * Splits CSV text into records (RFC 4180, leniently: a quote inside an
 * unquoted field is kept as it is). Line breaks inside quoted fields stay in
 * the field and still count as physical lines, so a later record's `line` is
 * the line an editor shows.
 */
export function parseCsv(text: string, separator: CsvSeparator): CsvRecord[] {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let malformed = false
  let i = 0
  const n = text.length

  const endRecord = () => {
    fields.push(field)
    records.push({ line: recordLine, fields, malformed })
    fields = []
    field = ''
    malformed = false
  }
  // Consumes one line break at i (CRLF, LF or CR) and counts it.
  const lineBreakAt = (at: number): number => {
    if (text[at] === '\r' && text[at + 1] === '\n') return 2
    return text[at] === '\n' || text[at] === '\r' ? 1 : 0
  }

  while (i < n) {
    const c = text[i]!
    if (c === '"' && field === '') {
      // A quoted field: runs to the next quote that is not doubled.
      i++
      let closed = false
      while (i < n) {
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          closed = true
          break
        }
        const br = lineBreakAt(i)
        if (br) {
          field += text.slice(i, i + br)
          line++
          i += br
          continue
        }
        field += q
        i++
      }
      if (!closed) malformed = true
      // Anything between the closing quote and the separator breaks the rules.
      while (i < n && text[i] !== separator && !lineBreakAt(i)) {
        field += text[i]
        malformed = true
        i++
      }
      continue
    }
    if (c === separator) {
      fields.push(field)
      field = ''
      i++
      continue
    }
    const br = lineBreakAt(i)
    if (br) {
      endRecord()
      line++
      recordLine = line
      i += br
      continue
    }
    field += c
    i++
  }
  // The last record, unless the file ended with a line break.
  if (field !== '' || fields.length > 0 || malformed) endRecord()
  return records
}

/** True for a record with nothing in it (a blank line, or `;;;;` from a spreadsheet). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '')
}

// ---- a table of named columns ----

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
  | { ok: true; encoding: CsvEncoding; separator: CsvSeparator; rows: TableRow<C>[] }
  | { ok: false; error: ImportMessage }

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
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, error: { key: 'import.file.tooLarge' } }
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
  if (repeated.length) return { ok: false, error: { key: 'import.file.duplicateColumns', params: { columns: repeated.map((c) => columnLabel(spec, c)).join('; ') } } }
  const missing = spec.required.filter((c) => !columns.includes(c))
  if (missing.length) return { ok: false, error: { key: 'import.file.missingColumns', params: { columns: missing.map((c) => columnLabel(spec, c)).join('; ') } } }

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

// ---- the enrolment file ----

export const MAX_ROWS = 50_000

type Column = 'iin' | 'fullName' | 'email' | 'region' | 'school'
const COLUMNS: Column[] = ['iin', 'fullName', 'email', 'region', 'school']

const ENROLMENT_TABLE: TableSpec<Column> = {
  columns: COLUMNS,
  required: COLUMNS,
  headerNames: {
    iin: ['ЖСН', 'ИИН', 'IIN'],
    fullName: ['Аты-жөні', 'ФИО', 'Full name', 'Толық аты-жөні', 'Ф.И.О.'],
    email: ['Электрондық пошта', 'Электронная почта', 'Email', 'E-mail', 'Эл. почта', 'Пошта', 'Почта'],
    region: ['Өңір', 'Регион', 'Region', 'Өңір коды', 'Код региона', 'Region code'],
    school: ['Мектеп', 'Школа', 'School', 'Мектеп коды', 'Код школы', 'School id'],
  },
  maxRows: MAX_ROWS,
  errors: {
    noHeader: { key: 'import.file.noHeader' },
    unknownColumns: (columns) => ({ key: 'import.file.unknownColumns', params: { columns } }),
    tooManyRows: (count) => ({ key: 'import.file.tooManyRows', params: { count } }),
  },
}

export interface ImportRow {
  line: number
  iin: string
  fullName: string
  email: string
  region: string
  school: string
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export interface ImportFile {
  encoding: CsvEncoding
  separator: CsvSeparator
  rows: ImportRow[]
}

export type ReadResult = { ok: true; file: ImportFile } | { ok: false; error: ImportMessage }

/** The enrolment file's rows (see readCsvTable for what refuses a whole file). */
export function readEnrolmentFile(bytes: Uint8Array): ReadResult {
  const table = readCsvTable(bytes, ENROLMENT_TABLE)
  if (!table.ok) return table
  const rows = table.rows.map(({ line, values, problem }): ImportRow => ({ line, ...values, ...(problem ? { problem } : {}) }))
  return { ok: true, file: { encoding: table.encoding, separator: table.separator, rows } }
}
