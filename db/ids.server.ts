import { randomFillSync } from 'node:crypto'

// Random bytes are drawn from the system's generator 8 KB at a time: one call
// per id cost about 14 µs, which made ids a tenth of a national import's
// time. Each byte is handed out once.
const POOL_BYTES = 8_192
const pool = new Uint8Array(POOL_BYTES)
let used = POOL_BYTES

/** `n` cryptographically random bytes (n at most 8,192), a copy the caller owns. */
export function randomBytes(n: number): Uint8Array {
  if (n > POOL_BYTES) throw new RangeError(`randomBytes: ${n} bytes is more than ${POOL_BYTES}`)
  if (used + n > POOL_BYTES) {
    randomFillSync(pool)
    used = 0
  }
  const bytes = pool.slice(used, used + n)
  used += n
  return bytes
}

// Base32's letters, as encodeBase32LowerCaseNoPadding writes them.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * `n` random base32 characters (5 random bits each): one pooled byte a
 * character, its low five bits, which are uniform because 256 is a multiple
 * of 32. Encoding bytes through the general base32 encoder cost a national
 * import about a second.
 */
function randomChars(n: number): string {
  const bytes = randomBytes(n)
  let out = ''
  for (let i = 0; i < n; i++) out += BASE32[bytes[i]! & 31]
  return out
}

/** A random 16-character id (80 bits): unguessable, so ids in URLs reveal nothing. */
export function newId(): string {
  return randomChars(16)
}

// Base32 digits in the order their characters sort, so that encoded numbers sort as the numbers do.
const SORTED_DIGITS = '234567abcdefghijklmnopqrstuvwxyz'

/**
 * Ids for the many rows of one run (a national import): `id(n)` for the
 * run's n-th row, 0 ≤ n < 32⁴. They share a random 8-character prefix and
 * then sort by n, so the rows a step writes land on neighbouring pages of
 * every index keyed by them: random ids scattered 1,000 rows over thousands
 * of pages, and each commit wrote them all. Each id still carries 60 random
 * bits of its own after the prefix, so knowing one tells nothing usable
 * about another.
 */
export function idRun(): (n: number) => string {
  const prefix = randomChars(8)
  return (n: number) => {
    if (!Number.isInteger(n) || n < 0 || n >= 32 ** 4) throw new RangeError(`idRun: ${n} is out of range`)
    let seq = ''
    for (let i = 0, v = n; i < 4; i++, v = Math.floor(v / 32)) seq = SORTED_DIGITS[v % 32]! + seq
    return `${prefix}${seq}${randomChars(12)}`
  }
}
