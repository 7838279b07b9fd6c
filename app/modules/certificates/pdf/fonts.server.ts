import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { zlibSync } from 'fflate'
import { hex4, hexText, num, streamObject } from './writer.ts'

// The DejaVu fonts a certificate is set in, subset once per process for every
// letter a certificate can print: Kazakh, Russian and English letters, digits
// and punctuation. Subsetting and compressing a font was most of a render's
// time when each document did it for itself; now a document only writes the
// prepared objects out. A name with a letter outside that set (a
// Turkish ş, say) gets fonts subset for the set plus its letters, built once
// for that set of extra letters. The set, the order of its glyphs and the
// extras' order (by code point) depend on nothing but the text, so the same
// facts always give the same fonts, byte for byte.

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/** Code points in the prepared fonts, in this order (which fixes the glyph ids). */
export const BASE_CODE_POINTS: readonly number[] = [
  ...range(0x20, 0x7e), // ASCII
  ...[0xa0, 0xab, 0xbb, 0xb7, 0xa7, 0xb0], // no-break space « » · § °
  ...range(0x410, 0x44f), // А–я
  ...[0x401, 0x451], // Ё ё
  // The Kazakh letters beyond Russian: Ә Ғ Қ Ң Ө Ұ Ү Һ І and their small forms.
  ...[0x4d8, 0x4d9, 0x492, 0x493, 0x49a, 0x49b, 0x4a2, 0x4a3, 0x4e8, 0x4e9, 0x4b0, 0x4b1, 0x4ae, 0x4af, 0x4ba, 0x4bb, 0x406, 0x456],
  // – — ‘ ’ ‚ “ ” „ • … ′ ″ № and thin, narrow no-break and other spaces.
  ...[0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2022, 0x2026, 0x2032, 0x2033, 0x2116, 0x2009, 0x202f, 0x2002, 0x2003],
]
const BASE = new Set(BASE_CODE_POINTS)

/** A prepared font: its metrics, how text maps to glyphs, and its PDF objects. */
export class PdfFont {
  constructor(
    /** The PDF name (a subset tag and the PostScript name). */
    readonly name: string,
    /** The resource name in a page's /Font dictionary. */
    readonly resource: string,
    private readonly glyphs: ReadonlyMap<number, { id: number; width: number }>,
    private readonly notdefWidth: number,
    private readonly ascent: number,
    private readonly descent: number,
    /** What "without the descender" takes off; see heightAtSize. */
    private readonly descenderCut: number,
  ) {}

  widthOfTextAtSize(text: string, size: number): number {
    let width = 0
    for (const char of text) width += this.glyphs.get(char.codePointAt(0)!)?.width ?? this.notdefWidth
    return (width * size) / 1000
  }

  /**
   * Ascent to descent, or less the descender. Measured as pdf-lib measured it,
   * which takes the descender off in the font's own units rather than in
   * thousandths of an em: the page was laid out with those figures.
   */
  heightAtSize(size: number, options: { descender?: boolean } = {}): number {
    const height = this.ascent - this.descent - (options.descender === false ? this.descenderCut : 0)
    return (height * size) / 1000
  }

  /** The text as a PDF hex string of two-byte glyph ids (Identity-H); a missing letter is .notdef. */
  encode(text: string): string {
    let out = '<'
    for (const char of text) out += hex4(this.glyphs.get(char.codePointAt(0)!)?.id ?? 0)
    return `${out}>`
  }
}

export interface PreparedFonts {
  regular: PdfFont
  bold: PdfFont
  /** Object numbers 1 to FONT_OBJECTS as written, with each one's offset from the start of `bytes`. */
  bytes: Uint8Array
  offsets: number[]
}

/** The objects the two fonts take: Type0, CIDFont, descriptor, font file, ToUnicode, each. */
export const FONT_OBJECTS = 10

/** What the subsetting worker gives back for one font. */
interface SubsetFont {
  postscriptName: string
  unitsPerEm: number
  ascent: number
  descent: number
  capHeight: number | null
  xHeight: number | null
  italicAngle: number
  bbox: [number, number, number, number]
  notdefAdvance: number
  /** [code point, glyph id in the subset, advance in font units], for the code points the font has. */
  glyphs: [number, number, number][]
  /** The subset font file, deflated (zlib). */
  file: Uint8Array
}

