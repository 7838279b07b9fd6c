import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

// Reading the CSV files people export from Excel and 1C in Kazakhstan: UTF-8
// with or without a byte-order mark, or Windows-1251; comma, semicolon or TAB
// separated; quoted fields as in RFC 4180; CRLF, LF or lone CR line breaks.
// Also Excel's "Unicode text" (UTF-16 with a byte-order mark, TAB separated).
// Which kind of file an upload is, and mapping a header to named columns, are
// the spreadsheet module's job.

export type CsvEncoding = 'utf-8' | 'windows-1251'
export type CsvSeparator = ',' | ';'
export type UnicodeTextEncoding = 'utf-16le' | 'utf-16be'
/** Every separator a text table may use: a tab in Excel's Unicode text and some exports. */
export type TextSeparator = CsvSeparator | '\t'

/**
 * The text of a CSV file: a BOM means UTF-8; bytes that are valid UTF-8 are
 * UTF-8; anything else is read as Windows-1251. Null when the bytes are not
 * text in either (a spreadsheet, a UTF-16 file, an image).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let text: string
  let encoding: CsvEncoding = 'utf-8'
  if (isUtf8(buffer)) {
    text = buffer.toString('utf8', bom ? 3 : 0)
  } else {
    if (bom) return null
    // Windows-1251 leaves one byte (0x98) unassigned; iconv-lite decodes it as U+FFFD.
    text = iconv.decode(buffer, 'win1251')
    if (text.includes('\ufffd')) return null
    encoding = 'windows-1251'
  }
  // NUL never occurs in a text file; it does in spreadsheets and UTF-16.
  if (text.includes('\u0000')) return null
  return { text, encoding }
}

/**
 * The text of Excel's "Unicode text" file: UTF-16 with its byte-order mark
 * (FF FE little-endian, as Excel writes it, or FE FF big-endian). Null
 * without the mark, or when the bytes cannot be UTF-16.
 */
export function decodeUnicodeText(bytes: Uint8Array): { text: string; encoding: UnicodeTextEncoding } | null {
  const encoding: UnicodeTextEncoding | null = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null
  if (!encoding || bytes.byteLength % 2 !== 0) return null
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2))
    return text.includes('\u0000') ? null : { text, encoding }
  } catch {
    return null
  }
}

// How many of each separator the first line that is not empty has, outside quotes.
function headerSeparators(text: string): Record<TextSeparator, number> {
  const counts: Record<TextSeparator, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  let start = 0
  while (text[start] === '\n' || text[start] === '\r') start++
  for (let i = start; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++
  }
  return counts
}

/** The separator of the header line: a semicolon when it has more of them than commas. */
export function detectSeparator(text: string): CsvSeparator {
  const counts = headerSeparators(text)
  return counts[';'] > counts[','] ? ';' : ','
}

/** The separator of the first line, a tab included: the one it has most of (a comma when none). */
export function detectTextSeparator(text: string): TextSeparator {
  const counts = headerSeparators(text)
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t'
  return counts[';'] > counts[','] ? ';' : ','
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
 * the line an editor shows. A line without quotes (nearly every line) is
 * split at once; only lines with quotes are read a field at a time.
 */
export function parseCsv(text: string, separator: TextSeparator): CsvRecord[] {
  const records: CsvRecord[] = []
  const n = text.length
  let line = 1
  let i = 0
  while (i < n) {
    const lf = text.indexOf('\n', i)
    const lineEnd = lf < 0 ? n : lf
    const contentEnd = lineEnd > i && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd
    const content = text.slice(i, contentEnd)
    if (!content.includes('"') && !content.includes('\r')) {
      records.push({ line, fields: content.split(separator), malformed: false })
      line++
      i = lineEnd + 1
      continue
    }
    const record = quotedRecord(text, i, separator.charCodeAt(0))
    records.push({ line, fields: record.fields, malformed: record.malformed })
    line += record.lines
    i = record.end
  }
  return records
}

/** One record from `start` that may hold quoted fields: its fields, where the next begins, and the lines it spans. */
function quotedRecord(text: string, start: number, sep: number) {
  const n = text.length
  const fields: string[] = []
  let malformed = false
  let lines = 1
  let i = start
  // The end of an unquoted stretch: the next separator or line break.
  const stretchEnd = (from: number) => {
    let k = from
    while (k < n) {
      const c = text.charCodeAt(k)
      if (c === sep || c === LF || c === CR) break
      k++
    }
    return k
  }
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      // A quoted field: runs to the next quote that is not doubled.
      let value = ''
      let from = i + 1
      let closed = false
      for (;;) {
        const q = text.indexOf('"', from)
        const to = q < 0 ? n : q
        value += text.slice(from, to)
        lines += lineBreaks(text, from, to)
        if (q < 0) {
          from = n
          break
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"'
          from = q + 2
          continue
        }
        from = q + 1
        closed = true
        break
      }
      if (!closed) malformed = true
      // Anything between the closing quote and the separator breaks the rules.
      const end = stretchEnd(from)
      if (end > from) {
        value += text.slice(from, end)
        malformed = true
      }
      fields.push(value)
      i = end
    } else {
      const end = stretchEnd(i)
      fields.push(text.slice(i, end))
      i = end
    }
    if (i >= n) return { fields, malformed, lines, end: n }
    const c = text.charCodeAt(i)
    if (c !== sep) return { fields, malformed, lines, end: i + (c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1) }
    i++
    // A separator at the very end leaves one empty field after it.
    if (i >= n) {
      fields.push('')
      return { fields, malformed, lines, end: n }
    }
  }
}

const QUOTE = 34
const LF = 10
const CR = 13

/** Line breaks (CRLF, LF or a lone CR) in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k)
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++
  }
  return count
}

/** True for a record with nothing in it (a blank line, or `;;;;` from a spreadsheet). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '')
}
