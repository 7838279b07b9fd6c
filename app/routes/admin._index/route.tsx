import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ChartSection } from '#app/components/dashboard/chart-section.tsx'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { FunnelSection } from '#app/components/dashboard/funnel-section.tsx'
import { IndicatorCards } from '#app/components/dashboard/indicator-card.tsx'
import { chartView, funnelView, indicatorView, packHref, regionHref } from '#app/components/dashboard/view.ts'
import { SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { sealed, viewOf } from '#app/http/page-cache.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { adminOverview } from '#app/modules/admin/overview.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getDashboard, STRATEGY_START } from '#app/modules/dashboard/dashboard.server.ts'
import { listTargets, MAX_YEAR, MIN_YEAR } from '#app/modules/dashboard/targets.server.ts'
import { INDICATOR_KEYS, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import styles from '#app/styles/dashboard.css?url'
import { OverviewSection } from './overview-section.tsx'
import { RegionsSection } from './regions-section.tsx'

// The administrators' front page: the strategy's indicators against this
// year's targets, by region (a table and a tile map), month by month, and the
// completion funnel, then the accounts and mail figures. Every choice is a
// plain GET parameter (year, region, map, chart), so the page works without
// JavaScript and each view has an address. A regional admin sees their own
// region (or regions); another region's address is refused with 403.
// Without scripts (plain links and GET forms are all it needs) the page is
// kept rendered per data and served again from there (ADR 037).

export const handle: PageHandle & { hydrate: false } = { title: staffTitle('dashboard.title'), hydrate: false }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const QuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  map: z.enum(INDICATOR_KEYS).optional().catch(undefined),
  chart: z.enum(INDICATOR_KEYS).optional().catch(undefined),
})

const DEFAULT_INDICATOR: IndicatorKey = 'teachers_trained'

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const allowed = adminRegions(user)
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const allRegions = await listRegions(args.context.work)
  // A regional admin with one region sees it at once; with several, all of them until they pick one.
  const region = query.region ?? (allowed?.length === 1 ? allowed[0]! : null)
  if (region) {
    invariantResponse(allowed === null || allowed.includes(region), 'admin.dashboard.forbiddenRegion', { status: 403 })
    if (!allRegions.some((r) => r.code === region)) notFound('admin.dashboard.unknownRegion')
  }
  const today = localIsoDate(args.context.work.now())
  const answer = await getDashboard(args.context.work, { year: query.year ?? Number(today.slice(0, 4)), region, allowed, today })
  invariantResponse(answer.ok, 'admin.dashboard.forbiddenRegion', { status: 403 })
  const dashboard = answer.value
  const scoped = region !== null || allowed !== null
  const regional = dashboard.indicators.filter((i) => !i.national).map((i) => i.key)
  const mapKey = query.map && regional.includes(query.map) ? query.map : DEFAULT_INDICATOR
  const chartOptions = scoped ? regional : dashboard.indicators.map((i) => i.key)
  const chartKey = query.chart && chartOptions.includes(query.chart) ? query.chart : DEFAULT_INDICATOR
  const targets = scoped ? null : await listTargets(args.context.work)
  const chartTargets =
    targets?.rows.find((r) => r.indicator.key === chartKey)?.cells.flatMap((c) => (c.value === null ? [] : [{ year: c.year, value: c.value }])) ?? []
  const overview = await adminOverview(args.context.work, allowed)
  const visible = allRegions.filter((r) => allowed === null || allowed.includes(r.code))
  // The parts drawn from the cached dashboard are shaped once per version and sealed (ADR 037).
  const shaped = viewOf(dashboard, '', () => ({
    years: [...new Set([dashboard.year, ...dashboard.years])].sort((a, b) => b - a),
    indicators: dashboard.indicators.map(indicatorView),
    regionRows: dashboard.regions.map((r) => ({ code: r.code, names: r.names, values: r.values })),
    funnelByCourse: dashboard.funnelByCourse.map(funnelView),
    funnelByRegion: dashboard.funnelByRegion.map(funnelView),
  }))
  const chart = viewOf(dashboard, `chart|${chartKey}|${JSON.stringify(chartTargets)}`, () => chartView({ dashboard, key: chartKey, targets: chartTargets }))
  return {
    messages: sealed(staffMessagesFor(resolveLocale(args.request, args.context), ['dashboard.', 'targets.'])),
    year: dashboard.year,
    currentYear: Number(dashboard.today.slice(0, 4)),
    startYear: Number(STRATEGY_START.slice(0, 4)),
    years: shaped.years,
    region: dashboard.region,
    // Admins choose any region or the whole country; a regional admin with several regions chooses among them.
    picker: allowed === null || allowed.length > 1 ? { regions: visible, all: allowed === null ? ('country' as const) : ('mine' as const) } : null,
    scoped,
    indicators: shaped.indicators,
    regionRows: shaped.regionRows,
    regional,
    mapKey,
    chart,
    chartOptions,
    funnelByCourse: shaped.funnelByCourse,
    funnelByRegion: shaped.funnelByRegion,
    overview: { ...overview, smtpConfigured: args.context.work.config.smtpConfigured, isAdmin: hasRole(user, 'admin') },
  }
}

