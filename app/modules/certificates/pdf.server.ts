import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import {
  concatTransformationMatrix,
  fill,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  type PDFFont,
  type PDFPage,
  type RGB,
} from 'pdf-lib'
import QRCode, { type BitMatrix } from 'qrcode'
import { z } from 'zod'
import { formatDate, formatNumber } from '#app/i18n/format.ts'
import { formatCode, type CertificateFacts } from './facts.ts'

// A certificate or an attendance statement as one A4 landscape page, rendered
// from its facts alone. The bytes must never change for the same facts: the
// SHA-256 of the PDF is stored at issue and compared on every download. So the
// dates and the trailer /ID are derived from the facts, the font names are
// fixed, and any change to what is drawn bumps CERTIFICATE_PDF_VERSION.

export const CERTIFICATE_PDF_VERSION = 1

const PAGE = { width: 841.89, height: 595.28 }
const CONTENT = { left: 66, right: PAGE.width - 66, top: PAGE.height - 60, bottom: 50 }
const CONTENT_WIDTH = CONTENT.right - CONTENT.left
// The QR code grows with its module count so that a module stays large enough
// for a phone, or zbar on a 100 dpi scan, to read: at least 30 mm across.
const QR_MODULE = 1.7
const QR_MIN = 85
const QR_MAX = 180
const LEADING = 1.25

const TEAL = rgb(11 / 255, 90 / 255, 85 / 255)
const INK = rgb(0.1, 0.12, 0.15)
const GREY = rgb(0.42, 0.45, 0.5)
const RULE = rgb(0.55, 0.58, 0.62)

type Lang = 'kk' | 'ru'
type Words = Record<Lang, string>

const TEXT = {
  institute: {
    kk: '«Өркен» балалардың әл-ауқатын арттыру ұлттық ғылыми-практикалық институты',
    ru: 'Национальный научно-практический институт благополучия детей «Өркен»',
  },
  certificate: { kk: 'СЕРТИФИКАТ', ru: 'СЕРТИФИКАТ' },
  certificateSub: { kk: 'біліктілікті арттыру курсынан өткені туралы', ru: 'о прохождении курса повышения квалификации' },
  attendance: { kk: 'ТЫҢДАУШЫ АНЫҚТАМАСЫ', ru: 'СПРАВКА О ПРОСЛУШИВАНИИ КУРСА' },
  attendanceSub: { kk: 'қорытынды емтихан тапсырылмаған', ru: 'итоговый экзамен не сдан' },
  period: { kk: 'оқу мерзімі', ru: 'срок обучения' },
  approval: { kk: 'Оқу-ағарту министрлігімен келісілген', ru: 'Согласовано с Министерством просвещения' },
  number: { kk: 'Тіркеу нөмірі', ru: 'Регистрационный номер' },
  issued: { kk: 'Берілген күні', ru: 'Дата выдачи' },
  director: { kk: 'Директор', ru: 'Директор' },
  stamp: { kk: 'М.О.', ru: 'М.П.' },
  verify: { kk: 'Тексеру', ru: 'Проверка' },
} satisfies Record<string, Words>

/** "1 академический час", "2 академических часа", "5 академических часов", "11 академических часов". */
export function pluralHoursRu(n: number): string {
  const number = formatNumber(n, 'ru')
  if (!Number.isInteger(n)) return `${number} академического часа`
  const mod10 = Math.abs(n) % 10
  const mod100 = Math.abs(n) % 100
  if (mod10 === 1 && mod100 !== 11) return `${number} академический час`
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${number} академических часа`
  return `${number} академических часов`
}

function hours(n: number, lang: Lang): string {
  return lang === 'kk' ? `${formatNumber(n, 'kk')} академиялық сағат` : pluralHoursRu(n)
}

/** A calendar date (YYYY-MM-DD) in words; noon UTC is the same day in Kazakhstan. */
function day(iso: string, lang: Lang): string {
  return formatDate(`${iso}T12:00:00Z`, lang)
}

// ------------------------------------------------------------------ fonts

interface FontBytes {
  regular: Uint8Array
  bold: Uint8Array
}

let fontBytes: Promise<FontBytes> | undefined

function loadFonts(): Promise<FontBytes> {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url)
    const read = (name: string) => fs.readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`))
    const [regular, bold] = await Promise.all([read('DejaVuSans.ttf'), read('DejaVuSans-Bold.ttf')])
    return { regular, bold }
  })().catch((error: unknown) => {
    fontBytes = undefined
    throw error
  })
  return fontBytes
}

// ---------------------------------------------------------------- measuring

