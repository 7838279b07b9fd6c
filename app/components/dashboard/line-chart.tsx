import { useT } from '#app/i18n/i18n.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import type { ChartView } from '#app/components/dashboard/view.ts'

// One indicator's running total by month as a line over a shaded area, with
// each year's target as a diamond at that year's December and, in the current
// year, a dashed line to where the pace so far leads. Plain SVG in the house
// style of bar-chart.tsx: 320 units wide, one image to assistive technology,
// its numbers in the table `describedBy` names.

const WIDTH = 320
const HEIGHT = 200
const LEFT = 52
const RIGHT = 12
const TOP = 16
const BOTTOM = 26
const FONT = 11
// The page's colour properties (set through style: SVG attributes do not take
// var() everywhere), so the chart follows the light or dark scheme.
const LINE_COLOUR = 'var(--brand)'
const AREA_COLOUR = 'var(--brand-soft)'
const GRID_COLOUR = 'var(--line)'
const TARGET_COLOUR = 'var(--accent)'
const PROJECTION_COLOUR = 'var(--ink-soft)'
const TEXT_COLOUR = 'var(--ink-soft)'
const PAPER_COLOUR = 'var(--paper)'

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above the value. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

const monthIndex = (month: string, from: string) =>
  (Number(month.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(month.slice(5, 7)) - Number(from.slice(5, 7))

function diamond(x: number, y: number, r = 5) {
  return `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`
}

export function LineChart({ id, title, chart, year, describedBy }: { id: string; title: string; chart: ChartView; year: number; describedBy: string }) {
  const t = useT()
  const fig = useFigures()
  const { points, targets, projection } = chart
  if (!points.length) return <p>{t('dashboard.chart.empty')}</p>
  const first = points[0]!.month
  const span = Math.max(monthIndex(`${year}-12`, first), 1)
  const plotWidth = WIDTH - LEFT - RIGHT
  const plotHeight = HEIGHT - TOP - BOTTOM
  const highest = niceCeiling(Math.max(...points.map((p) => p.total), ...targets.map((x) => x.value), projection?.value ?? 0))
  // Whole numbers at the middle gridline too.
  const top = highest < 10 ? Math.max(2, Math.ceil(highest / 2) * 2) : highest
  const x = (month: string) => LEFT + (monthIndex(month, first) / span) * plotWidth
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.month).toFixed(1)} ${y(p.total).toFixed(1)}`).join('')
  const last = points.at(-1)!
  const area = `${line}L${x(last.month).toFixed(1)} ${y(0)}L${x(first).toFixed(1)} ${y(0)}Z`
  const firstYear = Number(first.slice(0, 4))
  const years = Array.from({ length: year - firstYear + 1 }, (_, i) => firstYear + i)
  return (
    <div className="line-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={describedBy}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        fontSize={FONT}
      >
        <title id={`${id}-title`}>{title}</title>
        {[0, 0.5, 1].map((share) => (
          <g key={share}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(top * share)} y2={y(top * share)} style={{ stroke: GRID_COLOUR }} />
            <text x={LEFT - 6} y={y(top * share) + 4} textAnchor="end" style={{ fill: TEXT_COLOUR }}>
              {fig.compact(top * share)}
            </text>
          </g>
        ))}
        {years.map((yr) => {
          const from = Math.max(x(`${yr}-01`), LEFT)
          const to = Math.min(x(`${yr}-12`), WIDTH - RIGHT)
          return (
            <g key={yr}>
              {yr > firstYear ? <line x1={from} x2={from} y1={TOP} y2={TOP + plotHeight + 4} style={{ stroke: GRID_COLOUR }} strokeDasharray="3 3" /> : null}
              <text x={(from + to) / 2} y={HEIGHT - 8} textAnchor="middle" style={{ fill: TEXT_COLOUR }}>
                {yr}
              </text>
            </g>
          )
        })}
        <path d={area} style={{ fill: AREA_COLOUR }} />
        <path d={line} fill="none" style={{ stroke: LINE_COLOUR }} strokeWidth={2.5} strokeLinejoin="round" strokeLinecap="round" />
        <circle cx={x(last.month)} cy={y(last.total)} r={3.5} style={{ fill: LINE_COLOUR }} />
        {projection ? (
          <g>
            <line
              x1={x(last.month)}
              y1={y(last.total)}
              x2={x(projection.month)}
              y2={y(projection.value)}
              style={{ stroke: PROJECTION_COLOUR }}
              strokeWidth={2}
              strokeDasharray="5 4"
            />
            <circle cx={x(projection.month)} cy={y(projection.value)} r={4} style={{ fill: PAPER_COLOUR, stroke: PROJECTION_COLOUR }} strokeWidth={2} />
          </g>
        ) : null}
        {targets.map((target) => {
          const tx = x(`${target.year}-12`)
          const ty = y(target.value)
          return (
            <g key={target.year}>
              <path d={diamond(tx, ty)} style={{ fill: TARGET_COLOUR }} />
              <text x={tx} y={ty - 8} textAnchor={tx > WIDTH - RIGHT - 24 ? 'end' : 'middle'} style={{ fill: TARGET_COLOUR }} fontWeight={700}>
                {fig.compact(target.value)}
              </text>
            </g>
          )
        })}
      </svg>
      <ul className="chart-legend" role="list">
        <li>
          <svg width="22" height="12" aria-hidden="true" focusable="false">
            <path d="M1 9L8 5L14 7L21 2" fill="none" style={{ stroke: LINE_COLOUR }} strokeWidth="2.5" />
          </svg>
          {t('dashboard.chart.total')}
        </li>
        {targets.length ? (
          <li>
            <svg width="22" height="12" aria-hidden="true" focusable="false">
              <path d={diamond(11, 6)} style={{ fill: TARGET_COLOUR }} />
            </svg>
            {t('dashboard.chart.target')}
          </li>
        ) : null}
        {projection ? (
          <li>
            <svg width="22" height="12" aria-hidden="true" focusable="false">
              <path d="M1 6H21" style={{ stroke: PROJECTION_COLOUR }} strokeWidth="2" strokeDasharray="5 4" />
            </svg>
            {t('dashboard.chart.projection')}
          </li>
        ) : null}
      </ul>
    </div>
  )
}