// Parsing and subsetting a font holds a thread for a quarter of a second the
// first time: it runs in a worker thread of its own, started for each set of
// letters (once per process for the base set), so the server keeps answering.
// Plain JavaScript: fontkit and fflate are loaded from the paths given.
const SUBSET_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const { pathToFileURL } = require('node:url')
;(async () => {
  const fontkit = await import(pathToFileURL(workerData.fontkit).href)
  const { zlibSync } = require(workerData.fflate)
  const fonts = workerData.files.map((file) => {
    const font = fontkit.create(fs.readFileSync(file))
    const subset = font.createSubset()
    const glyphs = []
    for (const cp of workerData.codePoints) {
      if (!font.hasGlyphForCodePoint(cp)) continue
      const glyph = font.glyphForCodePoint(cp)
      glyphs.push([cp, subset.includeGlyph(glyph.id), glyph.advanceWidth])
    }
    const { minX, minY, maxX, maxY } = font.bbox
    return {
      postscriptName: font.postscriptName, unitsPerEm: font.unitsPerEm, ascent: font.ascent, descent: font.descent,
      capHeight: font.capHeight ?? null, xHeight: font.xHeight ?? null, italicAngle: font.italicAngle,
      bbox: [minX, minY, maxX, maxY], notdefAdvance: font.getGlyph(0).advanceWidth, glyphs,
      file: zlibSync(subset.encode(), { level: 9 }),
    }
  })
  parentPort.postMessage(fonts)
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }))
`

function subsetInWorker(codePoints: readonly number[]): Promise<[SubsetFont, SubsetFont]> {
  const require = createRequire(import.meta.url)
  const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((name) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`))
  const worker = new Worker(SUBSET_WORKER, {
    eval: true,
    workerData: { fontkit: require.resolve('fontkit'), fflate: require.resolve('fflate'), files, codePoints },
  })
  return new Promise<[SubsetFont, SubsetFont]>((resolve, reject) => {
    worker.once('message', (message: [SubsetFont, SubsetFont] | { error: string }) => {
      if ('error' in message) reject(new Error(`preparing the certificate fonts failed: ${message.error}`))
      else resolve(message)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the font worker stopped (exit code ${code})`)))
  }).finally(() => void worker.terminate())
}

/** One font's five objects, numbered from `first`, and the PdfFont that draws with it. */
function fontObjects(font: SubsetFont, tag: string, resource: string, first: number): { font: PdfFont; objects: Uint8Array[] } {
  const scale = 1000 / font.unitsPerEm
  const glyphs = new Map<number, { id: number; width: number }>()
  const widths: number[] = [font.notdefAdvance * scale]
  const unicode = new Map<number, number>()
  for (const [cp, id, advance] of font.glyphs) {
    const width = Math.round(advance * scale * 1000) / 1000
    widths[id] = width
    glyphs.set(cp, { id, width })
    // The first code point for a glyph is what copying it gives (a space, not a no-break space).
    if (!unicode.has(id)) unicode.set(id, cp)
  }
  // A six-letter tag and "+" marks a subset font (PDF 32000, 9.6.4).
  const name = `${tag}+${font.postscriptName}`
  const [type0, cid, descriptor, file, toUnicode] = [0, 1, 2, 3, 4].map((i) => first + i) as [number, number, number, number, number]
  const encoder = new TextEncoder()
  const cmap = zlibSync(encoder.encode(toUnicodeCMap(unicode)), { level: 9 })
  const objects = [
    encoder.encode(
      `${type0} 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>\nendobj\n`,
    ),
    encoder.encode(
      `${cid} 0 obj\n<< /Type /Font /Subtype /CIDFontType2 /CIDToGIDMap /Identity /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /W [0 [${Array.from(widths, (w) => num(w ?? 0)).join(' ')}]] >>\nendobj\n`,
    ),
    encoder.encode(
      `${descriptor} 0 obj\n<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${font.bbox.map((v) => num(v * scale)).join(' ')}] /ItalicAngle ${num(font.italicAngle)} /Ascent ${num(font.ascent * scale)} /Descent ${num(font.descent * scale)} /CapHeight ${num((font.capHeight || font.ascent) * scale)} /XHeight ${num((font.xHeight ?? 0) * scale)} /StemV 0 /FontFile2 ${file} 0 R >>\nendobj\n`,
    ),
    streamObject(file, font.file, '/Filter /FlateDecode'),
    streamObject(toUnicode, cmap, '/Filter /FlateDecode'),
  ]
  return {
    font: new PdfFont(name, resource, glyphs, widths[0]!, font.ascent * scale, font.descent * scale, Math.abs(font.descent)),
    objects,
  }
}

function toUnicodeCMap(unicode: ReadonlyMap<number, number>): string {
  const entries = [...unicode].sort((a, b) => a[0] - b[0]).map(([id, cp]) => `<${hex4(id)}> ${hexText(String.fromCodePoint(cp), false)}`)
  const blocks: string[] = []
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100)
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`)
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n')
}

async function prepare(extra: readonly number[]): Promise<PreparedFonts> {
  const [regular, bold] = await subsetInWorker([...BASE_CODE_POINTS, ...extra])
  // Each font's objects, and the render waiting for them, in a turn of the
  // event loop of its own: together they held a server's first render 85 ms.
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
  const r = fontObjects(regular, 'ORKENR', 'R', 1)
  await nextTurn()
  const b = fontObjects(bold, 'ORKENB', 'B', 1 + FONT_OBJECTS / 2)
  await nextTurn()
  const objects = [...r.objects, ...b.objects]
  const offsets: number[] = []
  let at = 0
  for (const object of objects) {
    offsets.push(at)
    at += object.byteLength
  }
  const bytes = new Uint8Array(at)
  objects.forEach((object, i) => bytes.set(object, offsets[i]!))
  return { regular: r.font, bold: b.font, bytes, offsets }
}

const prepared = new Map<string, Promise<PreparedFonts>>()
/** Fonts with extra letters kept at most; the base set is never dropped. */
const MAX_PREPARED = 64

/** The prepared fonts for these texts: the base set, plus whatever letters the texts have beyond it. */
export function fontsFor(texts: readonly string[]): Promise<PreparedFonts> {
  const extra = new Set<number>()
  for (const text of texts) for (const char of text) if (!BASE.has(char.codePointAt(0)!)) extra.add(char.codePointAt(0)!)
  const sorted = [...extra].sort((a, b) => a - b)
  const key = sorted.join(',')
  let fonts = prepared.get(key)
  if (!fonts) {
    if (prepared.size >= MAX_PREPARED) for (const k of prepared.keys()) if (k !== '' && prepared.delete(k)) break
    fonts = prepare(sorted)
    fonts.catch(() => prepared.delete(key))
    prepared.set(key, fonts)
  }
  return fonts
}
