import { describe, expect, test } from 'vitest'
import { formatDate, formatDateTime, formatNumber, formatPercent, localIsoDate } from '#app/i18n/format.ts'

describe('formatting for readers in Kazakhstan', () => {
  const moment = '2026-11-26T01:02:03Z' // 06:02 in Astana and Almaty (UTC+5)

  test('dates read naturally in each language', () => {
    expect(formatDate(moment, 'kk')).toBe('2026 ж. 26 қараша')
    expect(formatDate(moment, 'ru')).toBe('26 ноября 2026 г.')
    expect(formatDate(moment, 'en')).toBe('26 November 2026')
    expect(formatDateTime(moment, 'kk')).toBe('2026 ж. 26 қараша, 06:02')
  })

  test('the calendar day is Kazakhstan’s, not UTC’s', () => {
    expect(localIsoDate('2026-12-31T20:30:00Z')).toBe('2027-01-01')
    expect(formatDate('2026-12-31T20:30:00Z', 'ru')).toBe('1 января 2027 г.')
  })

  test('times asked again, in the same minute or across many minutes, read the same as the first time', () => {
    expect(formatDateTime('2026-11-26T01:02:59.999Z', 'kk')).toBe('2026 ж. 26 қараша, 06:02')
    expect(formatDateTime('2026-11-26T01:03:00Z', 'kk')).toBe('2026 ж. 26 қараша, 06:03')
    // Past the minutes kept, every answer is still its own.
    for (let m = 0; m < 2_000; m++) {
      const at = new Date(Date.UTC(2026, 0, 1, 19, 0) + m * 60_000)
      const local = new Date(at.getTime() + 5 * 3_600_000)
      expect(localIsoDate(at)).toBe(local.toISOString().slice(0, 10))
    }
    expect(formatDateTime(moment, 'ru')).toBe('26 ноября 2026 г., 06:02')
    expect(() => formatDate('not a date', 'en')).toThrow(RangeError)
  })

  test('numbers group thousands the local way', () => {
    expect(formatNumber(52400, 'kk')).toBe('52\u00a0400')
    expect(formatNumber(1234567.5, 'ru')).toBe('1\u00a0234\u00a0567,5')
    expect(formatNumber(12000000, 'en')).toBe('12,000,000')
    expect(formatPercent(0.256, 'kk')).toBe('25,6%')
    expect(formatPercent(0.256, 'ru')).toBe('25,6\u00a0%')
    expect(formatPercent(1, 'en')).toBe('100%')
  })
})
