import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ChartSection } from '#app/components/dashboard/chart-section.tsx'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { FunnelSection } from '#app/components/dashboard/funnel-section.tsx'
import { IndicatorCards } from '#app/components/dashboard/indicator-card.tsx'
import { IndicatorPicker } from '#app/components/dashboard/indicator-picker.tsx'
import { TileMap } from '#app/components/dashboard/tile-map.tsx'
import { chartView, funnelView, indicatorView, packHref, regionHref } from '#app/components/dashboard/view.ts'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { adminOverview } from '#app/modules/admin/overview.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getDashboard, STRATEGY_START } from '#app/modules/dashboard/dashboard.server.ts'
import { listTargets, MAX_YEAR, MIN_YEAR } from '#app/modules/dashboard/targets.server.ts'
import { INDICATOR_KEYS, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import styles from '#app/styles/dashboard.css?url'

// The administrators' front page: the strategy's indicators against this
// year's targets, by region (a table and a tile map), month by month, and the
// completion funnel, then the accounts and mail figures. Every choice is a
// plain GET parameter (year, region, map, chart), so the page works without
// JavaScript and each view has an address. A regional admin sees their own
// region (or regions); another region's address is refused with 403.

export const handle: PageHandle = { title: staffTitle('dashboard.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const QuerySchema = z.object({
  year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
  region: z.string().regex(/^KZ-\d{2}$/).optional().catch(undefined),
  map: z.enum(INDICATOR_KEYS).optional().catch(undefined),
  chart: z.enum(INDICATOR_KEYS).optional().catch(undefined),
})

const DEFAULT_INDICATOR: IndicatorKey = 'teachers_trained'

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { db } = args.context
  const allowed = adminRegions(user)
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const allRegions = await listRegions(db)
  // A regional admin with one region sees it at once; with several, all of them until they pick one.
  const region = query.region ?? (allowed?.length === 1 ? allowed[0]! : null)
  if (region) {
    invariantResponse(allowed === null || allowed.includes(region), 'admin.dashboard.forbiddenRegion', { status: 403 })
    if (!allRegions.some((r) => r.code === region)) notFound('admin.dashboard.unknownRegion')
  }
  const today = localIsoDate(now())
  const answer = await getDashboard(args.context.work, { year: query.year ?? Number(today.slice(0, 4)), region, allowed, today })
  invariantResponse(answer.ok, 'admin.dashboard.forbiddenRegion', { status: 403 })
  const dashboard = answer.value
  const scoped = region !== null || allowed !== null
  const regional = dashboard.indicators.filter((i) => !i.national).map((i) => i.key)
  const mapKey = query.map && regional.includes(query.map) ? query.map : DEFAULT_INDICATOR
  const chartOptions = scoped ? regional : dashboard.indicators.map((i) => i.key)
  const chartKey = query.chart && chartOptions.includes(query.chart) ? query.chart : DEFAULT_INDICATOR
  const targets = scoped ? null : await listTargets(args.context.work)
  const chartTargets = targets?.rows.find((r) => r.indicator.key === chartKey)?.cells.flatMap((c) => (c.value === null ? [] : [{ year: c.year, value: c.value }])) ?? []
  const overview = await adminOverview(db, allowed)
  const visible = allRegions.filter((r) => allowed === null || allowed.includes(r.code))
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['dashboard.', 'targets.']),
    year: dashboard.year,
    currentYear: Number(dashboard.today.slice(0, 4)),
    startYear: Number(STRATEGY_START.slice(0, 4)),
    years: [...new Set([dashboard.year, ...dashboard.years])].sort((a, b) => b - a),
    region: dashboard.region,
    // Admins choose any region or the whole country; a regional admin with several regions chooses among them.
    picker: allowed === null || allowed.length > 1 ? { regions: visible, all: allowed === null ? ('country' as const) : ('mine' as const) } : null,
    scoped,
    indicators: dashboard.indicators.map(indicatorView),
    regionRows: dashboard.regions.map((r) => ({ code: r.code, names: r.names, values: r.values })),
    regional,
    mapKey,
    chart: chartView({ dashboard, key: chartKey, targets: chartTargets }),
    chartOptions,
    funnelByCourse: dashboard.funnelByCourse.map(funnelView),
    funnelByRegion: dashboard.funnelByRegion.map(funnelView),
    overview: { ...overview, smtpConfigured: args.context.config.smtpConfigured, isAdmin: hasRole(user, 'admin') },
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

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
        <div className="field">
          <label htmlFor="dashboard-year">{t('dashboard.field.year')}</label>
          <select id="dashboard-year" name="year" defaultValue={String(year)} key={year}>
            {data.years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </div>
        {picker ? (
          <div className="field">
            <label htmlFor="dashboard-region">{t('dashboard.field.region')}</label>
            <select id="dashboard-region" name="region" defaultValue={region?.code ?? ''} key={region?.code ?? ''}>
              <option value="">{picker.all === 'country' ? t('dashboard.scope.country') : t('dashboard.scope.mine')}</option>
              {picker.regions.map((r) => (
                <option key={r.code} value={r.code}>{localName(r, locale)}</option>
              ))}
            </select>
          </div>
        ) : region ? (
          <input type="hidden" name="region" value={region.code} />
        ) : null}
        <button type="submit" className="button">{t('dashboard.show')}</button>
      </Form>

      <p className="actions">
        <a className="button button--secondary" href={packHref(year)} download>{t('dashboard.pack')}</a>
        {region && regionName ? <Link className="button button--secondary" to={regionHref(region.code, year)}>{t('dashboard.regionLink', { region: regionName })}</Link> : null}
      </p>

      <section aria-labelledby="indicators-title" className="dashboard-section">
        <h2 id="indicators-title">{t('dashboard.cards.title')}</h2>
        <IndicatorCards items={data.indicators} context={{ year, currentYear: data.currentYear, startYear: data.startYear, scoped }} />
        <ExportLinks table="indicators" params={{ year, region: region?.code }} />
      </section>

      {data.regionRows.length ? <RegionsSection data={data} keep={keep} /> : null}

      <ChartSection chart={chart} year={year} region={region?.code ?? null} startYear={data.startYear} options={data.chartOptions} keep={{ ...keep, chart: undefined }} />

      <FunnelSection year={year} region={region?.code ?? null} scope={scope} byCourse={data.funnelByCourse} byRegion={data.funnelByRegion} />

      <OverviewSection overview={data.overview} />
    </article>
  )
}

