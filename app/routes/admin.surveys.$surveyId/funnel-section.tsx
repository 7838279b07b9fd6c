import { BarChart } from '#app/components/bar-chart.tsx'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { SerializeFrom } from '@remix-run/node'
import { chartWithTable } from './chart-layout.ts'
import type { loader } from './route.tsx'

type Report = SerializeFrom<typeof loader>['report']

/** Who was invited, started and completed: a chart beside its table, or a note that no one was invited. */
export function FunnelSection({ report }: { report: Report }) {
  const t = useT()
  const f = useFormat()
  const { survey, funnel } = report
  const funnelBars = [
    { key: 'invited', value: funnel.invited },
    { key: 'started', value: funnel.started },
    { key: 'completed', value: funnel.completed },
  ] as const
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('surveyReport.funnel.title')}</h2>
      {survey.anonymous ? <p>{t('surveyReport.funnel.anonymous')}</p> : null}
      <p>{t('surveyReport.funnel.responses', { count: f.number(report.responses) })}</p>
      {funnel.invited ? (
        <div style={chartWithTable}>
          <BarChart
            id="chart-funnel"
            title={t('surveyReport.funnel.chart')}
            describedBy="table-funnel"
            bars={funnelBars.map((b) => ({
              label: t(`surveyReport.funnel.${b.key}`),
              value: b.value,
              valueText: t('surveyReport.dist.bar', { count: f.number(b.value), share: f.percent(b.value / funnel.invited) }),
            }))}
          />
          <table id="table-funnel">
            <caption className="visually-hidden">{t('surveyReport.funnel.chart')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveyReport.col.stage')}</th>
                <th scope="col">{t('surveyReport.col.count')}</th>
                <th scope="col">{t('surveyReport.col.share')}</th>
              </tr>
            </thead>
            <tbody>
              {funnelBars.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{t(`surveyReport.funnel.${b.key}`)}</th>
                  <td>{f.number(b.value)}</td>
                  <td>{f.percent(b.value / funnel.invited)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('surveyReport.funnel.none')}</p>
      )}
    </section>
  )
}
