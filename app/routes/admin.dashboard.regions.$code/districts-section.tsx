import { Link } from '@remix-run/react'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import type { RegionLoaderData } from './route.tsx'

// The region's districts: its schools' figures summed by district, each
// district a link to the school table below showing its schools only.

export function DistrictsSection({ data }: { data: RegionLoaderData }) {
  const t = useT()
  const fig = useFigures()
  const { year, code, regionName, keys, districts } = data
  if (!districts.length) return null
  const href = (id: string | null) => `?${new URLSearchParams({ year: String(year), chart: data.chart.key, district: id ?? 'none' }).toString()}#schools`
  return (
    <section aria-labelledby="districts-title" id="districts" className="dashboard-section">
      <h2 id="districts-title">{t('dashboard.districts.title')}</h2>
      <p>{t('dashboard.districts.intro', { year })}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-districts-caption">
        <table id="table-districts" className="dashboard-table">
          <caption id="table-districts-caption" className="visually-hidden">
            {t('dashboard.districts.caption', { region: regionName, year })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.col.district')}</th>
              <th scope="col" className="num">
                {t('dashboard.col.schools')}
              </th>
              {keys.map((key) => (
                <th key={key} scope="col" className="num">
                  {t(`dashboard.short.${key}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {districts.map((d) => (
              <tr key={d.id ?? 'none'}>
                <th scope="row">
                  <Link to={href(d.id)} preventScrollReset>
                    {d.name ?? t('dashboard.schools.noDistrict')}
                  </Link>
                </th>
                <td className="num">{fig.number(d.schools)}</td>
                {keys.map((key) => (
                  <td key={key} className="num">
                    {fig.number(d.values[key] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportLinks table="districts" params={{ year, region: code }} />
    </section>
  )
}
