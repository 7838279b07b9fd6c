import { describe, expect, test } from 'vitest'
import { iinBirthDate, iinCheckDigit, iinProblem, isValidIin } from '#app/modules/auth/iin.ts'

describe('IIN', () => {
  test('accepts a number whose check digit comes from the first pass', () => {
    // 9,0,0,5,1,4,4,0,0,1,2 weighted 1..11 = 206; 206 mod 11 = 8
    expect(iinCheckDigit('90051440012')).toBe(8)
    expect(isValidIin('900514400128')).toBe(true)
  })

  test('uses the second weights when the first pass gives 10', () => {
    // Find a prefix whose first pass is 10, then check the second pass decides.
    const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    const second = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    let prefix = ''
    for (let serial = 0; serial < 10000 && !prefix; serial++) {
      const candidate = `8506153${String(serial).padStart(4, '0')}`
      const digits = [...candidate].map(Number)
      const p1 = digits.reduce((s, d, i) => s + d * first[i]!, 0) % 11
      const p2 = digits.reduce((s, d, i) => s + d * second[i]!, 0) % 11
      if (p1 === 10 && p2 !== 10) prefix = candidate
    }
    expect(prefix).not.toBe('')
    const digits = [...prefix].map(Number)
    const expected = digits.reduce((s, d, i) => s + d * second[i]!, 0) % 11
    expect(iinCheckDigit(prefix)).toBe(expected)
    expect(isValidIin(prefix + expected)).toBe(true)
  })

  test('has no valid check digit when both passes give 10', () => {
    const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    const second = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    let prefix = ''
    for (let serial = 0; serial < 100000 && !prefix; serial++) {
      const candidate = `850615${String(serial).padStart(5, '0')}`
      if (!'3456'.includes(candidate[6]!)) continue
      const digits = [...candidate].map(Number)
      const p1 = digits.reduce((s, d, i) => s + d * first[i]!, 0) % 11
      const p2 = digits.reduce((s, d, i) => s + d * second[i]!, 0) % 11
      if (p1 === 10 && p2 === 10) prefix = candidate
    }
    expect(prefix).not.toBe('')
    expect(iinCheckDigit(prefix)).toBeNull()
    for (let d = 0; d <= 9; d++) expect(iinProblem(prefix + d)).toBe('checksum')
  })

  test('rejects a wrong check digit', () => {
    expect(iinProblem('900514400127')).toBe('checksum')
    expect(iinProblem('900514400129')).toBe('checksum')
  })

  test('rejects the wrong length and non-digits', () => {
    expect(iinProblem('90051440012')).toBe('format')
    expect(iinProblem('9005144001281')).toBe('format')
    expect(iinProblem('90051440012a')).toBe('format')
    expect(iinProblem('')).toBe('format')
  })

  test('rejects dates that do not exist or are in the future', () => {
    expect(iinProblem('901314400120')).toBe('date') // month 13
    expect(iinProblem('900230400120')).toBe('date') // 30 February
    expect(iinProblem('900514700120')).toBe('date') // century digit 7
    expect(iinProblem('990101500120', new Date('2026-11-26'))).toBe('date') // born 2099
  })

  test('decodes the century from the seventh digit', () => {
    expect(iinBirthDate('000229500120')?.toISOString().slice(0, 10)).toBe('2000-02-29')
    expect(iinBirthDate('000229300120')).toBeNull() // 1900 was not a leap year
    expect(iinBirthDate('851231100120')?.getUTCFullYear()).toBe(1885)
  })
})
