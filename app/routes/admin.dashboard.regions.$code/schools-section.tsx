import { Link } from '@remix-run/react'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { Pager } from '#app/components/pager.tsx'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import type { RegionLoaderData } from './route.tsx'

// The region's schools: a table sortable by any indicator with plain links, paged.

export function SchoolsSection({ data }: { data: RegionLoaderData }) {
  const t = useT()
  const fig = useFigures()
  const { year, code, regionName, keys, sort, page, pages, district } = data
  const rows = data.schools
  const inDistrict: Record<string, string> = district ? { district } : {}
  const sortHref = (key: string) =>
    `?${new URLSearchParams({ year: String(year), chart: data.chart.key, ...inDistrict, ...(key === 'name' ? {} : { sort: key }) }).toString()}#schools`
  const pageHref = (to: number) =>
    `?${new URLSearchParams({ year: String(year), chart: data.chart.key, ...inDistrict, ...(sort === 'name' ? {} : { sort }), page: String(to) }).toString()}#schools`
  const districtName = district ? (data.districts.find((d) => (d.id ?? 'none') === district)?.name ?? t('dashboard.schools.noDistrict')) : null
  return (
    <section aria-labelledby="schools-title" id="schools" className="dashboard-section">
      <h2 id="schools-title">{t('dashboard.schools.title')}</h2>
      <p>{t('dashboard.schools.intro', { year })}</p>
      {districtName ? (
        <p>
          {t('dashboard.schools.inDistrict', { district: districtName })}{' '}
          <Link to={`?${new URLSearchParams({ year: String(year), chart: data.chart.key }).toString()}#schools`}>{t('dashboard.schools.allDistricts')}</Link>
        </p>
      ) : null}
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-schools-caption">
          <table id="table-schools" className="dashboard-table">
            <caption id="table-schools-caption" className="visually-hidden">
              {t('dashboard.schools.caption', { region: regionName, year })}
            </caption>
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
                    <td key={key} className="num">
                      {fig.number(s.values[key] ?? 0)}
                    </td>
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
        shown={t('dashboard.schools.shown', {
          from: fig.number(data.firstRow),
          to: fig.number(data.firstRow + rows.length - 1),
          total: fig.number(data.schoolCount),
        })}
        page={page}
        pages={pages}
        href={pageHref}
      />
      <ExportLinks table="schools" params={{ year, region: code }} />
    </section>
  )
}

/** A column heading that sorts the table by its column: a link, so it works without JavaScript. */
function SortHead({
  column,
  label,
  sort,
  href,
  className,
}: {
  column: string
  label: string
  sort: string
  href: (column: string) => string
  className?: string
}) {
  const t = useT()
  const current = sort === column
  return (
    <th scope="col" className={className} aria-sort={current ? (column === 'name' ? 'ascending' : 'descending') : undefined}>
      <Link to={href(column)} className="sort-link" aria-current={current ? 'true' : undefined} preventScrollReset>
        {label}
        {current ? (
          <span className="sort-mark" aria-hidden="true">
            {column === 'name' ? '▲' : '▼'}
          </span>
        ) : null}
        <span className="visually-hidden"> ({t('dashboard.sort.by', { column: column === 'name' ? t('dashboard.sort.name') : label })})</span>
      </Link>
    </th>
  )
}
