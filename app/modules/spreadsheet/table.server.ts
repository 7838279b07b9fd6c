import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { CellKind, Workbook } from './read.server.ts'

// A sheet as a table of named columns: its header row mapped to the columns a
// kind of file has, named as people type them in Kazakh, Russian or English
// (compared without case, spaces or punctuation), in any order. Several
// columns may be read as one (surname, given name and patronymic as the full
// name); a leading `№` column and, when the spec allows, columns it does not
// know are skipped with a notice. Checking values is the importing module's job.
//
// FOUNDATION STUB (issue 19): the signatures are fixed; joined columns,
// notices and sheet choice arrive with the real implementation.

export interface TableSpec<C extends string> {
  columns: readonly C[]
  /** Columns a file must have (a joined column counts when all its parts are there). */
  required: readonly C[]
  headerNames: Record<C, readonly string[]>
  /** Columns read from several: each part's header names, joined with a space in this order (empty parts left out). */
  joined?: Partial<Record<C, readonly (readonly string[])[]>>
  /** Columns the spec does not know: ignored with a notice (true), or they refuse the file. */
  ignoreUnknown: boolean
  maxRows: number
  errors: { noHeader: ImportMessage; tooManyRows: (count: number) => ImportMessage }
}

export interface TableRow<C extends string> {
  line: number
  values: Record<C, string>
  /** What Excel stored in each column's cell (a joined column: 'text'). */
  kinds: Record<C, CellKind>
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export interface Table<C extends string> {
  sheet: string
  /** Things the person should know that refuse nothing (columns ignored). */
  notices: ImportMessage[]
  rows: TableRow<C>[]
}

const headerKey = (name: string) => name.toLocaleLowerCase('kk').replace(/[^\p{L}\p{N}]/gu, '')

/**
 * The table in `workbook`'s sheet named `sheet` (or its only sheet with data;
 * several such sheets and no choice is an error naming them).
 */
export function mapTable<C extends string>(workbook: Workbook, spec: TableSpec<C>, options: { sheet?: string } = {}): Result<Table<C>, ImportMessage> {
  const sheet = options.sheet ? workbook.sheets.find((s) => s.name === options.sheet) : workbook.sheets[0]
  if (!sheet || sheet.rows.length === 0) return fail({ key: 'import.file.empty' })
  const [header, ...data] = sheet.rows
  const byHeader = new Map(spec.columns.flatMap((c) => spec.headerNames[c].map((name) => [headerKey(name), c] as const)))
  const columns = header!.cells.map((cell) => byHeader.get(headerKey(cell.text)))
  if (!columns.some(Boolean)) return fail(spec.errors.noHeader)
  const missing = spec.required.filter((c) => !columns.includes(c))
  if (missing.length) return fail({ key: 'import.file.missingColumns', params: { columns: missing.map((c) => spec.headerNames[c][0]).join('; ') } })
  const rows = data.filter((r) => r.cells.some((c) => c.text.trim() !== ''))
  if (rows.length === 0) return fail({ key: 'import.file.noRows' })
  if (rows.length > spec.maxRows) return fail(spec.errors.tooManyRows(rows.length))
  return ok({
    sheet: sheet.name,
    notices: [],
    rows: rows.map((r) => {
      const values = Object.fromEntries(spec.columns.map((c) => [c, r.cells[columns.indexOf(c)]?.text ?? ''])) as Record<C, string>
      const kinds = Object.fromEntries(spec.columns.map((c) => [c, r.cells[columns.indexOf(c)]?.kind ?? 'empty'])) as Record<C, CellKind>
      return { line: r.line, values, kinds, ...(r.malformed ? { problem: { key: 'import.row.quotes' } } : {}) }
    }),
  })
}
