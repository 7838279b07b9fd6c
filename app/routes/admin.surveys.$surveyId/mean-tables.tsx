import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { surveyItems, type SurveyItem } from '#app/modules/surveys/definition.ts'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

// The tables of means: per numeric item, per scale, and each scale's change
// between the pre, end and follow-up stages.

type Report = SerializeFrom<typeof loader>['report']
type Format = ReturnType<typeof useFormat>

function signed(value: number, f: Format): string {
  return `${value > 0 ? '+' : ''}${f.number(value, 2)}`
}

function stageName(key: string, t: ReturnType<typeof useT>): string {
  const followup = /^followup:(\d+)$/.exec(key)
  if (followup) return t('surveyReport.stage.followup', { days: followup[1]! })
  return key === 'pre' || key === 'end' ? t(`surveyReport.stage.${key}`) : key
}

function itemText(item: SurveyItem, locale: string): string {
  const row = item.question.type === 'matrix' ? item.question.rows.find((r) => r.id === item.id) : null
  return pickLocalized(row?.text ?? item.question.text, locale)
}

/** The mean and spread of each Likert and 0–10 item; nothing when the survey has none. */
export function ItemMeans({ report }: { report: Report }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const numeric = report.items.filter((r) => r.type === 'likert' || r.type === 'scale10')
  if (!numeric.length) return null
  const items = new Map(surveyItems(report.definition).map((i) => [i.id, i]))
  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title">{t('surveyReport.items.title')}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="items-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('surveyReport.col.item')}</th>
              <th scope="col">{t('surveyReport.col.n')}</th>
              <th scope="col">{t('surveyReport.col.mean')}</th>
              <th scope="col">{t('surveyReport.col.sd')}</th>
            </tr>
          </thead>
          <tbody>
            {numeric.map((r) => (
              <tr key={r.id}>
                <th scope="row">{itemText(items.get(r.id)!, locale)}</th>
                {r.result.hidden ? (
                  <td colSpan={3}>{t('surveyReport.hiddenShort')}</td>
                ) : (
                  <>
                    <td>{f.number(r.result.n)}</td>
                    <td>{r.result.mean === null ? '—' : f.number(r.result.mean, 2)}</td>
                    <td>{r.result.sd === null ? '—' : f.number(r.result.sd, 2)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** Each scale's mean over its items (reverse items turned); nothing when the survey has no scales. */
export function ScaleMeans({ report }: { report: Report }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  if (!report.scales.length) return null
  return (
    <section aria-labelledby="scales-title">
      <h2 id="scales-title">{t('surveyReport.scales.title')}</h2>
      <p>{t('surveyReport.scales.note')}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="scales-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('surveyReport.col.scale')}</th>
              <th scope="col">{t('surveyReport.col.items')}</th>
              <th scope="col">{t('surveyReport.col.n')}</th>
              <th scope="col">{t('surveyReport.col.mean')}</th>
              <th scope="col">{t('surveyReport.col.sd')}</th>
            </tr>
          </thead>
          <tbody>
            {report.scales.map((s) => (
              <tr key={s.id}>
                <th scope="row">{pickLocalized(s.title, locale)}</th>
                <td>{t('surveyReport.scales.itemCount', { count: f.number(s.items.length), reverse: f.number(s.reverse.length) })}</td>
                {s.result.hidden ? (
                  <td colSpan={3}>{t('surveyReport.hiddenShort')}</td>
                ) : (
                  <>
                    <td>{f.number(s.result.n)}</td>
                    <td>{f.number(s.result.mean, 2)}</td>
                    <td>{s.result.sd === null ? '—' : f.number(s.result.sd, 2)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** Each scale's change between stages, for a pre, end or follow-up survey with scales. */
export function ScaleChanges({ report }: { report: Report }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  if (!report.scales.length || !['pre', 'end', 'followup'].includes(report.survey.purpose)) return null
  const scaleTitle = new Map(report.scales.map((s) => [s.id, pickLocalized(s.title, locale)]))
  return (
    <section aria-labelledby="change-title">
      <h2 id="change-title">{t('surveyReport.change.title')}</h2>
      <p>{t('surveyReport.change.note')}</p>
      {report.changes.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="change-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('surveyReport.col.scale')}</th>
                <th scope="col">{t('surveyReport.col.comparison')}</th>
                <th scope="col">{t('surveyReport.col.method')}</th>
                <th scope="col">{t('surveyReport.col.n')}</th>
                <th scope="col">{t('surveyReport.col.mean')}</th>
                <th scope="col">{t('surveyReport.col.diff')}</th>
                <th scope="col">{t('surveyReport.col.d')}</th>
              </tr>
            </thead>
            <tbody>
              {report.changes.map((c) => (
                <tr key={`${c.scaleId}-${c.from}-${c.to}`}>
                  <th scope="row">{scaleTitle.get(c.scaleId) ?? c.scaleId}</th>
                  <td>{t('surveyReport.change.arrow', { from: stageName(c.from, t), to: stageName(c.to, t) })}</td>
                  <td>{t(`surveyReport.method.${c.method}`)}</td>
                  {c.result.hidden ? (
                    <td colSpan={4}>{t('surveyReport.hiddenShort')}</td>
                  ) : (
                    <>
                      <td>
                        {c.method === 'paired'
                          ? t('surveyReport.change.pairs', { n: f.number(c.result.n) })
                          : t('surveyReport.change.groups', { from: f.number(c.result.nFrom), to: f.number(c.result.nTo) })}
                      </td>
                      <td>{t('surveyReport.change.arrow', { from: f.number(c.result.meanFrom, 2), to: f.number(c.result.meanTo, 2) })}</td>
                      <td>{signed(c.result.diff, f)}</td>
                      <td>{c.result.d === null ? '—' : f.number(c.result.d, 2)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('surveyReport.change.none')}</p>
      )}
    </section>
  )
}
