import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { indexPlaces, type PlaceData } from '#app/modules/reference/places.ts'
import { readSpreadsheet } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable } from '#app/modules/spreadsheet/table.server.ts'
import { RowChecker, type CheckedRow } from './roster-rows.ts'
import { ROSTER_MAX_BYTES, ROSTER_MAX_ROWS, ROSTER_TABLE } from './roster-table.ts'

// Reading a roster: the file decoded and parsed, its header mapped, every row
// checked on its own and against the others. Pure and CPU-bound (a national
// file: seconds), so it runs in the roster's worker thread; what it finds is
// handed on in slices, each small enough to take over without a stall.

export const SLICE_ROWS = 5_000

export interface RosterRead {
  sheet: string
  notices: ImportMessage[]
  /** Data rows in the file. */
  total: number
}

export interface ReadSink {
  /** How many rows are checked, of how many. */
  progress(processed: number, total: number): void
  rows(rows: CheckedRow[]): void
  errors(errors: RowError[]): void
}

/** Reads and checks a roster, handing its good rows and its errors to `sink` slice by slice. */
export async function readRoster(bytes: Uint8Array, sheet: string | null, places: PlaceData, sink: ReadSink): Promise<Result<RosterRead, ImportMessage>> {
  const workbook = await readSpreadsheet(bytes, { maxBytes: ROSTER_MAX_BYTES, maxRows: ROSTER_MAX_ROWS })
  if (!workbook.ok) return fail(workbook.error)
  const table = mapTable(workbook.value, ROSTER_TABLE, sheet ? { sheet } : {})
  if (!table.ok) return fail(table.error)
  const { rows } = table.value
  const checker = new RowChecker(indexPlaces(places))
  sink.progress(0, rows.length)
  for (let start = 0; start < rows.length; start += SLICE_ROWS) {
    sink.rows(checker.check(rows.slice(start, start + SLICE_ROWS)))
    const errors = checker.errors.splice(0)
    if (errors.length) sink.errors(errors)
    sink.progress(Math.min(start + SLICE_ROWS, rows.length), rows.length)
  }
  return ok({ sheet: table.value.sheet, notices: table.value.notices, total: rows.length })
}
