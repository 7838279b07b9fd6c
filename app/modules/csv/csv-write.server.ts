// CSV as RFC 4180 writes it, for files people open in Excel.

/** Prepend to a CSV file so Excel reads it as UTF-8 (Kazakh letters) and not in the system code page. */
export const UTF8_BOM = '\uFEFF'

// A cell that starts with one of these is a formula to a spreadsheet: a name
// typed as "=HYPERLINK(...)" at registration must stay text in an export.
const FORMULA_START = /^[=+\-@\t\r]/

function cell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Rows to CSV text: comma-separated, CRLF line ends, a field quoted (with its
 * quotes doubled) when it holds a comma, a quote or a line break. No BOM: the
 * caller adds UTF8_BOM to a file meant for Excel.
 */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + (rows.length ? '\r\n' : '')
}
