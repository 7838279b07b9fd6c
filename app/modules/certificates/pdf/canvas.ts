import type { PdfFont } from './fonts.server.ts'
import { num } from './writer.ts'

// A page's content stream as it is drawn: text, rules, frames and raw
// operators (PDF 32000-1, 8 and 9), collected as text.

export interface RGB {
  r: number
  g: number
  b: number
}

export const rgb = (r: number, g: number, b: number): RGB => ({ r, g, b })

const fillColor = (c: RGB) => `${num(c.r)} ${num(c.g)} ${num(c.b)} rg`
const strokeColor = (c: RGB) => `${num(c.r)} ${num(c.g)} ${num(c.b)} RG`

export class Canvas {
  private readonly ops: string[] = []

  /** Text from (x, y) on its baseline, turned `angle` radians anticlockwise about that point. */
  drawText(text: string, o: { x: number; y: number; size: number; font: PdfFont; color: RGB; angle?: number }) {
    const [cos, sin] = o.angle ? [Math.cos(o.angle), Math.sin(o.angle)] : [1, 0]
    const matrix = `${num(cos)} ${num(sin)} ${num(-sin)} ${num(cos)} ${num(o.x)} ${num(o.y)}`
    this.ops.push(`BT /${o.font.resource} ${num(o.size)} Tf ${fillColor(o.color)} ${matrix} Tm ${o.font.encode(text)} Tj ET`)
  }

  /** What `draw` adds, painted under the named graphics state of the page's resources (an opacity, say). */
  withState(state: string, draw: () => void) {
    this.ops.push(`q /${state} gs`)
    draw()
    this.ops.push('Q')
  }

  drawLine(o: { start: { x: number; y: number }; end: { x: number; y: number }; thickness: number; color: RGB }) {
    this.ops.push(`q ${num(o.thickness)} w ${strokeColor(o.color)} ${num(o.start.x)} ${num(o.start.y)} m ${num(o.end.x)} ${num(o.end.y)} l S Q`)
  }

  /** An unfilled frame. */
  drawFrame(o: { x: number; y: number; width: number; height: number; borderWidth: number; borderColor: RGB }) {
    this.ops.push(`q ${num(o.borderWidth)} w ${strokeColor(o.borderColor)} ${num(o.x)} ${num(o.y)} ${num(o.width)} ${num(o.height)} re S Q`)
  }

  /** Filled rectangles drawn in units of `unit` from (x, y): one path, one fill. */
  fillRectangles(rects: readonly [number, number, number, number][], o: { x: number; y: number; unit: number; color: RGB }) {
    const path = rects.map(([x, y, w, h]) => `${x} ${y} ${w} ${h} re`).join('\n')
    this.ops.push(`q ${fillColor(o.color)} ${num(o.unit)} 0 0 ${num(o.unit)} ${num(o.x)} ${num(o.y)} cm\n${path}\nf Q`)
  }

  /** The content stream's text (ASCII). */
  toString(): string {
    return this.ops.join('\n')
  }
}
