import { strFromU8, unzipSync } from 'fflate'
import readXlsxFile from 'read-excel-file/universal'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Cell, ImportMessage, Sheet, SheetRow } from './read.server.ts'

// An .xlsx workbook's sheets. read-excel-file reads the values: shared and
// inline strings, numbers, booleans, date-formatted numbers (through the
// workbook's styles) and formulas' cached values, every sheet in order, each
// row at its Excel row number. What it does not tell (which cells hold a
// formula, which ranges are merged, which sheets are hidden) is read here
// from the package's XML with a small scan: the workbook's sheet list, its
// relationships to the sheet parts, and each part's <f> and <mergeCell>.

/** What read-excel-file gives for a numeric cell with the parseNumber below: the number as stored. */
interface StoredNumber {
  stored: string
}

interface SheetMarks {
  hidden: boolean
  /** `${row}:${column}` (both 0-based) of every cell with a formula. */
  formulas: Set<string>
  merges: { ref: string; top: number; left: number; bottom: number; right: number }[]
}

const XLSX_FAILURE: ImportMessage = { key: 'spreadsheet.file.corrupt' }

/** 'BC12' → { row: 11, column: 54 }, 0-based. */
function cellAddress(ref: string): { row: number; column: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref)
  if (!m) return null
  let column = 0
  for (const letter of m[1]!) column = column * 26 + (letter.charCodeAt(0) - 64)
  return { row: Number(m[2]) - 1, column: column - 1 }
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

function sheetMarks(xml: string, hidden: boolean): SheetMarks {
  const marks: SheetMarks = { hidden, formulas: new Set(), merges: [] }
  const dataStart = xml.indexOf('<sheetData')
  const dataEnd = xml.indexOf('</sheetData>')
  // A formula is an <f> element (or a shared formula's <f .../>) inside a cell <c r="…">.
  const formula = /<f[\s>/]/g
  formula.lastIndex = Math.max(dataStart, 0)
  for (let m = formula.exec(xml); m && (dataEnd < 0 || m.index < dataEnd); m = formula.exec(xml)) {
    const cellStart = xml.lastIndexOf('<c ', m.index)
    const ref = cellStart >= 0 ? attribute(xml.slice(cellStart, xml.indexOf('>', cellStart) + 1), 'r') : undefined
    const at = ref ? cellAddress(ref) : null
    if (at) marks.formulas.add(`${at.row}:${at.column}`)
  }
  for (const m of xml.slice(Math.max(dataEnd, 0)).matchAll(/<mergeCell\s[^>]*ref="([A-Z$]+\d+):([A-Z$]+\d+)"/g)) {
    const from = cellAddress(m[1]!)
    const to = cellAddress(m[2]!)
    if (from && to) marks.merges.push({ ref: `${m[1]}:${m[2]}`, top: from.row, left: from.column, bottom: to.row, right: to.column })
  }
  return marks
}

/** Each sheet's marks, in the workbook's order (the order read-excel-file returns them in). */
function readMarks(bytes: Uint8Array): SheetMarks[] {
  const wanted = (name: string) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || /^xl\/worksheets\/[^/]+\.xml$/.test(name)
  const files = unzipSync(bytes, { filter: (f) => wanted(f.name) })
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : '')
  const targets = new Map<string, string>()
  for (const m of text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s[^>]*>/g)) {
    const id = attribute(m[0], 'Id')
    const target = attribute(m[0], 'Target')
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`)
  }
  return [...text('xl/workbook.xml').matchAll(/<sheet\s[^>]*>/g)].map((m) => {
    const id = attribute(m[0], 'r:id') ?? attribute(m[0], '[\\w]+:id')
    const state = attribute(m[0], 'state')
    return sheetMarks(text(targets.get(id ?? '') ?? ''), state === 'hidden' || state === 'veryHidden')
  })
}

/** A stored number as Excel shows it in full: integers without an exponent, others to 15 significant digits. */
export function numberText(stored: string): string {
  const n = Number(stored)
  if (!Number.isFinite(n)) return stored
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0)
  return String(Number(n.toPrecision(15)))
}

// The library's types say `typeof Date` where it gives a Date: each value is narrowed here.
function cellOf(value: unknown): Cell {
  if (typeof value === 'string') return value === '' ? { text: '', kind: 'empty' } : { text: value, kind: 'text' }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'text' }
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), kind: 'date' }
  if (typeof value === 'object' && value !== null && 'stored' in value && typeof value.stored === 'string')
    return { text: numberText(value.stored), kind: 'number' }
  return { text: '', kind: 'empty' }
}

function sheetOf(name: string, data: readonly (readonly unknown[])[], marks: SheetMarks | undefined): Sheet {
  const grid: Cell[][] = data.map((values) => values.map(cellOf))
  const width = Math.max(0, ...grid.map((cells) => cells.length))
  for (const key of marks?.formulas ?? []) {
    const [row, column] = key.split(':').map(Number) as [number, number]
    const cell = grid[row]?.[column]
    if (cell) cell.kind = 'formula'
  }
  // A range may run past the cells in use (a whole column merged): only the used part is marked.
  for (const merge of marks?.merges ?? []) {
    for (let r = merge.top; r <= Math.min(merge.bottom, grid.length - 1); r++) {
      const cells = grid[r]!
      for (let c = merge.left; c <= Math.min(merge.right, width - 1); c++) {
        while (cells.length <= c) cells.push({ text: '', kind: 'empty' })
        if (r === merge.top && c === merge.left) cells[c]!.merged = merge.ref
        else cells[c] = { text: '', kind: 'merged' }
      }
    }
  }
  const rows: SheetRow[] = []
  grid.forEach((cells, i) => {
    if (cells.some((c) => c.text.trim() !== '' || c.kind === 'merged' || c.merged)) rows.push({ line: i + 1, cells })
  })
  return { name, rows, ...(marks?.hidden ? { hidden: true } : {}) }
}

/** Every sheet of an .xlsx file; a damaged package (or one that is not a workbook) is refused. */
export async function readXlsx(bytes: Uint8Array): Promise<Result<Sheet[], ImportMessage>> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  try {
    const sheets = await readXlsxFile<StoredNumber>(buffer, { parseNumber: (stored) => ({ stored }), trim: false })
    const marks = readMarks(bytes)
    return ok(sheets.map((s, i) => sheetOf(s.sheet, s.data, marks[i])))
  } catch {
    // The library's InvalidInputError and InvalidSpreadsheetError, fflate's
    // errors, and whatever else a damaged package makes a reader throw.
    return fail(XLSX_FAILURE)
  }
}
