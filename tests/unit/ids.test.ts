import { describe, expect, test } from 'vitest'
import { idRun, newId, randomBytes } from '#db/ids.server.ts'

describe('ids', () => {
  test('newId gives 16 base32 characters, never the same twice', () => {
    const ids = Array.from({ length: 20_000 }, () => newId())
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[a-z2-7]{16}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('each of the 32 characters is as likely in every place of an id', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 20_000; i++) for (const c of newId()) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect([...counts.keys()].sort().join('')).toBe('234567abcdefghijklmnopqrstuvwxyz')
    // 320,000 characters: 10,000 of each expected, about 100 either way; 5 % is five times that.
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(500)
  })

  test('random bytes from the pool are never handed out twice, across refills', () => {
    const seen = new Set<string>()
    // 3,000 draws of 12 bytes go through the 8 KB pool more than four times.
    for (let i = 0; i < 3_000; i++) seen.add(Buffer.from(randomBytes(12)).toString('hex'))
    expect(seen.size).toBe(3_000)
    expect(randomBytes(8_192)).toHaveLength(8_192)
    expect(() => randomBytes(8_193)).toThrow(RangeError)
  })

  test("a run's ids sort by their number, share a prefix, and each carries its own random part", () => {
    const id = idRun()
    const numbers = [0, 1, 9, 31, 32, 33, 1_000, 52_399, 100_001, 32 ** 4 - 1]
    const ids = numbers.map((n) => id(n))
    expect([...ids].sort()).toEqual(ids)
    for (const one of ids) expect(one).toMatch(/^[a-z2-7]{24}$/)
    expect(new Set(ids.map((one) => one.slice(0, 8))).size).toBe(1)
    // The same number twice: two different ids, equal up to the random part.
    const again = id(1_000)
    expect(again).not.toBe(ids[6])
    expect(again.slice(0, 12)).toBe(ids[6]!.slice(0, 12))
    // Another run has another prefix.
    expect(idRun()(0).slice(0, 8)).not.toBe(ids[0]!.slice(0, 8))
  })

  test('a number a run cannot order is refused', () => {
    const id = idRun()
    expect(() => id(-1)).toThrow(RangeError)
    expect(() => id(32 ** 4)).toThrow(RangeError)
    expect(() => id(1.5)).toThrow(RangeError)
  })
})
