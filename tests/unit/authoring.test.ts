import { describe, expect, test } from 'vitest'
import { academicHours, hoursSummary } from '#app/modules/content/hours.ts'
import { lessonKeyOf, parityReport } from '#app/modules/authoring/parity.ts'

describe('academic hours', () => {
  test('lesson minutes add up per module and course, in 45-minute academic hours against the approved hours', () => {
    const summary = hoursSummary(
      [
        {
          id: 'a',
          lessons: [
            { id: 'x', minutes: 45 },
            { id: 'y', minutes: 30 },
          ],
        },
        { id: 'b', lessons: [] },
        { id: 'c', lessons: [{ id: 'z', minutes: 60 }] },
      ],
      4,
    )
    expect(summary.modules.map((m) => [m.id, m.minutes, m.hours])).toEqual([
      ['a', 75, 1.7],
      ['b', 0, 0],
      ['c', 60, 1.3],
    ])
    expect(summary).toMatchObject({ minutes: 135, hours: 3, approvedHours: 4, difference: -1 })
    expect(academicHours(90)).toBe(2)
    expect(hoursSummary([{ id: 'a', lessons: [{ id: 'x', minutes: 270 }] }], 4).difference).toBe(2)
  })
})

describe('bilingual parity', () => {
  const at = (h: number) => `2026-11-26T${String(h).padStart(2, '0')}:00:00.000Z`
  const files = (kk: number, ru: number) => [
    { path: 'kk/01-m/01-l.mdx', changedAt: at(kk) },
    { path: 'ru/01-m/01-l.mdx', changedAt: at(ru) },
  ]

  test('languages changed together are in step; one changed later is reported, naming both', () => {
    expect(parityReport(files(9, 9), ['kk', 'ru'], new Map())).toEqual([])
    expect(parityReport(files(11, 9), ['kk', 'ru'], new Map())).toEqual([
      { kind: 'stale', lessonKey: 'm/l', moduleId: 'm', lessonId: 'l', newer: ['kk'], older: ['ru'], newerAt: at(11), olderAt: at(9) },
    ])
    expect(parityReport(files(9, 11), ['kk', 'ru'], new Map())[0]).toMatchObject({ newer: ['ru'], older: ['kk'] })
  })

  test('an author\'s "in step" settles the lesson until the next change after it', () => {
    expect(parityReport(files(11, 9), ['kk', 'ru'], new Map([['m/l', at(11)]]))).toEqual([])
    expect(parityReport(files(12, 9), ['kk', 'ru'], new Map([['m/l', at(11)]]))).toHaveLength(1)
  })

  test('a lesson in one language only is missing in the other; languages the course does not have are ignored', () => {
    expect(parityReport([{ path: 'kk/01-m/02-x.mdx', changedAt: at(9) }], ['kk', 'ru'], new Map())).toEqual([
      { kind: 'missing', lessonKey: 'm/x', moduleId: 'm', lessonId: 'x', missing: ['ru'], present: ['kk'] },
    ])
    expect(parityReport([...files(9, 9), { path: 'en/01-m/01-l.mdx', changedAt: at(12) }], ['kk', 'ru'], new Map())).toEqual([])
    expect(parityReport([{ path: 'course.yml', changedAt: at(12) }], ['kk', 'ru'], new Map())).toEqual([])
  })

  test('only lesson paths have a lesson key', () => {
    expect(lessonKeyOf('kk/01-basics/02-signals.mdx')).toEqual({ lang: 'kk', moduleId: 'basics', lessonId: 'signals', key: 'basics/signals' })
    expect(lessonKeyOf('kk/basics/02-signals.mdx')).toBeNull()
    expect(lessonKeyOf('../01-a/01-b.mdx')).toBeNull()
  })
})