// fontkit shapes the text on every measurement, and shaping is much of the
// render time: words are measured at 1 pt once per process (keyed by the
// font's PostScript name, which names the file) and lines are summed from
// them (DejaVu kerns no pair across a space).
const unitWidths = new Map<string, number>()

function unitWidth(font: PDFFont, text: string): number {
  const key = `${font.name}\n${text}`
  let width = unitWidths.get(key)
  if (width === undefined) {
    if (unitWidths.size > 20_000) unitWidths.clear()
    unitWidths.set(key, (width = font.widthOfTextAtSize(text, 1)))
  }
  return width
}

/** Words to lines of at most `width`; a word wider than a line is broken between letters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const space = unitWidth(font, ' ') * size
  const lines: string[] = []
  let line = ''
  let lineWidth = 0
  for (let word of text.split(/\s+/).filter(Boolean)) {
    let wordWidth = unitWidth(font, word) * size
    if (line && lineWidth + space + wordWidth <= width) {
      line += ` ${word}`
      lineWidth += space + wordWidth
      continue
    }
    if (line) lines.push(line)
    while (wordWidth > width && word.length > 1) {
      const letters = Array.from(word)
      let cut = Math.max(1, letters.length - 1)
      while (cut > 1 && unitWidth(font, letters.slice(0, cut).join('')) * size > width) cut--
      lines.push(letters.slice(0, cut).join(''))
      word = letters.slice(cut).join('')
      wordWidth = unitWidth(font, word) * size
    }
    line = word
    lineWidth = wordWidth
  }
  if (line) lines.push(line)
  return lines
}

/** The narrowest width that keeps the same number of lines, so wrapped lines come out even. */
function balance(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines = wrap(text, font, size, width)
  if (lines.length < 2) return lines
  let lo = width / lines.length
  let hi = width
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2
    if (wrap(text, font, size, mid).length > lines.length) lo = mid
    else hi = mid
  }
  return wrap(text, font, size, hi)
}

interface FitRule {
  max: number
  min: number
  maxLines: number
  /** Above this size the text must fit one line: a name shrinks before it wraps. */
  oneLineAbove?: number
}

/**
 * The largest size from `max` down to `min` at which the text fits `width` in
 * `maxLines`; at `min`, lines past the last are cut with an ellipsis.
 */
function fit(text: string, font: PDFFont, width: number, rule: FitRule): { lines: string[]; size: number } {
  const { max, min, maxLines, oneLineAbove = max } = rule
  for (let size = max; size > min; size -= 0.5) {
    const lines = wrap(text, font, size, width)
    if (lines.length === 1 || (size <= oneLineAbove && lines.length <= maxLines)) return { lines: balance(text, font, size, width), size }
  }
  const lines = balance(text, font, min, width)
  if (lines.length <= maxLines) return { lines, size: min }
  const kept = wrap(text, font, min, width).slice(0, maxLines)
  let last = `${kept[maxLines - 1]} …`
  while (unitWidth(font, last) * min > width && last.length > 2) last = `${last.slice(0, -3).trimEnd()} …`
  kept[maxLines - 1] = last
  return { lines: kept, size: min }
}

interface Row {
  lines: string[]
  font: PDFFont
  size: number
  color: RGB
}

const rowHeight = (row: Row) => row.lines.length * row.size * LEADING

/** Draws a row's lines centred on `cx` (or from `x` when aligned left), top at `top`; returns the bottom. */
function drawRow(page: PDFPage, row: Row, top: number, at: { cx: number } | { x: number }): number {
  const lineHeight = row.size * LEADING
  const ascent = row.font.heightAtSize(row.size, { descender: false })
  const pad = (lineHeight - row.font.heightAtSize(row.size)) / 2
  row.lines.forEach((line, i) => {
    const width = unitWidth(row.font, line) * row.size
    const x = 'cx' in at ? at.cx - width / 2 : at.x
    page.drawText(line, { x, y: top - i * lineHeight - pad - ascent, size: row.size, font: row.font, color: row.color })
  })
  return top - rowHeight(row)
}

const rowWidth = (row: Row) => Math.max(0, ...row.lines.map((l) => unitWidth(row.font, l) * row.size))

// ------------------------------------------------------------------ layout

interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

/** A piece of text in the first language with its translation, smaller and grey, beneath. */
interface Element {
  gap: number
  first: string
  second: string | null
  bold?: boolean
  size: number
  minSize?: number
  maxLines?: number
  oneLineAbove?: number
  /** Narrower than the page for long text, so lines stay readable. */
  width?: number
  secondSize: number
  color?: RGB
  secondBold?: boolean
}

