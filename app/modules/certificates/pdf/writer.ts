// The bytes of a PDF, written directly: a certificate is a handful of objects
// (PDF 32000-1, 7.5), and writing them by hand keeps every byte under our
// control, so the same facts always give the same file. Everything outside a
// stream is ASCII: text goes in hex strings.

const encoder = new TextEncoder()

/** A number as a PDF writes it: at most three decimals, no exponent, no "-0". */
export function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

export const hex4 = (n: number) => n.toString(16).padStart(4, '0')

/** Text as a PDF hex string of UTF-16BE code units, with the byte order mark a text string needs (7.9.2.2). */
export function hexText(text: string, bom = true): string {
  let out = bom ? '<feff' : '<'
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i))
  return `${out}>`
}

/** A stream object: its dictionary's extra entries, its bytes (already filtered, if `dict` names a filter). */
export function streamObject(number: number, bytes: Uint8Array, dict = ''): Uint8Array {
  const head = encoder.encode(`${number} 0 obj\n<< /Length ${bytes.byteLength}${dict ? ` ${dict}` : ''} >>\nstream\n`)
  const tail = encoder.encode('\nendstream\nendobj\n')
  const out = new Uint8Array(head.byteLength + bytes.byteLength + tail.byteLength)
  out.set(head, 0)
  out.set(bytes, head.byteLength)
  out.set(tail, head.byteLength + bytes.byteLength)
  return out
}

export function plainObject(number: number, body: string): Uint8Array {
  return encoder.encode(`${number} 0 obj\n${body}\nendobj\n`)
}

// The header's second line holds bytes above 127, so that tools treat the file as binary (7.5.2).
const HEADER = new Uint8Array([...encoder.encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])

/**
 * A whole file: the header, `prefix` (objects 1 to prefixOffsets.length, laid
 * out ahead of time), then `objects` numbered on from there, the
 * cross-reference table and the trailer.
 */
export function pdfFile(
  prefix: { bytes: Uint8Array; offsets: readonly number[] },
  objects: readonly Uint8Array[],
  trailer: { root: number; info: number; id: string },
): Uint8Array {
  const offsets = prefix.offsets.map((o) => HEADER.byteLength + o)
  let at = HEADER.byteLength + prefix.bytes.byteLength
  for (const object of objects) {
    offsets.push(at)
    at += object.byteLength
  }
  const size = offsets.length + 1
  const xref = [`xref\n0 ${size}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('')
  const tail = encoder.encode(
    `${xref}trailer\n<< /Size ${size} /Root ${trailer.root} 0 R /Info ${trailer.info} 0 R /ID [<${trailer.id}> <${trailer.id}>] >>\nstartxref\n${at}\n%%EOF\n`,
  )
  const out = new Uint8Array(at + tail.byteLength)
  out.set(HEADER, 0)
  out.set(prefix.bytes, HEADER.byteLength)
  let offset = HEADER.byteLength + prefix.bytes.byteLength
  for (const object of objects) {
    out.set(object, offset)
    offset += object.byteLength
  }
  out.set(tail, offset)
  return out
}
