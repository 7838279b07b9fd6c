import { strFromU8, unzipSync } from 'fflate'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Cell, ImportMessage, Sheet, SheetRow } from './read.server.ts'
import { isDateFormat, serialDate, unescapeXml } from './xlsx-parts.server.ts'

// An .xlsx workbook's sheets, read straight from the package: fflate unzips
// it, and a scan of its XML (SpreadsheetML, ECMA-376 part 1 §18) reads the
// sheet list, shared strings, the styles that make a number a date, and each
// sheet's cells, formulas and merged ranges. read-excel-file 9.3 was tried
// first: on a 100,000-row sheet its chunked parser recursed once per chunk
// and overflowed the stack ("Maximum call stack size exceeded") when the
// machine was busy, and took 4.8 s when it did not; this scan reads the same
// sheet several times faster.

const CORRUPT: ImportMessage = { key: 'spreadsheet.file.corrupt' }
// Excel's own limit; a cell beyond it is not Excel's.
const MAX_COLUMNS = 16_384
// Cells a workbook may spread into (rows times their widths): far above any
// list, far below what would exhaust memory (a zip that unpacks to gigabytes).
const MAX_CELLS = 20_000_000
const MAX_PART_BYTES = 512 * 1024 * 1024

class Unreadable extends Error {}

const attr = (attrs: string, name: string): string | undefined => {
  const at = attrs.indexOf(` ${name}="`)
  if (at < 0) return undefined
  const from = at + name.length + 3
  return attrs.slice(from, attrs.indexOf('"', from))
}

/** 'BC12' → { row: 11, column: 54 }, 0-based; null when it is not a cell reference. Read by hand: it runs once per cell. */
function cellAddress(ref: string): { row: number; column: number } | null {
  let i = ref.charCodeAt(0) === DOLLAR ? 1 : 0
  let column = 0
  for (let c = ref.charCodeAt(i); c >= 65 && c <= 90; c = ref.charCodeAt(++i)) column = column * 26 + (c - 64)
  if (ref.charCodeAt(i) === DOLLAR) i++
  const row = Number(ref.slice(i))
  if (column === 0 || i === ref.length || !Number.isInteger(row) || row < 1) return null
  return { row: row - 1, column: column - 1 }
}
const DOLLAR = 36

/** The text of every <t> of a string item (a rich-text string has several runs), phonetic guides left out. */
function stringItem(xml: string): string {
  const plain = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml
  let text = ''
  for (const m of plain.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) text += m[1] ?? ''
  return unescapeXml(text)
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => stringItem(m[1] ?? ''))
}

/** For each cell style (the `s` of a cell), whether it shows a number as a date. */
function dateStyles(xml: string): boolean[] {
  const formats = new Map<number, string>()
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) formats.set(Number(attr(m[1]!, 'numFmtId')), unescapeXml(attr(m[1]!, 'formatCode') ?? ''))
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? ''
  return [...cellXfs.matchAll(/<xf\b([^>]*)>/g)].map((m) => {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0)
    return isDateFormat(id, formats.get(id))
  })
}

interface Parts {
  strings: string[]
  dates: boolean[]
  date1904: boolean
}

