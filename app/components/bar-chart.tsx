// A horizontal bar chart drawn as plain SVG, no chart library: each bar's
// label above it (wrapped onto as many lines as it needs), the bar, and its
// value at the right. 320 units wide, so it fits a 360-pixel phone at its
// natural size. The chart is one image to assistive technology; its numbers
// are in the table that `describedBy` names, which the page shows beside it.

export interface Bar {
  label: string
  value: number
  /** The value as the reader sees it: "12 (40%)". */
  valueText: string
}

const WIDTH = 320
const FONT = 13
const LINE = 16
const BAR = 14
const GAP = 10
const VALUE_SPACE = 96
// A conservative width per character at 13 px, Cyrillic included.
const CHARS_PER_LINE = 40
// The page's colour properties, so the chart follows the light or dark scheme.
const BAR_COLOUR = 'var(--brand)'
const TRACK_COLOUR = 'var(--brand-soft)'

/** Splits text into lines of at most `max` characters, at spaces where it can. */
export function wrapLabel(text: string, max = CHARS_PER_LINE): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word
    while (rest.length > max) {
      if (line) lines.push(line)
      lines.push(rest.slice(0, max))
      rest = rest.slice(max)
      line = ''
    }
    if (!line) line = rest
    else if (line.length + 1 + rest.length <= max) line += ` ${rest}`
    else {
      lines.push(line)
      line = rest
    }
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}

export function BarChart({ id, title, bars, max, describedBy }: { id: string; title: string; bars: Bar[]; max?: number; describedBy: string }) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value))
  const room = WIDTH - VALUE_SPACE
  let y = 0
  const rows = bars.map((bar) => {
    const lines = wrapLabel(bar.label)
    const labelY = y + FONT
    const barY = y + lines.length * LINE + 2
    y = barY + BAR + GAP
    return { bar, lines, labelY, barY, width: top > 0 ? (bar.value / top) * room : 0 }
  })
  const height = Math.max(y - GAP, 1)
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      fontSize={FONT}
      fill="currentColor"
    >
      <title id={`${id}-title`}>{title}</title>
      {rows.map(({ bar, lines, labelY, barY, width }, i) => (
        <g key={i}>
          <text x={0} y={labelY}>
            {lines.map((line, k) => (
              <tspan key={k} x={0} dy={k === 0 ? 0 : LINE}>
                {line}
              </tspan>
            ))}
          </text>
          <rect x={0} y={barY} width={room} height={BAR} style={{ fill: TRACK_COLOUR }} />
          {width > 0 ? <rect x={0} y={barY} width={width} height={BAR} style={{ fill: BAR_COLOUR }} /> : null}
          <text x={WIDTH} y={barY + BAR - 2} textAnchor="end">
            {bar.valueText}
          </text>
        </g>
      ))}
    </svg>
  )
}
