import iconv from 'iconv-lite'

// Reading the CSV files people export from Excel and 1C in Kazakhstan: UTF-8
// with or without a byte-order mark, or Windows-1251; comma or semicolon
// separated; quoted fields as in RFC 4180; CRLF, LF or lone CR line breaks.
// Mapping a header to named columns is csv-table.server.ts's job.

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
