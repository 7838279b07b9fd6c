import type { Canvas, RGB } from './canvas.ts'
import type { PdfFont } from './fonts.server.ts'
import { LEADING } from './page.ts'

// Lines of text: measured, wrapped, balanced, fitted to a width, drawn as rows.

/** The text's width at 1 pt: the glyphs' advance widths summed (a prepared font has no kerning). */
export function unitWidth(font: PdfFont, text: string): number {
  return font.widthOfTextAtSize(text, 1)
}

/** Words to lines of at most `width`; a word wider than a line is broken between letters. */
export function wrap(text: string, font: PdfFont, size: number, width: number): string[] {
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
function balance(text: string, font: PdfFont, size: number, width: number): string[] {
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
export function fit(text: string, font: PdfFont, width: number, rule: FitRule): { lines: string[]; size: number } {
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

export interface Row {
  lines: string[]
  font: PdfFont
  size: number
  color: RGB
}

export const rowHeight = (row: Row) => row.lines.length * row.size * LEADING

/** Draws a row's lines centred on `cx` (or from `x` when aligned left), top at `top`; returns the bottom. */
export function drawRow(page: Canvas, row: Row, top: number, at: { cx: number } | { x: number }): number {
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

export const rowWidth = (row: Row) => Math.max(0, ...row.lines.map((l) => unitWidth(row.font, l) * row.size))
