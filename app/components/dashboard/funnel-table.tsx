import type { ReactNode } from 'react'
import { useT } from '#app/i18n/i18n.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { FunnelBar } from '#app/components/dashboard/funnel-bar.tsx'
import { FUNNEL_STEPS, type FunnelView } from '#app/components/dashboard/view.ts'

// The funnel's six steps for each row of a breakdown (a course, a region, a
// cohort): how many, and what share of those enrolled. The last row is the
// total when the breakdown has one (key '').

export function FunnelTable({
  id,
  caption,
  head,
  rows,
  name,
}: {
  id: string
  caption: string
  head: string
  rows: FunnelView[]
  name: (row: FunnelView) => ReactNode
}) {
  const t = useT()
  const fig = useFigures()
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table id={id} className="dashboard-table">
        <caption id={`${id}-caption`} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {FUNNEL_STEPS.map((step) => (
              <th key={step} scope="col" className="num">
                {t(`dashboard.funnel.${step}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key || 'total'} className={row.key === '' ? 'dashboard-table__total' : undefined}>
              <th scope="row">{row.key === '' ? t('dashboard.funnel.total') : name(row)}</th>
              {FUNNEL_STEPS.map((step) => (
                <td key={step} className="num">
                  {fig.number(row.steps[step])}
                  <span className="funnel-share">{fig.share(row.steps[step], row.steps.funnel_enrolled)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The total row as a funnel picture, described by the table with the same numbers. */
export function FunnelPicture({ id, title, total, tableId }: { id: string; title: string; total: FunnelView; tableId: string }) {
  const t = useT()
  const fig = useFigures()
  return (
    <FunnelBar
      id={id}
      title={title}
      describedBy={tableId}
      steps={FUNNEL_STEPS.map((step) => ({
        label: t(`dashboard.funnel.${step}`),
        value: total.steps[step],
        valueText: `${fig.number(total.steps[step])} (${fig.share(total.steps[step], total.steps.funnel_enrolled)})`,
      }))}
    />
  )
}
