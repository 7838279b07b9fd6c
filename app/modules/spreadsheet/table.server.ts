import { fail, ok, type Result } from '#app/core/result.ts'
import type { Cell, CellKind, ImportMessage, Sheet, SheetRow, Workbook } from './read.server.ts'

// A sheet as a table of named columns: its header row mapped to the columns a
// kind of file has, named as people type them in Kazakh, Russian or English
// (compared without case, spaces or punctuation: `Т.А.Ә.` is `ТАӘ`), in any
// order. The header may sit below title rows (the first of the first ten rows
// that names two known columns); data rows keep their lines. Several columns
// may be read as one (surname, given name and patronymic as the full name); a
// leading `№` column is skipped, and columns the spec does not know are
// ignored with a notice when it allows. Checking values is the importing
// module's job; a value Excel calculated (a formula) or spread over several
// cells (merged) is refused here, row by row.

export interface TableSpec<C extends string> {
  columns: readonly C[]
  /** Columns a file must have (a joined column counts when its parts are there). */
  required: readonly C[]
  headerNames: Record<C, readonly string[]>
  /**
   * Columns read from several: each part's header names, joined with a space
   * in this order (empty parts left out). Every part but the last must be in
   * the file (a patronymic column may be missing); a file with both the
   * column and its parts is refused as naming it twice.
   */
  joined?: Partial<Record<C, readonly (readonly string[])[]>>
  /** Columns the spec does not know: ignored with a notice (true), or they refuse the file. */
  ignoreUnknown: boolean
  maxRows: number
  errors: {
    noHeader: ImportMessage
    tooManyRows: (count: number) => ImportMessage
    /** When unknown columns refuse the file; 'import.file.unknownColumns' unless given. */
    unknownColumns?: (columns: string) => ImportMessage
  }
}

export interface TableRow<C extends string> {
  line: number
  values: Record<C, string>
  /** What Excel stored in each column's cell (a joined column: 'text'). */
  kinds: Record<C, CellKind>
  /** The row could not be split into the header's columns, or a cell of it cannot be read as one row's value. */
  problem?: ImportMessage
}

export interface Table<C extends string> {
  sheet: string
  /** Things the person should know that refuse nothing (columns ignored). */
  notices: ImportMessage[]
  rows: TableRow<C>[]
}

