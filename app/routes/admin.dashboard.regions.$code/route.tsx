import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ChartSection } from '#app/components/dashboard/chart-section.tsx'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { pageOf } from '#app/components/pager.tsx'
import { FunnelSection } from '#app/components/dashboard/funnel-section.tsx'
import { IndicatorCards } from '#app/components/dashboard/indicator-card.tsx'
import { chartView, funnelView, indicatorView } from '#app/components/dashboard/view.ts'
import { DistrictsSection } from './districts-section.tsx'
import { SchoolsSection } from './schools-section.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { sealed, viewOf } from '#app/http/page-cache.server.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getDashboard, STRATEGY_START } from '#app/modules/dashboard/dashboard.server.ts'
import { regionSchoolList } from '#app/modules/dashboard/region-schools.server.ts'
import { MAX_YEAR, MIN_YEAR } from '#app/modules/dashboard/targets.server.ts'
import { INDICATOR_KEYS, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import styles from '#app/styles/dashboard.css?url'

// One region: its indicators (without targets, which are national), its
// schools (sortable by any indicator with plain links), its line chart and its
// funnel by course. Admins see any region; a regional admin only their own
// (403 otherwise); an unknown code is a 404. Like the front page it arrives
// without scripts and is kept rendered per data (ADR 037).

export const handle: PageHandle & { hydrate: false } = {
  title: staffTitle('dashboard.title', (data) => (data as { regionName?: string } | undefined)?.regionName),
  hydrate: false,
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/** A region's code in an address, as the reference data names them. */
const RegionCode = z.string().regex(/^KZ-\d{2}$/)

const SORTS = ['name', ...INDICATOR_KEYS] as const

const QuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  chart: z.enum(INDICATOR_KEYS).optional().catch(undefined),
  sort: z.enum(SORTS).catch('name'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  /** A district's id, or `none` for the schools whose district is not given. */
  district: z.string().max(80).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const { code } = parseParams(args.params, { code: RegionCode })
  const region = (await listRegions(work)).find((r) => r.code === code)
  if (!region) notFound('admin.dashboard.unknownRegion')
  const allowed = adminRegions(user)
  invariantResponse(allowed === null || allowed.includes(code), 'admin.dashboard.forbiddenRegion', { status: 403 })
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const today = localIsoDate(work.now())
  const year = query.year ?? Number(today.slice(0, 4))
  const locale = resolveLocale(args.request, args.context)
  const [dashboardAnswer, schoolsAnswer] = await Promise.all([
    getDashboard(work, { year, region: code, allowed, today }),
    regionSchoolList(work, { region: code, allowed, year, locale, sort: query.sort }),
  ])
  invariantResponse(dashboardAnswer.ok && schoolsAnswer.ok, 'admin.dashboard.forbiddenRegion', { status: 403 })
  const [dashboard, { keys, sort, schools, districts }] = [dashboardAnswer.value, schoolsAnswer.value]
  const regional = dashboard.indicators.filter((i) => !i.national).map((i) => i.key)
  const chartKey: IndicatorKey = query.chart && regional.includes(query.chart) ? query.chart : 'teachers_trained'
  // One page of the cached list, cut once per version, district and page.
  const { district, schoolCount, shown } = viewOf(schoolsAnswer.value, `${query.district ?? ''}|${query.page}`, () => {
    const district = districts.find((d) => (d.id ?? 'none') === query.district)
    const inDistrict = district ? schools.filter((s) => s.districtId === district.id) : schools
    return { district, schoolCount: inDistrict.length, shown: pageOf(inDistrict, query.page) }
  })
  // The parts drawn from the cached dashboard are shaped once per version and sealed (ADR 037).
  const shaped = viewOf(dashboard, `region|${chartKey}`, () => ({
    years: [...new Set([dashboard.year, ...dashboard.years])].sort((a, b) => b - a),
    indicators: dashboard.indicators.map(indicatorView),
    chart: chartView({ dashboard, key: chartKey, targets: [] }),
    funnelByCourse: dashboard.funnelByCourse.map(funnelView),
  }))
  return {
    messages: sealed(staffMessagesFor(locale, ['dashboard.', 'targets.'])),
    regionName: pickLocalized({ kk: region.name_kk, ru: region.name_ru, en: region.name_en }, locale),
    code,
    year: dashboard.year,
    currentYear: Number(dashboard.today.slice(0, 4)),
    startYear: Number(STRATEGY_START.slice(0, 4)),
    years: shaped.years,
    indicators: shaped.indicators,
    regional,
    chart: shaped.chart,
    funnelByCourse: shaped.funnelByCourse,
    keys,
    districts: sealed(districts),
    district: district ? (district.id ?? 'none') : null,
    schools: shown.rows,
    schoolCount,
    firstRow: shown.first,
    page: shown.page,
    pages: shown.pages,
    sort,
  }
}

export type RegionLoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default withStaffMessages(RegionPage)

function RegionPage() {
  const data = useLoaderData<typeof loader>()
  const { year, code, regionName, chart, sort } = data
  const t = useT()
  return (
    <article aria-labelledby="region-title" className="dashboard">
      <nav className="dashboard-crumbs" aria-label={t('dashboard.crumbs')}>
        <ol>
          <li>
            <Link to={`/admin?year=${year}`}>{t('dashboard.title')}</Link>
          </li>
          <li>
            <span aria-current="page">{regionName}</span>
          </li>
        </ol>
      </nav>
      <h1 id="region-title">{t('dashboard.region.heading', { region: regionName })}</h1>
      <p className="dashboard-subtitle">{t('dashboard.subtitle', { scope: regionName, year })}</p>

      <FilterForm label={t('dashboard.filters')} submitLabel={t('dashboard.show')}>
        <input type="hidden" name="chart" value={chart.key} />
        {sort !== 'name' ? <input type="hidden" name="sort" value={sort} /> : null}
        {data.district ? <input type="hidden" name="district" value={data.district} /> : null}
        <SelectField label={t('dashboard.field.year')} selectProps={{ id: 'region-year', name: 'year', defaultValue: String(year), key: year }}>
          {data.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
      </FilterForm>

      <section aria-labelledby="indicators-title" className="dashboard-section">
        <h2 id="indicators-title">{t('dashboard.cards.title')}</h2>
        <IndicatorCards items={data.indicators} context={{ year, currentYear: data.currentYear, startYear: data.startYear, scoped: true }} />
        <ExportLinks table="indicators" params={{ year, region: code }} />
      </section>

      <DistrictsSection data={data} />

      <SchoolsSection data={data} />

      <ChartSection
        chart={chart}
        year={year}
        region={code}
        startYear={data.startYear}
        options={data.regional}
        keep={{ year, sort: sort === 'name' ? undefined : sort }}
      />

      <FunnelSection year={year} region={code} scope={regionName} byCourse={data.funnelByCourse} byRegion={[]} />
    </article>
  )
}
