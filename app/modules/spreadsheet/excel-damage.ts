import type { CellKind, ImportMessage } from './read.server.ts'

// What Excel does to a 12-digit identifier (IIN, BIN) typed into a number
// column: shows it as 8.50815E+11 and saves that to CSV (the last digits are
// lost), drops its leading zeros (someone born in 2000-2009 has an IIN that
// starts with 0), or turns it into a date. Each is quoted back with how to
// keep the column as text; a value that is merely wrong is the caller's.

// 8.50815E+11 and, from Excel set up for Kazakhstan or Russia, 8,50815E+11.
const SCIENTIFIC = /^\d+(?:[.,]\d+)?[eE][+-]?\d+$/

/** Why a cell cannot be the `digits`-digit identifier it should hold because Excel changed it, or null. */
export function damagedIdentifier(cell: { text: string; kind: CellKind }, digits = 12): ImportMessage | null {
  const value = cell.text.trim()
  if (cell.kind === 'date') return { key: 'spreadsheet.id.date', params: { value } }
  if (SCIENTIFIC.test(value)) return { key: 'spreadsheet.id.scientific', params: { value } }
  if (!/^\d+$/.test(value)) return null
  // A number cell holds no leading zero at all; a text one saved from it lost exactly one (or it is a typo).
  const lostZero = cell.kind === 'number' ? value.length < digits && value.length >= digits - 6 : value.length === digits - 1
  return lostZero ? { key: 'spreadsheet.id.leadingZero', params: { value } } : null
}
