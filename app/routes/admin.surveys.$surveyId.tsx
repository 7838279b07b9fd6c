import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BarChart } from '#app/components/bar-chart.tsx'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import { surveyItems, type SurveyItem } from '#app/modules/surveys/definition.ts'
import { ReportQuerySchema, reportFilter } from '#app/modules/surveys/report-filter.server.ts'
import { getSurveyReport, type ItemResult } from '#app/modules/surveys/reports.server.ts'

export const handle: PageHandle = {
  title: (data) => (data as { title?: string } | undefined)?.title,
}

const ParamsSchema = z.object({ surveyId: z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { db } = args.context
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const allowed = adminRegions(user)
  const query = ReportQuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const filter = await reportFilter(args.context.work, query, allowed)
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const report = await getSurveyReport(args.context.work, params.data.surveyId, filter)
  if (!report) notFound()
  const [courses, cohorts, regions] = await Promise.all([
    listCatalogue(args.context.work, {}, localIsoDate(now())),
    listCohorts(args.context.work, { courseId: query.course || undefined, regions: allowed }),
    listRegions(args.context.work),
  ])
  return {
    title: pickLocalized(report.survey.title, resolveLocale(args.request, args.context)),
    report,
    query,
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })),
    regions: regions.filter((r) => allowed === null || allowed.includes(r.code)),
  }
}

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

function ItemBlock({ item, result, text }: { item: SurveyItem; result: ItemResult['result']; text: string }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  if (result.hidden) return <p className="notice">{t('surveyReport.hidden')}</p>
  if (item.type === 'text') return <p>{t('surveyReport.dist.text', { count: f.number(result.n) })}</p>
  const label = (key: string) => {
    if (item.type === 'likert') return t(`surveyReport.likert.${key}` as MessageKey)
    if (item.question.type === 'single' || item.question.type === 'multiple') return pickLocalized(item.question.options.find((o) => o.id === key)?.text ?? {}, locale) || key
    return key
  }
  const title = t('surveyReport.dist.chart', { question: text })
  const tableId = `table-${item.id}`
  return (
    <>
      <p>
        {t('surveyReport.dist.n', { n: f.number(result.n) })}
        {result.mean !== null ? ` · ${t('surveyReport.dist.meanSd', { mean: f.number(result.mean, 2), sd: result.sd === null ? '—' : f.number(result.sd, 2) })}` : null}
      </p>
      {item.type === 'multiple' ? <p className="muted">{t('surveyReport.dist.multiple')}</p> : null}
      <div style={chartWithTable}>
        <BarChart
          id={`chart-${item.id}`}
          title={title}
          describedBy={tableId}
          max={result.n}
          bars={result.buckets.map((b) => ({ label: label(b.key), value: b.count, valueText: t('surveyReport.dist.bar', { count: f.number(b.count), share: f.percent(b.share) }) }))}
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

// Chart and table side by side where there is room, one under the other on a
// phone; min() keeps a column from ever being wider than the screen.
const chartWithTable = { display: 'grid', gap: '1rem', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))', alignItems: 'start', marginBottom: '1.5rem' }

export default function SurveyReportPage() {
  const { report, query, courses, cohorts, regions } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const { survey, definition, funnel } = report
  const items = new Map(surveyItems(definition).map((i) => [i.id, i]))
  const results = new Map(report.items.map((r) => [r.id, r.result]))
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString()
  const suffix = search ? `?${search}` : ''
  const numeric = report.items.filter((r) => r.type === 'likert' || r.type === 'scale10')
  const scaleTitle = new Map(report.scales.map((s) => [s.id, pickLocalized(s.title, locale)]))
  const funnelBars = [
    { key: 'invited', value: funnel.invited },
    { key: 'started', value: funnel.started },
    { key: 'completed', value: funnel.completed },
  ] as const

  return (
    <article aria-labelledby="report-title">
      <p className="eyebrow">{t('surveyReport.report.eyebrow')}</p>
      <h1 id="report-title">{pickLocalized(survey.title, locale)}</h1>
      <p><Link to={`/admin/surveys${suffix}`}>{t('surveyReport.report.back')}</Link></p>

      <Form method="get" className="filters" role="search" aria-label={t('surveyReport.report.filter')}>
        <div className="field">
          <label htmlFor="filter-course">{t('surveyReport.field.course')}</label>
          <select id="filter-course" name="course" defaultValue={query.course ?? ''}>
            <option value="">{t('surveyReport.field.anyCourse')}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>{pickLocalized(c.title, locale)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-cohort">{t('surveyReport.field.cohort')}</label>
          <select id="filter-cohort" name="cohort" defaultValue={query.cohort ?? ''}>
            <option value="">{t('surveyReport.field.anyCohort')}</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>{c.title}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-region">{t('surveyReport.field.region')}</label>
          <select id="filter-region" name="region" defaultValue={query.region ?? ''}>
            <option value="">{t('surveyReport.field.anyRegion')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>{localName(r, locale)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">{t('surveyReport.field.from')}</label>
          <p id="from-hint" className="field-description">{t('surveyReport.field.monthHint')}</p>
          <input id="filter-from" name="from" type="month" pattern="\d{4}-\d{2}" placeholder="2026-01" defaultValue={query.from ?? ''} aria-describedby="from-hint" />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t('surveyReport.field.to')}</label>
          <p id="to-hint" className="field-description">{t('surveyReport.field.monthHint')}</p>
          <input id="filter-to" name="to" type="month" pattern="\d{4}-\d{2}" placeholder="2026-12" defaultValue={query.to ?? ''} aria-describedby="to-hint" />
        </div>
        <button type="submit" className="button">{t('admin.filter')}</button>
      </Form>

      <nav aria-label={t('surveyReport.report.downloads')}>
        <p className="actions">
          <a className="button button--secondary" href={`/admin/surveys/${survey.id}/report.csv${suffix}`} download>{t('surveyReport.report.csv')}</a>
          <a className="button button--secondary" href={`/admin/surveys/${survey.id}/report.xlsx${suffix}`} download>{t('surveyReport.report.xlsx')}</a>
        </p>
      </nav>
      <p className="muted">{t('surveyReport.report.privacy')}</p>

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

      {numeric.length ? (
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
      ) : null}

      {report.scales.length ? (
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
      ) : null}

      {report.scales.length && ['pre', 'end', 'followup'].includes(survey.purpose) ? (
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
      ) : null}
    </article>
  )
}