function RegionsSection({ data, keep }: { data: LoaderData; keep: Record<string, string | number | undefined> }) {
  const t = useT()
  const fig = useFigures()
  const locale = useLocale()
  const { year, mapKey, regional, regionRows } = data
  const indicator = t(`targets.indicator.${mapKey}` as MessageKey)
  return (
    <section aria-labelledby="by-region-title" id="by-region" className="dashboard-section">
      <h2 id="by-region-title">{t('dashboard.regions.title')}</h2>
      <IndicatorPicker name="map" label="dashboard.field.map" value={mapKey} options={regional} keep={{ ...keep, map: undefined }} section="by-region" />
      <TileMap
        id="region-map"
        title={t('dashboard.map.title', { indicator })}
        description={t('dashboard.map.desc')}
        tiles={regionRows.filter((r) => r.code).map((r) => ({ code: r.code, name: pickLocalized(r.names, locale), value: r.values[mapKey], href: regionHref(r.code, year) }))}
      />
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-regions-caption">
        <table id="table-regions" className="dashboard-table">
          <caption id="table-regions-caption" className="visually-hidden">{t('dashboard.regions.caption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.col.region')}</th>
              {regional.map((key) => (
                <th key={key} scope="col" className={key === mapKey ? 'num is-selected' : 'num'}>{t(`dashboard.short.${key}` as MessageKey)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {regionRows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.code ? <Link to={regionHref(r.code, year)}>{pickLocalized(r.names, locale)}</Link> : pickLocalized(r.names, locale)}</th>
                {regional.map((key) => (
                  <td key={key} className="num">{fig.number(r.values[key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('dashboard.regions.national')}</p>
      <ExportLinks table="regions" params={{ year, region: data.region?.code }} />
    </section>
  )
}

function OverviewSection({ overview }: { overview: LoaderData['overview'] }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="overview-title" className="dashboard-section dashboard-overview">
      <h2 id="overview-title">{t('dashboard.overview.title')}</h2>
      {overview.regions ? <p>{t('admin.overview.scope', { regions: overview.regions.map((r) => localName(r, locale)).join(', ') })}</p> : null}
      <ul className="stats" role="list">
        {overview.roleCounts.map((r) => (
          <li key={r.role} className="stat">
            <span className="stat__value">{f.number(r.count)}</span>
            <span className="stat__label">{t(`role.${r.role}`)}</span>
          </li>
        ))}
        <li className="stat">
          <span className="stat__value">{f.number(overview.newUsers7d)}</span>
          <span className="stat__label">{t('admin.overview.newUsers7d')}</span>
        </li>
      </ul>
      {overview.outbox ? (
        <p>
          {t('admin.overview.outbox', { pending: f.number(overview.outbox.pending), failed: f.number(overview.outbox.failed) })}{' '}
          {overview.isAdmin ? <Link to="/admin/outbox">{t('admin.nav.outbox')}</Link> : null}
          {!overview.smtpConfigured ? ` · ${t('admin.outbox.noSmtp')}` : ''}
        </p>
      ) : null}
    </section>
  )
}
