import { strToU8, Zip, ZipDeflate } from 'fflate'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { almatyClock } from './wall-clock.server.ts'

// A minimal Office Open XML workbook (.xlsx): sheets of strings, numbers and
// dates, the first row of each in bold and frozen, strings shared. Enough for
// Excel, LibreOffice and Google Sheets to open; no formulas, so no cell is
// ever evaluated. The workbook is written as a sequence of small steps, so a
// large one (a national cohort's roster) can hand the event loop back between
// them: see writeXlsx.

/** A Date is a moment, shown as Kazakhstan's wall clock reads it. */
export type XlsxCell = string | number | Date | null | undefined

export interface XlsxSheet {
  name: string
  header: XlsxCell[]
  rows: XlsxCell[][]
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'
// Excel refuses longer cell texts.
const MAX_CELL_TEXT = 32_767

// Characters XML 1.0 does not allow at all (control characters, lone surrogates).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique regardless of case. */
function sheetNames(sheets: XlsxSheet[]): string[] {
  const used = new Set<string>()
  return sheets.map((sheet, i) => {
    const base =
      sheet.name
        .replace(/[[\]:*?/\\]/g, ' ')
        .replace(NOT_XML, '')
        .replace(/^'+|'+$/g, '')
        .trim()
        .slice(0, 31) || `Sheet${i + 1}`
    let name = base
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - ` (${k})`.length)} (${k})`
    used.add(name.toLowerCase())
    return name
  })
}

class SharedStrings {
  private readonly index = new Map<string, number>()
  readonly list: string[] = []
  references = 0

  ref(text: string): number {
    this.references++
    let i = this.index.get(text)
    if (i === undefined) {
      i = this.list.length
      this.index.set(text, i)
      this.list.push(text)
    }
    return i
  }
}

/** Excel's serial number of a moment in Almaty time: days since 1899-12-30, the time of day as a fraction. */
export function excelSerial(value: Date): number {
  return almatyClock(value) / 86_400_000 + 25_569
}

// Styles (cellXfs): 0 plain, 1 bold (the header), 2 a date and time.
const BOLD = 1
const DATE = 2

function cellXml(value: XlsxCell, ref: string, header: boolean, strings: SharedStrings): string {
  if (value === null || value === undefined || value === '') return ''
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : `<c r="${ref}" s="${DATE}"><v>${excelSerial(value)}</v></c>`
  }
  const s = header ? ` s="${BOLD}"` : ''
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : ''
  return `<c r="${ref}"${s} t="s"><v>${strings.ref(value.slice(0, MAX_CELL_TEXT))}</v></c>`
}

function cellWidth(value: XlsxCell): number {
  if (value === null || value === undefined) return 0
  if (value instanceof Date) return 16
  return String(value).length
}

// Rows per step: a few milliseconds of work for a wide roster.
const ROWS_PER_STEP = 250

/**
 * A sheet's XML in pieces of ROWS_PER_STEP rows. The column widths come
 * first in the file, so a first pass measures every cell (also in steps).
 */
function* sheetXml(sheet: XlsxSheet, strings: SharedStrings): Generator<string> {
  const all = [sheet.header, ...sheet.rows]
  const widths: number[] = []
  for (let from = 0; from < all.length; from += ROWS_PER_STEP) {
    for (const cells of all.slice(from, from + ROWS_PER_STEP)) {
      cells.forEach((value, c) => {
        widths[c] = Math.max(widths[c] ?? 8, Math.min(60, cellWidth(value) + 2))
      })
    }
    yield ''
  }
  const cols = widths.length ? `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : ''
  // The header row stays in view while scrolling.
  const views = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
  yield `${XML}<worksheet xmlns="${MAIN_NS}">${views}${cols}<sheetData>`
  for (let from = 0; from < all.length; from += ROWS_PER_STEP) {
    let xml = ''
    all.slice(from, from + ROWS_PER_STEP).forEach((cells, i) => {
      const r = from + i + 1
      xml += `<row r="${r}">${cells.map((value, c) => cellXml(value, `${columnName(c)}${r}`, r === 1, strings)).join('')}</row>`
    })
    yield xml
  }
  yield '</sheetData></worksheet>'
}

function* sharedStringsXml(strings: SharedStrings): Generator<string> {
  yield `${XML}<sst xmlns="${MAIN_NS}" count="${strings.references}" uniqueCount="${strings.list.length}">`
  for (let from = 0; from < strings.list.length; from += ROWS_PER_STEP * 10) {
    yield strings.list
      .slice(from, from + ROWS_PER_STEP * 10)
      .map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`)
      .join('')
  }
  yield '</sst>'
}

const STYLES =
  `${XML}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>'

// A fixed time stamp: the same tables give the same bytes.
const MTIME = new Date('2026-01-01T00:00:00Z')

// A streamed part's deflate would otherwise hash into 2^20 slots (2 MB, zeroed
// for every part): a workbook of a dozen small sheets then spent 30–60 ms in
// allocation and the garbage collector, in steps too short to yield between.
// 2^16 slots, zlib's own order of size, costs a fraction of a percent in size.
const DEFLATE = { level: 6, mem: 4 } as const

/**
 * The workbook's steps: each yield is a point where the writer may pause.
 * Parts are deflated as they are pushed; the zip's bytes go to `out`.
 */
function* workbookSteps(sheets: XlsxSheet[], out: Uint8Array[]): Generator<void> {
  if (!sheets.length) throw new Error('A workbook needs at least one sheet.')
  let failure: Error | null = null
  const zip = new Zip((error, chunk) => {
    if (error) failure = error
    else out.push(chunk)
  })
  function* part(path: string, pieces: Iterable<string>): Generator<void> {
    const entry = new ZipDeflate(path, DEFLATE)
    entry.mtime = MTIME
    zip.add(entry)
    for (const piece of pieces) {
      if (piece) entry.push(strToU8(piece))
      yield
    }
    entry.push(new Uint8Array(0), true)
    if (failure) throw failure
  }
  const names = sheetNames(sheets)
  const strings = new SharedStrings()
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ...sheets.map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ),
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
  ]
  yield* part('[Content_Types].xml', [
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  ])
  yield* part('_rels/.rels', [
    `${XML}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ])
  yield* part('xl/workbook.xml', [
    `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${names
      .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  ])
  const rels = [
    ...sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rId${sheets.length + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
  ]
  yield* part('xl/_rels/workbook.xml.rels', [`${XML}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`])
  for (const [i, sheet] of sheets.entries()) yield* part(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet, strings))
  yield* part('xl/styles.xml', [STYLES])
  // Written last: only now does it hold every string of every sheet.
  yield* part('xl/sharedStrings.xml', sharedStringsXml(strings))
  zip.end()
  if (failure) throw failure
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/**
 * Builds an .xlsx file of one or more sheets at once. Strings go to the
 * shared strings table (XML-escaped, control characters dropped), finite
 * numbers are written as numbers, dates as dates, and null, undefined or ''
 * leave the cell empty. For small workbooks; a large one: writeXlsx.
 */
export function buildXlsx(sheets: XlsxSheet[]): Uint8Array<ArrayBuffer> {
  const out: Uint8Array[] = []
  for (const _ of workbookSteps(sheets, out));
  return concat(out)
}

// How long the writer may hold the event loop before it lets others run. A
// step can take 10 ms itself while the deflate code is not yet compiled (the
// first workbook of a process), and a slice ends only after its last step.
const SLICE_MS = 8

/** The same file as buildXlsx, written in slices of at most about SLICE_MS with the event loop free between them. */
export async function writeXlsx(sheets: XlsxSheet[]): Promise<Uint8Array<ArrayBuffer>> {
  const out: Uint8Array[] = []
  let since = performance.now()
  for (const _ of workbookSteps(sheets, out)) {
    if (performance.now() - since < SLICE_MS) continue
    await yieldToServer()
    since = performance.now()
  }
  return concat(out)
}
