import { BarChart } from '#app/components/bar-chart.tsx'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { surveyItems, type SurveyItem } from '#app/modules/surveys/definition.ts'
import type { SerializeFrom } from '@remix-run/node'
import { chartWithTable } from './chart-layout.ts'
import type { loader } from './route.tsx'

type Report = SerializeFrom<typeof loader>['report']
type Result = Report['items'][number]['result']

/** Each question (each row of a matrix) with its answers' distribution: a chart beside its table. */
export function QuestionResults({ report }: { report: Report }) {
  const t = useT()
  const locale = useLocale()
  const { definition } = report
  const items = new Map(surveyItems(definition).map((i) => [i.id, i]))
  const results = new Map(report.items.map((r) => [r.id, r.result]))
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{t('surveyReport.questions.title')}</h2>
      {definition.questions.map((q) => (
        <section key={q.id} aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>{pickLocalized(q.text, locale)}</h3>
          {q.type === 'matrix' ? (
            q.rows.map((row) => (
              <section key={row.id} aria-labelledby={`q-${row.id}`}>
                <h4 id={`q-${row.id}`}>{pickLocalized(row.text, locale)}</h4>
                <ItemBlock item={items.get(row.id)!} result={results.get(row.id) ?? { hidden: true }} text={pickLocalized(row.text, locale)} />
              </section>
            ))
          ) : (
            <ItemBlock item={items.get(q.id)!} result={results.get(q.id) ?? { hidden: true }} text={pickLocalized(q.text, locale)} />
          )}
        </section>
      ))}
    </section>
  )
}

function ItemBlock({ item, result, text }: { item: SurveyItem; result: Result; text: string }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  if (result.hidden) return <p className="notice">{t('surveyReport.hidden')}</p>
  if (item.type === 'text') return <p>{t('surveyReport.dist.text', { count: f.number(result.n) })}</p>
  const label = (key: string) => {
    if (item.type === 'likert') return t(`surveyReport.likert.${key}` as MessageKey)
    if (item.question.type === 'single' || item.question.type === 'multiple')
      return pickLocalized(item.question.options.find((o) => o.id === key)?.text ?? {}, locale) || key
    return key
  }
  const title = t('surveyReport.dist.chart', { question: text })
  const tableId = `table-${item.id}`
  return (
    <>
      <p>
        {t('surveyReport.dist.n', { n: f.number(result.n) })}
        {result.mean !== null
          ? ` · ${t('surveyReport.dist.meanSd', { mean: f.number(result.mean, 2), sd: result.sd === null ? '—' : f.number(result.sd, 2) })}`
          : null}
      </p>
      {item.type === 'multiple' ? <p className="muted">{t('surveyReport.dist.multiple')}</p> : null}
      <div style={chartWithTable}>
        <BarChart
          id={`chart-${item.id}`}
          title={title}
          describedBy={tableId}
          max={result.n}
          bars={result.buckets.map((b) => ({
            label: label(b.key),
            value: b.count,
            valueText: t('surveyReport.dist.bar', { count: f.number(b.count), share: f.percent(b.share) }),
          }))}
        />
        <table id={tableId}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('surveyReport.col.answer')}</th>
              <th scope="col">{t('surveyReport.col.count')}</th>
              <th scope="col">{t('surveyReport.col.share')}</th>
            </tr>
          </thead>
          <tbody>
            {result.buckets.map((b) => (
              <tr key={b.key}>
                <th scope="row">{label(b.key)}</th>
                <td>{f.number(b.count)}</td>
                <td>{f.percent(b.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
