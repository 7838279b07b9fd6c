import { iinCheckDigit } from '#app/modules/auth/iin.ts'

// The business identification number (БСН / БИН) of an organisation: 12
// digits whose last is a check digit computed as the IIN's. Unlike an IIN it
// encodes no birth date, so only its form and check digit can be verified.

export type BinProblem = 'format' | 'checksum'

/** Why `bin` is not a valid BIN, or null when it is. */
export function binProblem(bin: string): BinProblem | null {
  if (!/^\d{12}$/.test(bin)) return 'format'
  const check = iinCheckDigit(bin.slice(0, 11))
  return check === null || check !== Number(bin[11]) ? 'checksum' : null
}

/** The 12-digit BIN that begins with `first11`, or null when those digits have no check digit. */
export function completeBin(first11: string): string | null {
  const check = iinCheckDigit(first11)
  return check === null ? null : `${first11}${check}`
}
