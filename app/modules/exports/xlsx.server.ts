import { strToU8, zipSync, type Zippable } from 'fflate'

// A minimal Office Open XML workbook (.xlsx): sheets of strings and numbers,
// the first row of each in bold, strings shared. Enough for Excel, LibreOffice
// and Google Sheets to open; no formulas, so no cell is ever evaluated.

export type XlsxCell = string | number | null | undefined

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

  xml(): string {
    const items = this.list.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('')
    return `${XML}<sst xmlns="${MAIN_NS}" count="${this.references}" uniqueCount="${this.list.length}">${items}</sst>`
  }
}

function cellXml(value: XlsxCell, ref: string, style: number, strings: SharedStrings): string {
  const s = style ? ` s="${style}"` : ''
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : ''
  if (value === null || value === undefined || value === '') return ''
  return `<c r="${ref}"${s} t="s"><v>${strings.ref(value.slice(0, MAX_CELL_TEXT))}</v></c>`
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings): string {
  const all = [sheet.header, ...sheet.rows]
  const widths: number[] = []
  const rows = all.map((cells, r) => {
    const xml = cells
      .map((value, c) => {
        const length = value === null || value === undefined ? 0 : String(value).length
        widths[c] = Math.max(widths[c] ?? 8, Math.min(60, length + 2))
        return cellXml(value, `${columnName(c)}${r + 1}`, r === 0 ? 1 : 0, strings)
      })
      .join('')
    return `<row r="${r + 1}">${xml}</row>`
  })
  const cols = widths.length ? `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : ''
  // The header row stays in view while scrolling.
  const views = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
  return `${XML}<worksheet xmlns="${MAIN_NS}">${views}${cols}<sheetData>${rows.join('')}</sheetData></worksheet>`
}

const STYLES =
  `${XML}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>'

/**
 * Builds an .xlsx file of one or more sheets. Strings go to the shared
 * strings table (XML-escaped, control characters dropped), finite numbers
 * are written as numbers, and null, undefined or '' leave the cell empty.
 */
export function buildXlsx(sheets: XlsxSheet[]): Uint8Array {
  if (!sheets.length) throw new Error('A workbook needs at least one sheet.')
  const names = sheetNames(sheets)
  const strings = new SharedStrings()
  const files: Zippable = {}
  const add = (path: string, text: string) => {
    files[path] = strToU8(text)
  }
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ...sheets.map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ),
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
  ]
  add(
    '[Content_Types].xml',
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  )
  add(
    '_rels/.rels',
    `${XML}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  )
  add(
    'xl/workbook.xml',
    `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${names
      .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  )
  const rels = [
    ...sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rId${sheets.length + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
  ]
  add('xl/_rels/workbook.xml.rels', `${XML}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`)
  sheets.forEach((sheet, i) => add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet, strings)))
  add('xl/styles.xml', STYLES)
  // Written last: only now does it hold every string of every sheet.
  add('xl/sharedStrings.xml', strings.xml())
  // A fixed time stamp: the same tables give the same bytes.
  return zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') })
}
