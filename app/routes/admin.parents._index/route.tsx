import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { BarChart } from '#app/components/bar-chart.tsx'
import { DownloadLinks } from '#app/components/download-links.tsx'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import {
  AttendanceQuerySchema,
  attendanceScope,
  getAttendanceReport,
  NO_DISTRICT,
  reportRegion,
  reportYears,
  STRATEGY_START_YEAR,
  type PlaceRow,
} from '#app/modules/parents/reports.server.ts'
import styles from '#app/styles/parent-reports.css?url'
import { FigureCells, FigureHeads, TargetProgressSection, Totals } from './figures.tsx'

// Attendance at the parent centres for a year: the strategy target, months,
// and a table that drills down from regions to a region's districts to a
// district's schools with plain links (GET parameters), so it works without
// JavaScript and every view has an address. Regional admins see their regions.

export const handle: PageHandle = { title: staffTitle('parentReports.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const query = AttendanceQuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const scope = attendanceScope(query, adminRegions(user))
  invariantResponse(scope, 'error.forbidden.text', { status: 403 })
  const today = localIsoDate(now())
  const year = query.year ?? Number(today.slice(0, 4))
  const region = scope.region ? await reportRegion(work, scope.region) : null
  if (scope.region && !region) notFound()
  const [report, years] = await Promise.all([getAttendanceReport(work, { scope, year, today }), reportYears(work, today)])
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    report,
    years: [...new Set([year, ...years])].sort((a, b) => b - a),
    region: region ?? null,
    scoped: Boolean(scope.regions || scope.region),
    strategyStart: STRATEGY_START_YEAR,
    district: scope.district ? { key: scope.district, name: scope.district === NO_DISTRICT ? null : scope.district } : null,
  }
}

export default withStaffMessages(ParentReportPage)

function ParentReportPage() {
  const { report, years, region, district, scoped, strategyStart } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const { year, level, totals, progress } = report

  const search = (extra: Record<string, string>) => `?${new URLSearchParams({ year: String(year), ...extra }).toString()}`
  const current: Record<string, string> = { ...(region ? { region: region.code } : {}), ...(district ? { district: district.key } : {}) }
  const placeName = (p: PlaceRow) => (p.names ? localName(p.names, locale) : t('parentReports.noDistrict'))
  const districtName = district ? (district.name ?? t('parentReports.noDistrict')) : ''
  const regionName = region ? localName(region, locale) : ''
  const levelTitle =
    level === 'region'
      ? t('parentReports.byRegion', { year })
      : level === 'district'
        ? t('parentReports.byDistrict', { place: regionName, year })
        : t('parentReports.bySchool', { place: `${regionName}, ${districtName}`, year })
  const placeHead: MessageKey =
    level === 'region' ? 'parentReports.col.region' : level === 'district' ? 'parentReports.col.district' : 'parentReports.col.school'
  const placeLink = (p: PlaceRow) =>
    level === 'region' ? search({ region: p.key }) : level === 'district' ? search({ region: region!.code, district: p.key }) : null
  const monthName = (month: string) => t(`parentReports.month.${month.slice(5)}` as MessageKey)

  return (
    <article aria-labelledby="report-title">
      <h1 id="report-title">{t('parentReports.title')}</h1>
      <p>{t('parentReports.intro')}</p>
      <p className="actions">
        <Link to="/admin/parents/centres">{t('parentReports.links.centres')}</Link>
        <Link to="/admin/parents/import">{t('parentReports.links.import')}</Link>
      </p>

      <FilterForm label={t('parentReports.year')} submitLabel={t('parentReports.show')}>
        {region ? <input type="hidden" name="region" value={region.code} /> : null}
        {district ? <input type="hidden" name="district" value={district.key} /> : null}
        <SelectField label={t('parentReports.year')} selectProps={{ id: 'report-year', name: 'year', defaultValue: String(year) }}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
      </FilterForm>

      <nav className="crumbs" aria-label={t('parentReports.crumbs')}>
        <ol>
          <li>{region ? <Link to={search({})}>{t('parentReports.allRegions')}</Link> : <span aria-current="page">{t('parentReports.allRegions')}</span>}</li>
          {region ? <li>{district ? <Link to={search({ region: region.code })}>{regionName}</Link> : <span aria-current="page">{regionName}</span>}</li> : null}
          {district ? (
            <li>
              <span aria-current="page">{districtName}</span>
            </li>
          ) : null}
        </ol>
      </nav>

      <Totals year={year} totals={totals} />
      <TargetProgressSection year={year} progress={progress} scoped={scoped} strategyStart={strategyStart} />

      <section aria-labelledby="months-title">
        <h2 id="months-title">{t('parentReports.months.title')}</h2>
        <div className="chart-with-table">
          <BarChart
            id="chart-months"
            title={t('parentReports.months.chart', { year })}
            describedBy="table-months"
            bars={report.months.map((m) => ({ label: monthName(m.month), value: m.attendances, valueText: f.number(m.attendances) }))}
          />
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="months-title">
            <table id="table-months">
              <caption className="visually-hidden">{t('parentReports.months.chart', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('parentReports.col.month')}</th>
                  <FigureHeads />
                </tr>
              </thead>
              <tbody>
                {report.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthName(m.month)}</th>
                    <FigureCells row={m} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <section aria-labelledby="places-title">
        <h2 id="places-title">{levelTitle}</h2>
        {report.places.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="places-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(placeHead)}</th>
                  <FigureHeads />
                </tr>
              </thead>
              <tbody>
                {report.places.map((p) => {
                  const to = placeLink(p)
                  return (
                    <tr key={p.key}>
                      <th scope="row">{to ? <Link to={to}>{placeName(p)}</Link> : placeName(p)}</th>
                      <FigureCells row={p} />
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('parentReports.empty')}</p>
        )}
      </section>

      <nav aria-label={t('parentReports.downloads')}>
        <DownloadLinks
          label={t('exportFormat.parents.places')}
          csvHref={`/admin/parents.csv${search(current)}`}
          xlsxHref={`/admin/parents.xlsx${search(current)}`}
        />
        <DownloadLinks
          label={t('exportFormat.parents.months')}
          csvHref={`/admin/parents.csv${search({ ...current, table: 'months' })}`}
          xlsxHref={`/admin/parents.xlsx${search({ ...current, table: 'months' })}`}
        />
      </nav>
    </article>
  )
}