function elementRows(el: Element, fonts: Fonts, scale: number): Row[] {
  const font = el.bold ? fonts.bold : fonts.regular
  const width = el.width ?? CONTENT_WIDTH
  const maxLines = el.maxLines ?? 2
  const size = el.size * scale
  const first = fit(el.first, font, width, { max: size, min: (el.minSize ?? el.size * 0.75) * scale, maxLines, oneLineAbove: el.oneLineAbove && el.oneLineAbove * scale })
  const rows: Row[] = [{ ...first, font, color: el.color ?? INK }]
  if (el.second && el.second !== el.first) {
    const secondFont = el.secondBold ? fonts.bold : fonts.regular
    const secondSize = el.secondSize * scale
    const second = fit(el.second, secondFont, width, { max: secondSize, min: secondSize * 0.8, maxLines })
    rows.push({ ...second, font: secondFont, color: GREY })
  }
  return rows
}

function courseTitle(facts: CertificateFacts, lang: Lang | null): string | null {
  if (!lang) return null
  const title = facts.course[lang]
  if (!title) return null
  return title.includes('«') ? title : `«${title}»`
}

function mainElements(facts: CertificateFacts): Element[] {
  const a: Lang = facts.lang
  const b = facts.secondLang === a ? null : facts.secondLang
  const pair = (words: Words) => ({ first: words[a], second: b ? words[b] : null })
  const certificate = facts.kind === 'certificate'
  const studied = (lang: Lang) => `${hours(facts.hours, lang)} · ${TEXT.period[lang]}: ${day(facts.from, lang)} – ${day(facts.to, lang)}`
  const approval = facts.approval
  const approved = (lang: Lang) => (approval ? `${TEXT.approval[lang]}: № ${approval.number}, ${day(approval.date, lang)}` : '')
  const title = courseTitle(facts, a) ?? courseTitle(facts, 'kk') ?? courseTitle(facts, 'ru') ?? facts.course.en ?? ''
  const elements: Element[] = [
    { gap: 0, ...pair(TEXT.institute), bold: true, size: 11, secondSize: 8.5, color: TEAL },
    { gap: 26, ...pair(certificate ? TEXT.certificate : TEXT.attendance), bold: true, size: certificate ? 34 : 26, minSize: 18, maxLines: 1, secondSize: 13, color: TEAL, secondBold: true },
    { gap: certificate ? 6 : 10, ...pair(certificate ? TEXT.certificateSub : TEXT.attendanceSub), size: 13, secondSize: 10 },
    { gap: 26, first: facts.holder, second: null, bold: true, size: 28, minSize: 14, maxLines: 2, oneLineAbove: 18, secondSize: 0 },
    { gap: 18, first: title, second: courseTitle(facts, b), size: 15, minSize: 10, maxLines: 3, width: 600, secondSize: 10.5 },
    { gap: 14, first: studied(a), second: b ? studied(b) : null, size: 11.5, secondSize: 9 },
  ]
  if (approval) elements.push({ gap: 8, first: approved(a), second: b ? approved(b) : null, size: 10, secondSize: 8.5 })
  return elements
}

/** Lays the centred text out between `top` and `bottom`, shrinking everything when it does not fit. */
function drawMain(page: PDFPage, facts: CertificateFacts, fonts: Fonts, top: number, bottom: number) {
  const available = top - bottom
  const elements = mainElements(facts)
  let scale = 1
  let laid = elements.map((el) => ({ gap: el.gap, rows: elementRows(el, fonts, scale) }))
  const height = () => laid.reduce((sum, el) => sum + el.gap * scale + el.rows.reduce((h, r) => h + rowHeight(r), 0), 0)
  while (height() > available && scale > 0.4) {
    scale -= 0.05
    laid = elements.map((el) => ({ gap: el.gap, rows: elementRows(el, fonts, scale) }))
  }
  // Spare room widens the gaps a little, then centres the block.
  const gaps = laid.reduce((sum, el) => sum + el.gap * scale, 0)
  const spare = Math.max(0, available - height())
  const stretch = gaps > 0 ? Math.min(0.6, spare / gaps) : 0
  let y = top - (spare - gaps * stretch) / 2
  const cx = PAGE.width / 2
  for (const el of laid) {
    y -= el.gap * scale * (1 + stretch)
    for (const row of el.rows) y = drawRow(page, row, y, { cx })
  }
}

/**
 * The QR code as filled module runs in one path, drawn in module units under
 * a scaling matrix: one fill (no hairline seams between modules) and short
 * integer operands (a small content stream).
 */
