// The Kazakh individual identification number (ЖСН / ИИН): 12 digits, YYMMDD
// birth date, a century-and-sex digit, a serial, and a check digit.

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

export type IinProblem = 'format' | 'checksum' | 'date'

/** The check digit for the first 11 digits, or null when none exists (10 on both passes). */
export function iinCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number)
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11
  let check = weighted(FIRST_WEIGHTS)
  if (check === 10) check = weighted(SECOND_WEIGHTS)
  return check === 10 ? null : check
}

/** The birth date an IIN encodes (UTC), or null when it is not a real date. */
export function iinBirthDate(iin: string): Date | null {
  const centuryDigit = Number(iin[6])
  const century = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 }[centuryDigit]
  if (century === undefined) return null
  const year = century + Number(iin.slice(0, 2))
  const month = Number(iin.slice(2, 4))
  const day = Number(iin.slice(4, 6))
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real ? date : null
}

/** Why an IIN is invalid, or null when it is valid. */
export function iinProblem(iin: string, today: Date = new Date()): IinProblem | null {
  if (!/^\d{12}$/.test(iin)) return 'format'
  const birth = iinBirthDate(iin)
  if (!birth || birth.getTime() > today.getTime()) return 'date'
  if (iinCheckDigit(iin.slice(0, 11)) !== Number(iin[11])) return 'checksum'
  return null
}

export function isValidIin(iin: string): boolean {
  return iinProblem(iin) === null
}
