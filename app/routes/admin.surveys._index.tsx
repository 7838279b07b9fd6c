import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import { ReportQuerySchema, reportFilter } from '#app/modules/surveys/report-filter.server.ts'
import { listSurveyStats } from '#app/modules/surveys/report-counts.server.ts'

export const handle: PageHandle = { title: 'surveyReport.list.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const allowed = adminRegions(user)
  const query = ReportQuerySchema.omit({ cohort: true }).parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const filter = await reportFilter(args.context.work, query, allowed)
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const [surveys, courses, regions] = await Promise.all([
    listSurveyStats(args.context.work, filter),
    listCatalogue(args.context.work, {}, localIsoDate(now())),
    listRegions(args.context.work),
  ])
  return {
    surveys,
    query,
    regional: allowed !== null,
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    regions: regions.filter((r) => allowed === null || allowed.includes(r.code)),
  }
}

export default function AdminSurveys() {
  const { surveys, query, regional, courses, regions } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString()
  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('surveyReport.list.title')}</h1>
      {regional ? <p>{t('surveyReport.list.scope')}</p> : null}
      <Form method="get" className="filters" role="search" aria-label={t('surveyReport.list.filter')}>
        <div className="field">
          <label htmlFor="filter-course">{t('surveyReport.field.course')}</label>
          <select id="filter-course" name="course" defaultValue={query.course ?? ''}>
            <option value="">{t('surveyReport.field.anyCourse')}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {pickLocalized(c.title, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-region">{t('surveyReport.field.region')}</label>
          <select id="filter-region" name="region" defaultValue={query.region ?? ''}>
            <option value="">{t('surveyReport.field.anyRegion')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localName(r, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">{t('surveyReport.field.from')}</label>
          <p id="from-hint" className="field-description">
            {t('surveyReport.field.monthHint')}
          </p>
          <input
            id="filter-from"
            name="from"
            type="month"
            pattern="\d{4}-\d{2}"
            placeholder="2026-01"
            defaultValue={query.from ?? ''}
            aria-describedby="from-hint"
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t('surveyReport.field.to')}</label>
          <p id="to-hint" className="field-description">
            {t('surveyReport.field.monthHint')}
          </p>
          <input id="filter-to" name="to" type="month" pattern="\d{4}-\d{2}" placeholder="2026-12" defaultValue={query.to ?? ''} aria-describedby="to-hint" />
        </div>
        <button type="submit" className="button">
          {t('admin.filter')}
        </button>
      </Form>
      {surveys.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="surveys-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('surveyReport.col.survey')}</th>
                <th scope="col">{t('surveyReport.col.purpose')}</th>
                <th scope="col">{t('surveyReport.col.anonymous')}</th>
                <th scope="col">{t('surveyReport.col.invited')}</th>
                <th scope="col">{t('surveyReport.col.completed')}</th>
                <th scope="col">{t('surveyReport.col.rate')}</th>
                <th scope="col">{t('surveyReport.col.responses')}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/admin/surveys/${s.id}${search ? `?${search}` : ''}`}>{pickLocalized(s.title, locale)}</Link>
                  </th>
                  <td>{t(`surveyReport.purpose.${s.purpose}`)}</td>
                  <td>{t(s.anonymous ? 'surveyReport.yes' : 'surveyReport.no')}</td>
                  <td>{f.number(s.invited)}</td>
                  <td>{f.number(s.completed)}</td>
                  <td>{s.invited ? f.percent(s.completed / s.invited) : '—'}</td>
                  <td>{f.number(s.responses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('surveyReport.list.empty')}</p>
      )}
    </section>
  )
}
