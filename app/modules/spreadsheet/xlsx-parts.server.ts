// The small rules of SpreadsheetML that the .xlsx scan needs: XML text as
// Excel escapes it, which number formats show a date, and the date a serial
// number stands for.

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** XML character references and entities, then Excel's own `_xHHHH_` escapes (a line break in a cell is _x000D_). */
export function unescapeXml(text: string): string {
  let out = text
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16))
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
      return ENTITIES[name] ?? whole
    })
  }
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return out
}

// Built-in number formats that show a date or time (ECMA-376 §18.8.30, with
// the East Asian ones Excel also uses).
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** Whether number format `id` (its code when it is a custom one) shows a number as a date or time. */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (BUILT_IN_DATES.has(id)) return true
  if (!code) return false
  // Literal text ("тг", \x), colours and conditions ([Red], [<100]) say nothing of the kind.
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/General/gi, '')
  return /[dmyhs]/i.test(bare) && !/^[#0.,\s%E+-]*$/i.test(bare)
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The day a date serial stands for, as YYYY-MM-DD: days since 1900-01-00
 * counting Excel's 29 February 1900 (kept from Lotus 1-2-3), or since
 * 1904-01-01 in a workbook that uses the 1904 system.
 */
export function serialDate(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial)) return ''
  const days = Math.floor(serial)
  if (!date1904 && days === 60) return '1900-02-29'
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
  const date = new Date(epoch + days * DAY_MS)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10)
}