function drawQr(page: PDFPage, modules: BitMatrix, x: number, y: number, size: number) {
  const n = modules.size
  const unit = size / n
  const ops = [pushGraphicsState(), concatTransformationMatrix(unit, 0, 0, unit, x, y), setFillingColor(INK)]
  for (let row = 0; row < n; row++) {
    let col = 0
    while (col < n) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < n && modules.get(row, col)) col++
      ops.push(rectangle(start, n - 1 - row, col - start, 1))
    }
  }
  ops.push(fill(), popGraphicsState())
  page.pushOperators(...ops)
}

function verifyAddress(qrText: string): string {
  return qrText.split(/[?#]/)[0] ?? qrText
}

/** Registry number and issue date (left), signature (middle), QR code (right); returns the band's top. */
function drawFooter(page: PDFPage, facts: CertificateFacts, qrText: string, fonts: Fonts): number {
  const a: Lang = facts.lang
  const b = facts.secondLang === a ? null : facts.secondLang
  const label = (words: Words): Row[] => [
    { lines: [words[a]], font: fonts.regular, size: 8, color: INK },
    ...(b && words[b] !== words[a] ? [{ lines: [words[b]], font: fonts.regular, size: 7, color: GREY }] : []),
  ]
  const stack = (rows: Row[], bottom: number, at: { cx: number } | { x: number }) => {
    let y = bottom + rows.reduce((h, r) => h + rowHeight(r), 0)
    const top = y
    for (const row of rows) y = drawRow(page, row, y, at)
    return top
  }

  // Right: the QR code above its caption.
  const captionWidth = 250
  const verify = (lang: Lang, size: number, color: RGB): Row => ({ ...fit(`${TEXT.verify[lang]}: ${verifyAddress(qrText)}`, fonts.regular, captionWidth, { max: size, min: 5.5, maxLines: 2 }), font: fonts.regular, color })
  const caption: Row[] = [
    { lines: [formatCode(facts.code)], font: fonts.bold, size: 10, color: INK },
    verify(a, 7.5, INK),
    ...(b ? [verify(b, 6.5, GREY)] : []),
  ]
  const { modules } = QRCode.create(qrText, { errorCorrectionLevel: 'M' })
  const qrSize = Math.min(QR_MAX, Math.max(QR_MIN, modules.size * QR_MODULE))
  const rightWidth = Math.max(qrSize, ...caption.map(rowWidth))
  const rightCx = CONTENT.right - rightWidth / 2
  const captionTop = stack(caption, CONTENT.bottom, { cx: rightCx })
  // The quiet zone, four modules of white page on every side, stays clear.
  const qrBottom = captionTop + (4 * qrSize) / modules.size
  drawQr(page, modules, rightCx - qrSize / 2, qrBottom, qrSize)
  const qrTop = qrBottom + qrSize

  // Left: registry number and issue date.
  const registry: Row[] = [
    ...label(TEXT.number),
    { lines: [facts.number], font: fonts.bold, size: 12, color: INK },
    { lines: [''], font: fonts.regular, size: 6, color: INK },
    ...label(TEXT.issued),
    { lines: [day(facts.issued, a)], font: fonts.bold, size: 10, color: INK },
    ...(b ? [{ lines: [day(facts.issued, b)], font: fonts.regular, size: 8, color: GREY }] : []),
  ]
  const leftWidth = Math.max(...registry.map(rowWidth))
  stack(registry, CONTENT.bottom, { x: CONTENT.left })

  // Middle: the director signs on the rule; the stamp goes over "М.О.".
  const cx = (CONTENT.left + leftWidth + CONTENT.right - rightWidth) / 2
  const director = TEXT.director[a]
  const signWidth = 150
  const labelWidth = unitWidth(fonts.bold, director) * 11
  const x0 = cx - (labelWidth + 8 + signWidth) / 2
  const lineY = CONTENT.bottom + 58
  page.drawText(director, { x: x0, y: lineY + 2, size: 11, font: fonts.bold, color: INK })
  page.drawLine({ start: { x: x0 + labelWidth + 8, y: lineY }, end: { x: x0 + labelWidth + 8 + signWidth, y: lineY }, thickness: 0.6, color: RULE })
  if (b && TEXT.director[b] !== director) page.drawText(TEXT.director[b], { x: x0, y: lineY - 10, size: 7, font: fonts.regular, color: GREY })
  stack(label(TEXT.stamp), CONTENT.bottom, { x: x0 })

  return Math.max(qrTop, lineY + 14)
}

function drawBorder(page: PDFPage) {
  const frame = (inset: number, thickness: number) =>
    page.drawRectangle({ x: inset, y: inset, width: PAGE.width - 2 * inset, height: PAGE.height - 2 * inset, borderColor: TEAL, borderWidth: thickness })
  frame(22, 1.6)
  frame(27.5, 0.6)
}

// ---------------------------------------------------------------- metadata

const TOKEN_KEY = PDFName.of('OrkenToken')
const FACTS_KEY = PDFName.of('OrkenFacts')

const FactsSchema: z.ZodType<CertificateFacts> = z
  .object({
    kind: z.enum(['certificate', 'attendance']),
    number: z.string(),
    code: z.string(),
    holder: z.string(),
    course: z.object({ kk: z.string().optional(), ru: z.string().optional(), en: z.string().optional() }).strict(),
    lang: z.enum(['kk', 'ru']),
    secondLang: z.enum(['kk', 'ru']).nullable(),
    hours: z.number(),
    from: z.string(),
    to: z.string(),
    approval: z.object({ number: z.string(), date: z.string() }).strict().nullable(),
    issued: z.string(),
    revision: z.number(),
  })
  .strict()

// The facts are checked against the schema but returned as parsed, so their
// key order, and with it JSON.stringify and the signed digest, is unchanged.
function isCertificateFacts(value: unknown): value is CertificateFacts {
  return FactsSchema.safeParse(value).success
}

function setInfo(doc: PDFDocument, facts: CertificateFacts, qrText: string) {
  const issued = new Date(`${facts.issued}T00:00:00Z`)
  const heading = facts.kind === 'certificate' ? TEXT.certificate[facts.lang] : TEXT.attendance[facts.lang]
  doc.setTitle(facts.number)
  doc.setSubject(`${heading}: ${facts.holder}`)
  doc.setKeywords([facts.number, formatCode(facts.code), facts.kind, `revision ${facts.revision}`])
  doc.setAuthor(TEXT.institute[facts.lang])
  doc.setCreator('Өркен Academy')
  doc.setProducer('Өркен Academy')
  doc.setLanguage(facts.lang)
  doc.setCreationDate(issued)
  doc.setModificationDate(issued)
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  info.set(TOKEN_KEY, PDFHexString.fromText(qrText))
  info.set(FACTS_KEY, PDFHexString.fromText(JSON.stringify(facts)))
  // pdf-lib writes no /ID; readers and PDF/A want one, stable for the same input.
  const id = createHash('sha256').update(JSON.stringify([CERTIFICATE_PDF_VERSION, facts, qrText])).digest('hex').slice(0, 32)
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)])
}

