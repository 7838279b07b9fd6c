import type { Canvas, RGB } from './canvas.ts'
import type { PdfFont } from './fonts.server.ts'
import QRCode, { type BitMatrix } from 'qrcode'
import { formatCode, type CertificateFacts } from '../facts.ts'
import { drawRow, fit, rowHeight, rowWidth, unitWidth, type Row } from './layout.ts'
import { CONTENT, CONTENT_WIDTH, GREY, INK, PAGE, QR_MAX, QR_MIN, QR_MODULE, RULE, TEAL } from './page.ts'
import { day, hours, TEXT, type Lang, type Words } from './words.ts'

// What is drawn where: the centred text, the footer with the registry number,
// the signature and the QR code, and the border.

export interface Fonts {
  regular: PdfFont
  bold: PdfFont
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
  const first = fit(el.first, font, width, {
    max: size,
    min: (el.minSize ?? el.size * 0.75) * scale,
    maxLines,
    oneLineAbove: el.oneLineAbove && el.oneLineAbove * scale,
  })
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
    {
      gap: 26,
      ...pair(certificate ? TEXT.certificate : TEXT.attendance),
      bold: true,
      size: certificate ? 34 : 26,
      minSize: 18,
      maxLines: 1,
      secondSize: 13,
      color: TEAL,
      secondBold: true,
    },
    { gap: certificate ? 6 : 10, ...pair(certificate ? TEXT.certificateSub : TEXT.attendanceSub), size: 13, secondSize: 10 },
    { gap: 26, first: facts.holder, second: null, bold: true, size: 28, minSize: 14, maxLines: 2, oneLineAbove: 18, secondSize: 0 },
    { gap: 18, first: title, second: courseTitle(facts, b), size: 15, minSize: 10, maxLines: 3, width: 600, secondSize: 10.5 },
    { gap: 14, first: studied(a), second: b ? studied(b) : null, size: 11.5, secondSize: 9 },
  ]
  if (approval) elements.push({ gap: 8, first: approved(a), second: b ? approved(b) : null, size: 10, secondSize: 8.5 })
  return elements
}

/** Lays the centred text out between `top` and `bottom`, shrinking everything when it does not fit. */
export function drawMain(page: Canvas, facts: CertificateFacts, fonts: Fonts, top: number, bottom: number) {
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
function drawQr(page: Canvas, modules: BitMatrix, x: number, y: number, size: number) {
  const n = modules.size
  const rects: [number, number, number, number][] = []
  for (let row = 0; row < n; row++) {
    let col = 0
    while (col < n) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < n && modules.get(row, col)) col++
      rects.push([start, n - 1 - row, col - start, 1])
    }
  }
  page.fillRectangles(rects, { x, y, unit: size / n, color: INK })
}

/** The verification address of a signed QR text: what the QR code and its caption carry. */
export function verifyAddress(qrText: string): string {
  return qrText.split(/[?#]/)[0] ?? qrText
}

/** Registry number and issue date (left), signature (middle), QR code (right); returns the band's top. */
export function drawFooter(page: Canvas, facts: CertificateFacts, qrText: string, fonts: Fonts): number {
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
  const verify = (lang: Lang, size: number, color: RGB): Row => ({
    ...fit(`${TEXT.verify[lang]}: ${verifyAddress(qrText)}`, fonts.regular, captionWidth, { max: size, min: 5.5, maxLines: 2 }),
    font: fonts.regular,
    color,
  })
  const caption: Row[] = [
    { lines: [formatCode(facts.code)], font: fonts.bold, size: 10, color: INK },
    verify(a, 7.5, INK),
    ...(b ? [verify(b, 6.5, GREY)] : []),
  ]
  // The code carries the address alone: the signed token stays in the PDF's
  // metadata for offline checks (534 characters made modules too small to
  // scan). One byte-mode segment: searching for the best split of modes was a
  // tenth of a render. Level Q survives a stamp or a fold across a quarter of it.
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(verifyAddress(qrText)), mode: 'byte' }], { errorCorrectionLevel: 'Q' })
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

export function drawBorder(page: Canvas) {
  const frame = (inset: number, thickness: number) =>
    page.drawFrame({ x: inset, y: inset, width: PAGE.width - 2 * inset, height: PAGE.height - 2 * inset, borderColor: TEAL, borderWidth: thickness })
  frame(22, 1.6)
  frame(27.5, 0.6)
}
