import { Link } from '@remix-run/react'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { IndicatorPicker } from '#app/components/dashboard/indicator-picker.tsx'
import { TileMap } from '#app/components/dashboard/tile-map.tsx'
import { regionHref } from '#app/components/dashboard/view.ts'
import { useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { LoaderData } from './route.tsx'

/** The regional indicators as a tile map and a table, one indicator chosen for the map. */
export function RegionsSection({ data, keep }: { data: LoaderData; keep: Record<string, string | number | undefined> }) {
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
        tiles={regionRows
          .filter((r) => r.code)
          .map((r) => ({ code: r.code, name: pickLocalized(r.names, locale), value: r.values[mapKey], href: regionHref(r.code, year) }))}
      />
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="table-regions-caption">
        <table id="table-regions" className="dashboard-table">
          <caption id="table-regions-caption" className="visually-hidden">
            {t('dashboard.regions.caption', { year })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.col.region')}</th>
              {regional.map((key) => (
                <th key={key} scope="col" className={key === mapKey ? 'num is-selected' : 'num'}>
                  {t(`dashboard.short.${key}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {regionRows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.code ? <Link to={regionHref(r.code, year)}>{pickLocalized(r.names, locale)}</Link> : pickLocalized(r.names, locale)}</th>
                {regional.map((key) => (
                  <td key={key} className="num">
                    {fig.number(r.values[key])}
                  </td>
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