/**
 * The verification token (the QR text) and the facts an issued PDF carries in
 * its document information; null for what is missing or malformed. Throws when
 * the bytes are not a PDF.
 */
export async function readCertificateMetadata(pdfBytes: Uint8Array): Promise<{ token: string | null; facts: CertificateFacts | null }> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false })
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  const text = (key: PDFName) => {
    const value = info?.lookup(key)
    return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : null
  }
  const json = text(FACTS_KEY)
  let facts: CertificateFacts | null = null
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json)
      if (isCertificateFacts(parsed)) facts = parsed
    } catch {
      facts = null
    }
  }
  return { token: text(TOKEN_KEY), facts }
}

// ------------------------------------------------------------------- render

/** One page, A4 landscape; the same facts and QR text always give the same bytes. */
export async function renderCertificatePdf(facts: CertificateFacts, qrText: string): Promise<Uint8Array> {
  const bytes = await loadFonts()
  const doc = await PDFDocument.create({ updateMetadata: false })
  // A fresh fontkit font per document: a parsed font reused across documents
  // keeps glyphs cached by an earlier subset without their code points, and a
  // later document's text then loses letters (І in bold) when copied.
  doc.registerFontkit(fontkit)
  const fonts: Fonts = {
    // A six-letter tag and "+" marks a subset font (PDF 32000, 9.6.4).
    regular: await doc.embedFont(bytes.regular, { subset: true, customName: 'ORKENR+DejaVuSans' }),
    bold: await doc.embedFont(bytes.bold, { subset: true, customName: 'ORKENB+DejaVuSans-Bold' }),
  }
  setInfo(doc, facts, qrText)
  const page = doc.addPage([PAGE.width, PAGE.height])
  drawBorder(page)
  const footerTop = drawFooter(page, facts, qrText, fonts)
  drawMain(page, facts, fonts, CONTENT.top, footerTop + 22)
  return doc.save({ useObjectStreams: false })
}
