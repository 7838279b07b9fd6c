import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { pageOf, Pager } from '#app/components/pager.tsx'
import { FunnelPicture, FunnelTable } from '#app/components/dashboard/funnel-table.tsx'
import { FUNNEL_STEPS, type FunnelView } from '#app/components/dashboard/view.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { sealed } from '#app/http/page-cache.server.ts'
import { Slug } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { courseCohorts, type CohortRow } from '#app/modules/dashboard/drill-downs.server.ts'
import { MAX_YEAR, MIN_YEAR } from '#app/modules/dashboard/targets.server.ts'
import styles from '#app/styles/dashboard.css?url'

// One course's completion funnel, cohort by cohort, up to the end of a year.
// A regional admin counts only their regions' teachers (the module filters);
// an unknown course is a 404. Without scripts (links and a GET form are all
// it needs) the page is kept rendered per data and served from there (ADR 037).

export const handle: PageHandle & { hydrate: false } = {
  hydrate: false,
  title: staffTitle('dashboard.title', (data) => (data as { courseName?: string } | undefined)?.courseName),
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const QuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const { courseId } = parseParams(args.params, { courseId: Slug })
  const allowed = adminRegions(user)
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const today = localIsoDate(work.now())
  const year = query.year ?? Number(today.slice(0, 4))
  const result = await courseCohorts(work, { courseId, allowed, year, today })
  if (!result) notFound('admin.dashboard.unknownCourse')
  const shown = pageOf(result.cohorts, query.page)
  const locale = resolveLocale(args.request, args.context)
  const funnelOf = (c: CohortRow): FunnelView => ({
    key: c.id,
    names: c.names,
    steps: Object.fromEntries(FUNNEL_STEPS.map((step) => [step, c.values[step] ?? 0])) as FunnelView['steps'],
  })
  // The total counts every cohort, not only this page's.
  const total: FunnelView = { key: '', names: null, steps: result.total }
  const rows = shown.rows.map(funnelOf)
  return {
    messages: sealed(staffMessagesFor(locale, ['dashboard.', 'targets.'])),
    courseId,
    courseName: result.title ? pickLocalized(result.title, locale) : courseId,
    year,
    years: [...new Set([year, ...result.years])].sort((a, b) => b - a),
    scoped: allowed !== null,
    rows: rows.length ? [...rows, total] : [],
    cohortCount: result.cohorts.length,
    firstRow: shown.first,
    page: shown.page,
    pages: shown.pages,
    cohorts: Object.fromEntries(shown.rows.map((c) => [c.id, { startsOn: c.startsOn, endsOn: c.endsOn, lang: c.lang, region: c.region }])),
  }
}

export default withStaffMessages(CoursePage)

function CoursePage() {
  const { courseId, courseName, year, years, scoped, rows, cohorts, cohortCount, firstRow, page, pages } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const total = rows.at(-1)
  return (
    <article aria-labelledby="course-title" className="dashboard">
      <nav className="dashboard-crumbs" aria-label={t('dashboard.crumbs')}>
        <ol>
          <li>
            <Link to={`/admin?year=${year}#funnel`}>{t('dashboard.title')}</Link>
          </li>
          <li>
            <span aria-current="page">{courseName}</span>
          </li>
        </ol>
      </nav>
      <h1 id="course-title">{t('dashboard.course.heading', { course: courseName })}</h1>
      <p>{t('dashboard.course.intro', { year })}</p>
      {scoped ? <p className="notice">{t('dashboard.course.scoped')}</p> : null}

      <FilterForm label={t('dashboard.filters')} submitLabel={t('dashboard.show')}>
        <SelectField label={t('dashboard.field.year')} selectProps={{ id: 'course-year', name: 'year', defaultValue: String(year), key: year }}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
      </FilterForm>

      <section aria-labelledby="cohorts-title" className="dashboard-section">
        <h2 id="cohorts-title">{t('dashboard.funnel.byCohort')}</h2>
        {total && rows.length ? (
          <>
            <FunnelPicture id="funnel-total" title={t('dashboard.funnel.chartCourse', { course: courseName })} total={total} tableId="table-cohorts" />
            <FunnelTable
              id="table-cohorts"
              caption={t('dashboard.funnel.tableCohorts', { year })}
              head={t('dashboard.col.cohort')}
              rows={rows}
              name={(row) => {
                const cohort = cohorts[row.key]
                return (
                  <>
                    {row.names ? pickLocalized(row.names, locale) : row.key}
                    {cohort ? (
                      <span className="detail">
                        {`${f.date(cohort.startsOn)} – ${f.date(cohort.endsOn)} · ${t(`cohort.lang.${cohort.lang}` as MessageKey)} · ${pickLocalized(cohort.region, locale)}`}
                      </span>
                    ) : null}
                  </>
                )
              }}
            />
          </>
        ) : (
          <p className="notice">{t('dashboard.course.empty')}</p>
        )}
        <Pager
          label={t('dashboard.cohorts.pages')}
          shown={t('dashboard.cohorts.shown', { from: f.number(firstRow), to: f.number(firstRow + rows.length - 2), total: f.number(cohortCount) })}
          page={page}
          pages={pages}
          href={(to) => `?${new URLSearchParams({ year: String(year), page: String(to) }).toString()}#cohorts-title`}
        />
        <ExportLinks table="cohorts" params={{ year, course: courseId }} />
      </section>
    </article>
  )
}