/** Header text as compared: lower case, letters and digits only, ё as е. */
export function headerKey(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('kk')
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

// A leading column that numbers the rows: `№`, `#` (nothing left of them), `N`, `No`, `Р/с`, `п/п`, `№ п/п`.
const ROW_NUMBER_KEYS = new Set(['', 'n', 'no', 'nr', 'рс', 'пп', 'ретісаны', 'рет'])

/** Where a header cell's values go: a column, or one part of a joined column. */
interface Slot<C extends string> {
  column: C
  part: number | null
}

const blank = (row: SheetRow) => row.cells.every((c) => c.text.trim() === '')

/** "ЖСН / ИИН / IIN": how a column is named in messages, in all three languages (a joined column also by its parts). */
export function columnLabel<C extends string>(spec: TableSpec<C>, column: C): string {
  const names = spec.headerNames[column].slice(0, 3)
  const parts = spec.joined?.[column]
  if (!parts?.length) return names.join(' / ')
  const byLanguage = [0, 1, 2].map((i) => parts.map((p) => p[i] ?? p[0]).join(' + '))
  return [...names, ...new Set(byLanguage)].join(' / ')
}

/** The names of the sheets that hold something, hidden ones left out: the choices a form offers. */
export function sheetsWithData(workbook: Workbook): string[] {
  return workbook.sheets.filter((s) => !s.hidden && s.rows.some((r) => !blank(r))).map((s) => s.name)
}

function chooseSheet(workbook: Workbook, name: string | undefined): Result<Sheet, ImportMessage> {
  const choices = sheetsWithData(workbook)
  if (name && workbook.format === 'xlsx') {
    const wanted = name.trim().toLocaleLowerCase('kk')
    const sheet = workbook.sheets.find((s) => s.name === name) ?? workbook.sheets.find((s) => s.name.trim().toLocaleLowerCase('kk') === wanted)
    if (!sheet) return fail({ key: 'spreadsheet.sheet.unknown', params: { sheet: name, sheets: workbook.sheets.map((s) => s.name).join(', ') } })
    return ok(sheet)
  }
  if (choices.length > 1) return fail({ key: 'spreadsheet.sheet.choose', params: { sheets: choices.join(', ') } })
  const sheet = workbook.sheets.find((s) => s.name === choices[0])
  return sheet ? ok(sheet) : fail({ key: 'import.file.empty' })
}

function slotsByKey<C extends string>(spec: TableSpec<C>): Map<string, Slot<C>> {
  const slots = new Map<string, Slot<C>>()
  const add = (name: string, slot: Slot<C>) => {
    const key = headerKey(name)
    if (key && !slots.has(key)) slots.set(key, slot)
  }
  for (const column of spec.columns) for (const name of spec.headerNames[column]) add(name, { column, part: null })
  for (const column of spec.columns) spec.joined?.[column]?.forEach((names, part) => names.forEach((name) => add(name, { column, part })))
  return slots
}

/** What each of the header's cells is: a slot, skipped (null: empty, or the row numbers) or unknown (undefined). */
function readHeader<C extends string>(header: SheetRow, slots: Map<string, Slot<C>>) {
  const first = header.cells.findIndex((c) => c.text.trim() !== '')
  return header.cells.map((cell, i): Slot<C> | null | undefined => {
    const key = headerKey(cell.text)
    if (cell.text.trim() === '' || (i === first && ROW_NUMBER_KEYS.has(key))) return null
    return slots.get(key)
  })
}

/** Where each column is read from: one cell, or its parts' cells (-1: a part not in the file). */
type Sources<C extends string> = Map<C, { cell: number } | { parts: number[] }>

function resolveColumns<C extends string>(spec: TableSpec<C>, header: (Slot<C> | null | undefined)[]): Result<Sources<C>, ImportMessage> {
  const sources: Sources<C> = new Map()
  const repeated = new Set<C>()
  const missing: C[] = []
  for (const column of spec.columns) {
    const whole = header.flatMap((s, i) => (s && s.column === column && s.part === null ? [i] : []))
    const partCount = spec.joined?.[column]?.length ?? 0
    const parts = Array.from({ length: partCount }, (_, p) => header.flatMap((s, i) => (s && s.column === column && s.part === p ? [i] : [])))
    const anyPart = parts.some((p) => p.length > 0)
    if (whole.length > 1 || parts.some((p) => p.length > 1) || (whole.length === 1 && anyPart)) repeated.add(column)
    else if (whole.length === 1) sources.set(column, { cell: whole[0]! })
    else if (anyPart && parts.slice(0, -1).every((p) => p.length === 1)) sources.set(column, { parts: parts.map((p) => p[0] ?? -1) })
    else if (anyPart || spec.required.includes(column)) missing.push(column)
  }
  if (repeated.size) return fail({ key: 'import.file.duplicateColumns', params: { columns: [...repeated].map((c) => columnLabel(spec, c)).join('; ') } })
  if (missing.length) return fail({ key: 'import.file.missingColumns', params: { columns: missing.map((c) => columnLabel(spec, c)).join('; ') } })
  return ok(sources)
}

/** A formula or merged cell in a mapped column: the row's problem, naming the column as the file's header does. */
function cellProblem(cell: Cell | undefined, headerText: string): ImportMessage | null {
  if (cell?.kind === 'formula') return { key: 'spreadsheet.row.formula', params: { column: headerText } }
  if (cell?.kind === 'merged' || cell?.merged) return { key: 'spreadsheet.row.merged', params: { column: headerText } }
  return null
}

/**
 * The table in `workbook`'s sheet named `sheet` (or its only sheet with data;
 * several such sheets and no choice is an error naming them).
 */
export function mapTable<C extends string>(workbook: Workbook, spec: TableSpec<C>, options: { sheet?: string } = {}): Result<Table<C>, ImportMessage> {
  const chosen = chooseSheet(workbook, options.sheet)
  if (!chosen.ok) return chosen
  const sheet = chosen.value
  const rows = sheet.rows.filter((r) => r.malformed || !blank(r))
  if (rows.length === 0) return fail({ key: 'import.file.empty' })

  const slots = slotsByKey(spec)
  const enough = Math.min(2, spec.columns.length)
  const headerAt = rows.slice(0, 10).findIndex((r) => !r.malformed && readHeader(r, slots).filter(Boolean).length >= enough)
  if (headerAt < 0) return fail(spec.errors.noHeader)
  const header = rows[headerAt]!
  const named = readHeader(header, slots)

  const notices: ImportMessage[] = []
  const unknown = header.cells.filter((_, i) => named[i] === undefined).map((c) => c.text.trim())
  if (unknown.length && !spec.ignoreUnknown) {
    return fail(spec.errors.unknownColumns?.(unknown.join(', ')) ?? { key: 'import.file.unknownColumns', params: { columns: unknown.join(', ') } })
  }
  if (unknown.length) notices.push({ key: 'spreadsheet.file.ignoredColumns', params: { columns: unknown.join(', ') } })
  const resolved = resolveColumns(spec, named)
  if (!resolved.ok) return resolved
  const sources = resolved.value

  const data = rows.slice(headerAt + 1)
  if (data.length === 0) return fail({ key: 'import.file.noRows' })
  if (data.length > spec.maxRows) return fail(spec.errors.tooManyRows(data.length))

  // The cells every row must reach (a text file's short line lost its last values).
  const mapped = [...sources.values()].flatMap((s) => ('cell' in s ? [s.cell] : s.parts.filter((p) => p >= 0)))
  const needed =
    Math.max(
      0,
      ...spec.required.flatMap((c) => {
        const s = sources.get(c)
        return s ? ('cell' in s ? [s.cell] : s.parts.filter((p) => p >= 0)) : []
      }),
    ) + 1
  const width = header.cells.length

  return ok({
    sheet: sheet.name,
    notices,
    rows: data.map((row): TableRow<C> => {
      const values = {} as Record<C, string>
      const kinds = {} as Record<C, CellKind>
      for (const column of spec.columns) {
        const source = sources.get(column)
        if (!source) {
          values[column] = ''
          kinds[column] = 'empty'
        } else if ('cell' in source) {
          const cell = row.cells[source.cell]
          values[column] = cell?.text ?? ''
          kinds[column] = cell?.kind ?? 'empty'
        } else {
          values[column] = source.parts
            .map((p) => (p >= 0 ? (row.cells[p]?.text.trim() ?? '') : ''))
            .filter(Boolean)
            .join(' ')
          kinds[column] = 'text'
        }
      }
      const result: TableRow<C> = { line: row.line, values, kinds }
      const filled = row.cells.findLastIndex((c) => c.text.trim() !== '') + 1
      if (row.malformed) result.problem = { key: 'import.row.quotes' }
      else if (row.cells.length < needed || filled > width)
        result.problem = { key: 'import.row.fieldCount', params: { found: row.cells.length, expected: width } }
      else {
        const problem = mapped.map((i) => cellProblem(row.cells[i], header.cells[i]!.text.trim())).find(Boolean)
        if (problem) result.problem = problem
      }
      return result
    }),
  })
}
