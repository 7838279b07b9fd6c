import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { gunzipSync } from 'node:zlib'
import { deflatedPiece, gzipOfPieces } from '#app/http/gzip-pieces.server.ts'

// A gzip stream put together from pieces compressed apart must be one valid
// member: read back by Node's zlib and by the system's own gzip.

const systemGunzip = (bytes: Buffer) => execFileSync('gzip', ['-dc'], { input: bytes }).toString('utf8')

describe('gzipOfPieces', () => {
  test('compressed text and stored values, in any order, read back as the text they spell', () => {
    const head = deflatedPiece('<header><span class="user-name">')
    const body = deflatedPiece('</span></header><main>' + '<p>Буллинг — әдейі, қайталанатын әрекет.</p>'.repeat(200) + '</main>')
    const name = Buffer.from('Әлия Нұрланқызы', 'utf8')
    const text =
      '<header><span class="user-name">Әлия Нұрланқызы</span></header><main>' + '<p>Буллинг — әдейі, қайталанатын әрекет.</p>'.repeat(200) + '</main>'
    const gzip = gzipOfPieces([head, name, body])
    expect(gunzipSync(gzip).toString('utf8')).toBe(text)
    expect(systemGunzip(gzip)).toBe(text)
    // The text is compressed: far fewer bytes than it has.
    expect(gzip.length).toBeLessThan(Buffer.byteLength(text) / 10)
    // Values first or last, two in a row, and the same piece used twice.
    const other = gzipOfPieces([name, head, Buffer.from('a'), Buffer.from('б'), body, head, name])
    expect(systemGunzip(other)).toBe(
      'Әлия Нұрланқызы<header><span class="user-name">aб' + text.slice(text.indexOf('</span>')) + '<header><span class="user-name">Әлия Нұрланқызы',
    )
  })

  test('empty pieces and values add nothing; no pieces at all is the empty text', () => {
    expect(gunzipSync(gzipOfPieces([])).toString('utf8')).toBe('')
    expect(systemGunzip(gzipOfPieces([deflatedPiece(''), Buffer.alloc(0)]))).toBe('')
    expect(systemGunzip(gzipOfPieces([deflatedPiece('сәлем'), Buffer.alloc(0), deflatedPiece('')]))).toBe('сәлем')
  })

  test('a value longer than one stored block (65,535 bytes) goes in several, and the length and checksum cover it all', () => {
    const long = Buffer.from('қ'.repeat(70_000), 'utf8')
    const gzip = gzipOfPieces([deflatedPiece('<p>'), long, deflatedPiece('</p>')])
    expect(long.length).toBe(140_000)
    expect(systemGunzip(gzip)).toBe(`<p>${'қ'.repeat(70_000)}</p>`)
    // The trailer: the text's length, 140,007 bytes.
    expect(gzip.readUInt32LE(gzip.length - 4)).toBe(140_007)
  })

  test('a damaged value is refused by the checksum, not read as other text', () => {
    const gzip = gzipOfPieces([deflatedPiece('<p>'), Buffer.from('Бота'), deflatedPiece('</p>')])
    const at = gzip.indexOf(Buffer.from('Бота'))
    expect(at).toBeGreaterThan(0)
    const damaged = Buffer.from(gzip)
    damaged[at] = damaged[at]! ^ 1
    expect(() => gunzipSync(damaged)).toThrow(/incorrect data check/)
  })
})
