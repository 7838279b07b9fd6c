import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { IndicatorPicker } from '#app/components/dashboard/indicator-picker.tsx'
import { LineChart } from '#app/components/dashboard/line-chart.tsx'
import type { ChartView } from '#app/components/dashboard/view.ts'
import type { IndicatorKey } from '#app/modules/metrics/keys.ts'

// "Over time": the chosen indicator's line chart, and its numbers month by
// month in a table that opens under it.

export function ChartSection({
  chart,
  year,
  region,
  startYear,
  options,
  keep,
}: {
  chart: ChartView
  year: number
  region: string | null
  startYear: number
  options: readonly IndicatorKey[]
  keep: Record<string, string | number | null | undefined>
}) {
  const t = useT()
  const fig = useFigures()
  const indicator = t(`targets.indicator.${chart.key}` as MessageKey)
  const title = chart.cumulative ? t('dashboard.chart.label', { indicator, start: startYear }) : t('dashboard.chart.labelYear', { indicator })
  const targetOf = new Map(chart.targets.map((x) => [`${x.year}-12`, x.value]))
  // The months with figures, then any later month a target or the projection falls in.
  const last = chart.points.at(-1)?.month ?? ''
  const later = [...new Set([...targetOf.keys(), ...(chart.projection ? [chart.projection.month] : [])])].filter((m) => m > last).sort()
  const rows = [...chart.points.map((point) => ({ month: point.month, point })), ...later.map((month) => ({ month, point: null }))].map((row) => ({
    ...row,
    target: targetOf.get(row.month),
  }))
  return (
    <section aria-labelledby="over-time-title" id="over-time" className="dashboard-section">
      <h2 id="over-time-title">{t('dashboard.chart.title')}</h2>
      <IndicatorPicker name="chart" label="dashboard.field.chart" value={chart.key} options={options} keep={keep} section="over-time" />
      <p className="dashboard-chart-title">{title}</p>
      <LineChart id="chart-months" title={title} chart={chart} year={year} describedBy="table-months" />
      {chart.points.length ? (
        <details className="dashboard-details">
          <summary>{t('dashboard.chart.table')}</summary>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-months-caption">
            <table id="table-months" className="dashboard-table">
              <caption id="table-months-caption" className="visually-hidden">
                {title}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.col.month')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.col.added')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.col.total')}
                  </th>
                  {chart.targets.length ? (
                    <th scope="col" className="num">
                      {t('dashboard.col.target')}
                    </th>
                  ) : null}
                  {chart.projection ? (
                    <th scope="col" className="num">
                      {t('dashboard.chart.projection')}
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.month}>
                    <th scope="row">{fig.monthYear(row.month)}</th>
                    <td className="num">{row.point ? fig.number(row.point.added) : '—'}</td>
                    <td className="num">{row.point ? fig.number(row.point.total) : '—'}</td>
                    {chart.targets.length ? <td className="num">{row.target === undefined ? '' : fig.number(row.target)}</td> : null}
                    {chart.projection ? <td className="num">{row.month === chart.projection.month ? fig.number(chart.projection.value) : ''}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      <ExportLinks table="months" params={{ year, region }} />
    </section>
  )
}
