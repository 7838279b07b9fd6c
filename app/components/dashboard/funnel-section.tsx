import { Link } from '@remix-run/react'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { ExportLinks } from '#app/components/dashboard/export-links.tsx'
import { FunnelPicture, FunnelTable } from '#app/components/dashboard/funnel-table.tsx'
import { courseHref, regionHref, type FunnelView } from '#app/components/dashboard/view.ts'

// The completion funnel of a scope: the total as a picture, then a table by
// course (each course opens its cohorts) and, for more than one region, a
// table by region (each region opens its page).

export function FunnelSection({
  year,
  region,
  scope,
  byCourse,
  byRegion,
}: {
  year: number
  region: string | null
  /** What the total covers, for the picture's name: "All of Kazakhstan", a region. */
  scope: string
  /** Ends with the total row. */
  byCourse: FunnelView[]
  /** Ends with the total row; empty for one region. */
  byRegion: FunnelView[]
}) {
  const t = useT()
  const locale = useLocale()
  const total = byCourse.at(-1)
  const empty = !total || total.steps.funnel_enrolled === 0
  return (
    <section aria-labelledby="funnel-title" id="funnel" className="dashboard-section">
      <h2 id="funnel-title">{t('dashboard.funnel.title')}</h2>
      <p>{t('dashboard.funnel.intro', { year })}</p>
      {empty || !total ? (
        <p className="notice">{t('dashboard.funnel.empty')}</p>
      ) : (
        <>
          <FunnelPicture id="funnel-total" title={t('dashboard.funnel.chart', { scope })} total={total} tableId="table-funnel-courses" />
          <h3>{t('dashboard.funnel.byCourse')}</h3>
          <FunnelTable
            id="table-funnel-courses"
            caption={t('dashboard.funnel.tableCourses', { year })}
            head={t('dashboard.col.course')}
            rows={byCourse}
            name={(row) => (
              <Link to={courseHref(row.key, year)}>{row.names ? pickLocalized(row.names, locale) : t('dashboard.funnel.unnamed', { id: row.key })}</Link>
            )}
          />
        </>
      )}
      <ExportLinks table="funnel-courses" params={{ year, region }} />
      {byRegion.length && !empty ? (
        <>
          <h3>{t('dashboard.funnel.byRegion')}</h3>
          <FunnelTable
            id="table-funnel-regions"
            caption={t('dashboard.funnel.tableRegions', { year })}
            head={t('dashboard.col.region')}
            rows={byRegion}
            name={(row) => <Link to={regionHref(row.key, year)}>{row.names ? pickLocalized(row.names, locale) : row.key}</Link>}
          />
          <ExportLinks table="funnel-regions" params={{ year, region }} />
        </>
      ) : null}
    </section>
  )
}
