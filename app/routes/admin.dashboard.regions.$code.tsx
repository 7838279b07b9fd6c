import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ChartSection } from '#app/components/dashboard/chart-section.tsx'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { pageOf, Pager } from '#app/components/pager.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { FunnelSection } from '#app/components/dashboard/funnel-section.tsx'
import { IndicatorCards } from '#app/components/dashboard/indicator-card.tsx'
import { chartView, funnelView, indicatorView } from '#app/components/dashboard/view.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getDashboard, regionSchools, STRATEGY_START } from '#app/modules/metrics/dashboard.server.ts'
import { INDICATOR_KEYS, MAX_YEAR, MIN_YEAR, type IndicatorKey } from '#app/modules/metrics/targets.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import styles from '#app/styles/dashboard.css?url'

// One region: its indicators (without targets, which are national), its
// schools (sortable by any indicator with plain links), its line chart and its
// funnel by course. Admins see any region; a regional admin only their own
// (403 otherwise); an unknown code is a 404.

export const handle: PageHandle = { title: staffTitle('dashboard.title', (data) => (data as { regionName?: string } | undefined)?.regionName) }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const ParamsSchema = z.object({ code: z.string().regex(/^KZ-\d{2}$/) })

const SORTS = ['name', ...INDICATOR_KEYS] as const

const QuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  chart: z.enum(INDICATOR_KEYS).optional().catch(undefined),
  sort: z.enum(SORTS).catch('name'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { db } = args.context
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound('admin.dashboard.unknownRegion')
  const code = params.data.code
  const region = (await listRegions(args.context.work)).find((r) => r.code === code)
  if (!region) notFound('admin.dashboard.unknownRegion')
  const allowed = adminRegions(user)
  invariantResponse(allowed === null || allowed.includes(code), 'admin.dashboard.forbiddenRegion', { status: 403 })
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const today = localIsoDate(now())
  const year = query.year ?? Number(today.slice(0, 4))
  const [dashboard, schools] = await Promise.all([getDashboard(db, { year, region: code, allowed, today }), regionSchools(db, { region: code, allowed, year })])
  invariantResponse(dashboard !== 'forbidden' && schools !== 'forbidden', 'admin.dashboard.forbiddenRegion', { status: 403 })
  const locale = resolveLocale(args.request, args.context)
  const regional = dashboard.indicators.filter((i) => !i.national).map((i) => i.key)
  const chartKey: IndicatorKey = query.chart && regional.includes(query.chart) ? query.chart : 'teachers_trained'
  const sort = query.sort === 'name' || schools.keys.includes(query.sort) ? query.sort : 'name'
  const named = schools.schools.map((s) => ({ id: s.id, name: pickLocalized(s.names, locale), district: s.detail, values: s.values }))
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale)
  const sorted = sort === 'name' ? named.sort(byName) : named.sort((a, b) => (b.values[sort] ?? 0) - (a.values[sort] ?? 0) || byName(a, b))
  const shown = pageOf(sorted, query.page)
  return {
    messages: staffMessagesFor(locale, ['dashboard.', 'targets.']),
    regionName: pickLocalized({ kk: region.name_kk, ru: region.name_ru, en: region.name_en }, locale),
    code,
    year: dashboard.year,
    currentYear: Number(dashboard.today.slice(0, 4)),
    startYear: Number(STRATEGY_START.slice(0, 4)),
    years: [...new Set([dashboard.year, ...dashboard.years])].sort((a, b) => b - a),
    indicators: dashboard.indicators.map(indicatorView),
    regional,
    chart: chartView({ dashboard, key: chartKey, targets: [] }),
    funnelByCourse: dashboard.funnelByCourse.map(funnelView),
    keys: schools.keys,
    schools: shown.rows,
    schoolCount: sorted.length,
    firstRow: shown.first,
    page: shown.page,
    pages: shown.pages,
    sort,
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default withStaffMessages(RegionPage)

function RegionPage() {
  const data = useLoaderData<typeof loader>()
  const { year, code, regionName, chart, sort } = data
  const t = useT()
  return (
    <article aria-labelledby="region-title" className="dashboard">
      <nav className="dashboard-crumbs" aria-label={t('dashboard.crumbs')}>
        <ol>
          <li><Link to={`/admin?year=${year}`}>{t('dashboard.title')}</Link></li>
          <li><span aria-current="page">{regionName}</span></li>
        </ol>
      </nav>
      <h1 id="region-title">{t('dashboard.region.heading', { region: regionName })}</h1>
      <p className="dashboard-subtitle">{t('dashboard.subtitle', { scope: regionName, year })}</p>

      <Form method="get" className="filters dashboard-filters" aria-label={t('dashboard.filters')}>
        <input type="hidden" name="chart" value={chart.key} />
        {sort !== 'name' ? <input type="hidden" name="sort" value={sort} /> : null}
        <div className="field">
          <label htmlFor="region-year">{t('dashboard.field.year')}</label>
          <select id="region-year" name="year" defaultValue={String(year)} key={year}>
            {data.years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">{t('dashboard.show')}</button>
      </Form>

      <section aria-labelledby="indicators-title" className="dashboard-section">
        <h2 id="indicators-title">{t('dashboard.cards.title')}</h2>
        <IndicatorCards items={data.indicators} context={{ year, currentYear: data.currentYear, startYear: data.startYear, scoped: true }} />
        <ExportLinks table="indicators" params={{ year, region: code }} />
      </section>

      <SchoolsSection data={data} />

      <ChartSection chart={chart} year={year} region={code} startYear={data.startYear} options={data.regional} keep={{ year, sort: sort === 'name' ? undefined : sort }} />

      <FunnelSection year={year} region={code} scope={regionName} byCourse={data.funnelByCourse} byRegion={[]} />
    </article>
  )
}

function SchoolsSection({ data }: { data: LoaderData }) {
  const t = useT()
  const fig = useFigures()
  const { year, code, regionName, keys, sort, page, pages } = data
  const rows = data.schools
  const sortHref = (key: string) => `?${new URLSearchParams({ year: String(year), chart: data.chart.key, ...(key === 'name' ? {} : { sort: key }) }).toString()}#schools`
  const pageHref = (to: number) => `?${new URLSearchParams({ year: String(year), chart: data.chart.key, ...(sort === 'name' ? {} : { sort }), page: String(to) }).toString()}#schools`
  return (
    <section aria-labelledby="schools-title" id="schools" className="dashboard-section">
      <h2 id="schools-title">{t('dashboard.schools.title')}</h2>
      <p>{t('dashboard.schools.intro', { year })}</p>
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-schools-caption">
          <table id="table-schools" className="dashboard-table">
            <caption id="table-schools-caption" className="visually-hidden">{t('dashboard.schools.caption', { region: regionName, year })}</caption>
            <thead>
              <tr>
                <SortHead column="name" label={t('dashboard.col.school')} sort={sort} href={sortHref} />
                <th scope="col">{t('dashboard.col.district')}</th>
                {keys.map((key) => (
                  <SortHead key={key} column={key} label={t(`dashboard.short.${key}` as MessageKey)} sort={sort} href={sortHref} className="num" />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td>{s.district ?? t('dashboard.schools.noDistrict')}</td>
                  {keys.map((key) => (
                    <td key={key} className="num">{fig.number(s.values[key] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">{t('dashboard.schools.empty')}</p>
      )}
      <Pager
        label={t('dashboard.schools.pages')}
        shown={t('dashboard.schools.shown', { from: fig.number(data.firstRow), to: fig.number(data.firstRow + rows.length - 1), total: fig.number(data.schoolCount) })}
        page={page}
        pages={pages}
        href={pageHref}
      />
      <ExportLinks table="schools" params={{ year, region: code }} />
    </section>
  )
}

/** A column heading that sorts the table by its column: a link, so it works without JavaScript. */
function SortHead({ column, label, sort, href, className }: { column: string; label: string; sort: string; href: (column: string) => string; className?: string }) {
  const t = useT()
  const current = sort === column
  return (
    <th scope="col" className={className} aria-sort={current ? (column === 'name' ? 'ascending' : 'descending') : undefined}>
      <Link to={href(column)} className="sort-link" aria-current={current ? 'true' : undefined} preventScrollReset>
        {label}
        {current ? <span className="sort-mark" aria-hidden="true">{column === 'name' ? '▲' : '▼'}</span> : null}
        <span className="visually-hidden"> ({t('dashboard.sort.by', { column: column === 'name' ? t('dashboard.sort.name') : label })})</span>
      </Link>
    </th>
  )
}
