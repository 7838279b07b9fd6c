import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { CellKind } from './read.server.ts'

// What Excel does to a 12-digit identifier (IIN, BIN) typed into a number
// column: shows it as 8.50815E+11 (the last digits lost), drops its leading
// zero, or turns it into a date. Each is quoted back with how to keep the
// column as text.
//
// FOUNDATION STUB (issue 19): the signature is fixed; the real checks arrive
// with the spreadsheet reader.

/** Why a cell cannot be the 12-digit identifier it should hold because Excel changed it, or null. */
export function damagedIdentifier(cell: { text: string; kind: CellKind }, digits = 12): ImportMessage | null {
  void digits
  void cell
  return null
}
