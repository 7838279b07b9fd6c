import { wrapLabel } from '#app/components/bar-chart.tsx'

// The completion funnel as centred horizontal bars, one per step, each as wide
// as its share of those enrolled, with the step's name and figures above it.
// 320 units wide like the other charts; one image to assistive technology,
// with the numbers in the table that `describedBy` names.

export interface FunnelStep {
  label: string
  value: number
  /** "120 (45%)" */
  valueText: string
}

const WIDTH = 320
const FONT = 13
const LINE = 16
const BAR = 16
const GAP = 10
// The page's colour properties, so the chart follows the light or dark scheme.
const BAR_COLOUR = 'var(--brand)'
const TRACK_COLOUR = 'var(--brand-soft)'

export function FunnelBar({ id, title, steps, describedBy }: { id: string; title: string; steps: FunnelStep[]; describedBy: string }) {
  const base = Math.max(0, ...steps.map((s) => s.value))
  let y = 0
  const rows = steps.map((step) => {
    const lines = wrapLabel(`${step.label}: ${step.valueText}`)
    const labelY = y + FONT
    const barY = y + lines.length * LINE + 2
    y = barY + BAR + GAP
    // A step with anyone in it stays visible however small its share.
    const width = base > 0 && step.value > 0 ? Math.max((step.value / base) * WIDTH, 3) : 0
    return { lines, labelY, barY, width }
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
      className="funnel-bar"
    >
      <title id={`${id}-title`}>{title}</title>
      {rows.map(({ lines, labelY, barY, width }, i) => (
        <g key={i}>
          <text x={WIDTH / 2} y={labelY} textAnchor="middle">
            {lines.map((line, k) => (
              <tspan key={k} x={WIDTH / 2} dy={k === 0 ? 0 : LINE}>
                {line}
              </tspan>
            ))}
          </text>
          <rect x={0} y={barY} width={WIDTH} height={BAR} style={{ fill: TRACK_COLOUR }} />
          {width > 0 ? <rect x={(WIDTH - width) / 2} y={barY} width={width} height={BAR} style={{ fill: BAR_COLOUR }} /> : null}
        </g>
      ))}
    </svg>
  )
}