export type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default withStaffMessages(DashboardPage)

function DashboardPage() {
  const data = useLoaderData<typeof loader>()
  const { year, region, picker, scoped, chart } = data
  const t = useT()
  const locale = useLocale()
  const regionName = region ? pickLocalized(region.names, locale) : null
  const scope = regionName ?? (scoped ? t('dashboard.scope.mine') : t('dashboard.scope.country'))
  const keep = { year, region: region?.code, map: data.mapKey, chart: chart.key }
  return (
    <article aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p className="dashboard-subtitle">{t('dashboard.subtitle', { scope, year })}</p>
      <p className="dashboard-intro">{t('dashboard.intro')}</p>

      <Form method="get" className="filters dashboard-filters" aria-label={t('dashboard.filters')}>
        <input type="hidden" name="map" value={data.mapKey} />
        <input type="hidden" name="chart" value={chart.key} />
        <SelectField label={t('dashboard.field.year')} selectProps={{ id: 'dashboard-year', name: 'year', defaultValue: String(year), key: year }}>
          {data.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        {picker ? (
          <SelectField
            label={t('dashboard.field.region')}
            selectProps={{ id: 'dashboard-region', name: 'region', defaultValue: region?.code ?? '', key: region?.code ?? '' }}
          >
            <option value="">{picker.all === 'country' ? t('dashboard.scope.country') : t('dashboard.scope.mine')}</option>
            {picker.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localName(r, locale)}
              </option>
            ))}
          </SelectField>
        ) : region ? (
          <input type="hidden" name="region" value={region.code} />
        ) : null}
        <button type="submit" className="button">
          {t('dashboard.show')}
        </button>
      </Form>

      <p className="actions">
        <a className="button button--secondary" href={packHref(year)} download>
          {t('dashboard.pack')}
        </a>
        {region && regionName ? (
          <Link className="button button--secondary" to={regionHref(region.code, year)}>
            {t('dashboard.regionLink', { region: regionName })}
          </Link>
        ) : null}
      </p>

      <section aria-labelledby="indicators-title" className="dashboard-section">
        <h2 id="indicators-title">{t('dashboard.cards.title')}</h2>
        <IndicatorCards items={data.indicators} context={{ year, currentYear: data.currentYear, startYear: data.startYear, scoped }} />
        <ExportLinks table="indicators" params={{ year, region: region?.code }} />
      </section>

      {data.regionRows.length ? <RegionsSection data={data} keep={keep} /> : null}

      <ChartSection
        chart={chart}
        year={year}
        region={region?.code ?? null}
        startYear={data.startYear}
        options={data.chartOptions}
        keep={{ ...keep, chart: undefined }}
      />

      <FunnelSection year={year} region={region?.code ?? null} scope={scope} byCourse={data.funnelByCourse} byRegion={data.funnelByRegion} />

      <OverviewSection overview={data.overview} />
    </article>
  )
}
