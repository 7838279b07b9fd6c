import { constants, crc32, deflateRawSync } from 'node:zlib'

// One gzip member (RFC 1952) put together from pieces, so that a kept
// document's text is compressed once and each response only adds its own
// values (the nonce, the reader's name) between the compressed parts.
//
// A raw deflate stream (RFC 1951) is a series of blocks. Each text piece is
// compressed on its own and ends with a full flush: an empty stored block
// that leaves the stream on a byte boundary and refers to nothing before it,
// so compressed pieces can follow one another in any order. A value between
// them goes as stored blocks (a byte for the block's header, its length and
// the length's complement, then the bytes as they are): a few dozen bytes,
// no compressor to start. An empty stored block marked last ends the stream,
// and the trailer gives the CRC-32 and length of the whole text.

/** A text piece: its bytes, and the same compressed as a piece of a deflate stream. */
export interface DeflatedPiece {
  readonly bytes: Buffer
  readonly deflated: Buffer
}

/** Compresses `text` as a piece that other pieces may follow. */
export function deflatedPiece(text: string): DeflatedPiece {
  const bytes = Buffer.from(text, 'utf8')
  return { bytes, deflated: deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH }) }
}

// Compression method deflate, no flags, no time, no extra flags, unknown system.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
// A stored block marked last, empty: the stream's end.
const END = Buffer.from([1, 0, 0, 0xff, 0xff])
const STORED_MAX = 0xffff

/** `bytes` as stored (uncompressed) blocks, none marked last. */
function stored(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += STORED_MAX) {
    const chunk = bytes.subarray(at, at + STORED_MAX)
    const head = Buffer.alloc(5)
    head.writeUInt16LE(chunk.length, 1)
    head.writeUInt16LE(~chunk.length & 0xffff, 3)
    blocks.push(head, chunk)
  }
  return blocks
}

/** The gzip member of the text the pieces spell in order: compressed pieces as they are, raw bytes (a response's values) stored. */
export function gzipOfPieces(pieces: readonly (DeflatedPiece | Buffer)[]): Buffer {
  const out: Buffer[] = [HEADER]
  let crc = 0
  let length = 0
  for (const piece of pieces) {
    const bytes = Buffer.isBuffer(piece) ? piece : piece.bytes
    if (!bytes.length) continue
    crc = crc32(bytes, crc)
    length += bytes.length
    if (Buffer.isBuffer(piece)) out.push(...stored(piece))
    else out.push(piece.deflated)
  }
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(length >>> 0, 4)
  out.push(END, trailer)
  return Buffer.concat(out)
}