function readSheet(name: string, xml: string, parts: Parts, hidden: boolean, budget: { cells: number }): Sheet {
  const grid: Cell[][] = []
  const start = Math.max(0, xml.indexOf('<sheetData'))
  const end = xml.indexOf('</sheetData>')
  const data = xml.slice(start, end < 0 ? xml.length : end)
  let row = -1
  let column = -1
  for (const m of data.matchAll(/<row\b([^>]*)>|<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    if (m[1] !== undefined) {
      const r = Number(attr(m[1], 'r'))
      row = Number.isInteger(r) && r > 0 ? r - 1 : row + 1
      column = -1
      continue
    }
    const attrs = m[2]!
    const ref = attr(attrs, 'r')
    const at = ref ? cellAddress(ref) : null
    if (at) [row, column] = [Math.max(row, at.row), at.column]
    else column++
    if (row < 0 || column >= MAX_COLUMNS) throw new Unreadable()
    const cell = cellOf(attrs, m[3] ?? '', parts)
    if (cell.kind === 'empty') continue
    const cells = (grid[row] ??= [])
    if (column >= cells.length) {
      budget.cells -= column + 1 - cells.length
      if (budget.cells < 0) throw new Unreadable()
      while (cells.length < column) cells.push({ text: '', kind: 'empty' })
    }
    cells[column] = cell
  }
  markMerges(grid, xml.slice(end < 0 ? xml.length : end))
  const rows: SheetRow[] = []
  grid.forEach((cells, i) => {
    if (cells.some((c) => c.text.trim() !== '' || c.kind === 'merged' || c.merged)) rows.push({ line: i + 1, cells })
  })
  return { name, rows, ...(hidden ? { hidden: true } : {}) }
}

function cellOf(attrs: string, inner: string, parts: Parts): Cell {
  const type = attr(attrs, 't') ?? 'n'
  const formula = inner.includes('<f')
  const v = inner.indexOf('<v>')
  const stored = v < 0 ? undefined : inner.slice(v + 3, inner.indexOf('</v>', v))
  let cell: Cell
  if (type === 'inlineStr') cell = { text: stringItem(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? ''), kind: 'text' }
  else if (stored === undefined) cell = { text: '', kind: 'empty' }
  else if (type === 's') cell = { text: parts.strings[Number(stored)] ?? '', kind: 'text' }
  else if (type === 'b') cell = { text: stored === '1' ? 'TRUE' : 'FALSE', kind: 'text' }
  else if (type === 'str' || type === 'e') cell = { text: unescapeXml(stored), kind: 'text' }
  else if (type === 'd') cell = { text: stored.slice(0, 10), kind: 'date' }
  else if (parts.dates[Number(attr(attrs, 's') ?? 0)]) cell = { text: serialDate(Number(stored), parts.date1904), kind: 'date' }
  else cell = { text: numberText(stored), kind: 'number' }
  if (formula) cell.kind = 'formula'
  return cell.text === '' && cell.kind !== 'formula' ? { text: '', kind: 'empty' } : cell
}

// The cells of each merged range other than its top-left are 'merged'; the
// top-left names the range. A range running past the cells in use (a whole
// column merged) is marked only where cells are.
function markMerges(grid: Cell[][], tail: string) {
  // reduce, not a spread: rows with nothing in them are holes in the grid.
  const width = grid.reduce((widest, cells) => Math.max(widest, cells.length), 0)
  for (const m of tail.matchAll(/<mergeCell\b[^>]*\sref="([A-Z$]+\d+):([A-Z$]+\d+)"/g)) {
    const from = cellAddress(m[1]!)
    const to = cellAddress(m[2]!)
    if (!from || !to) continue
    for (let r = from.row; r <= Math.min(to.row, grid.length - 1); r++) {
      const cells = (grid[r] ??= [])
      for (let c = from.column; c <= Math.min(to.column, width - 1); c++) {
        while (cells.length <= c) cells.push({ text: '', kind: 'empty' })
        if (r === from.row && c === from.column) cells[c]!.merged = `${m[1]}:${m[2]}`
        else cells[c] = { text: '', kind: 'merged' }
      }
    }
  }
}

/** A stored number as Excel shows it in full: integers without an exponent, others to 15 significant digits. */
export function numberText(stored: string): string {
  const n = Number(stored)
  if (stored.trim() === '' || !Number.isFinite(n)) return stored
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0)
  return String(Number(n.toPrecision(15)))
}

/** Every sheet of an .xlsx file, in the workbook's order; a damaged package (or one that is not a workbook) is refused. */
export function readXlsx(bytes: Uint8Array): Result<Sheet[], ImportMessage> {
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name.startsWith('xl/') && /\.(xml|rels)$/.test(f.name) && f.originalSize <= MAX_PART_BYTES })
    const text = (name: string | undefined) => (name && files[name] ? strFromU8(files[name]) : '')
    const workbook = text('xl/workbook.xml')
    if (!workbook.includes('<sheet ')) return fail(CORRUPT)
    const targets = new Map<string, string>()
    let stringsPart = 'xl/sharedStrings.xml'
    let stylesPart = 'xl/styles.xml'
    for (const m of text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b([^>]*)>/g)) {
      const target = attr(m[1]!, 'Target') ?? ''
      const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`
      targets.set(attr(m[1]!, 'Id') ?? '', part)
      if (attr(m[1]!, 'Type')?.endsWith('/sharedStrings')) stringsPart = part
      if (attr(m[1]!, 'Type')?.endsWith('/styles')) stylesPart = part
    }
    const parts: Parts = {
      strings: sharedStrings(text(stringsPart)),
      dates: dateStyles(text(stylesPart)),
      date1904: /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbook),
    }
    const budget = { cells: MAX_CELLS }
    const sheets = [...workbook.matchAll(/<sheet\b([^>]*)>/g)].map((m) => {
      const state = attr(m[1]!, 'state')
      const id = /\s[\w]+:id="([^"]*)"/.exec(m[1]!)?.[1] ?? ''
      const xml = text(targets.get(id))
      return readSheet(unescapeXml(attr(m[1]!, 'name') ?? ''), xml, parts, state === 'hidden' || state === 'veryHidden', budget)
    })
    return ok(sheets)
  } catch {
    // fflate's errors for a damaged zip, and a sheet past Excel's limits.
    return fail(CORRUPT)
  }
}
