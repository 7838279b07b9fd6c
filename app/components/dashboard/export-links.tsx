import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { exportHref, type ExportTable } from '#app/components/dashboard/view.ts'

// A table's downloads. Plain links (the export routes are resource routes);
// each link's name says which table it downloads, for screen readers that
// list a page's links out of context.

const TABLE_NAMES: Record<ExportTable, MessageKey> = {
  indicators: 'dashboard.table.indicators',
  regions: 'dashboard.table.regions',
  months: 'dashboard.table.months',
  'funnel-courses': 'dashboard.table.funnelCourses',
  'funnel-regions': 'dashboard.table.funnelRegions',
  schools: 'dashboard.table.schools',
  districts: 'dashboard.table.districts',
  cohorts: 'dashboard.table.cohorts',
}

export function ExportLinks({ table, params }: { table: ExportTable; params: Parameters<typeof exportHref>[2] }) {
  const t = useT()
  const name = t(TABLE_NAMES[table])
  return (
    <p className="export-links">
      <span>{t('dashboard.download')}</span>
      {(['csv', 'xlsx'] as const).map((format) => (
        <a key={format} href={exportHref(table, format, params)} download>
          {format.toUpperCase()}
          <span className="visually-hidden">, {name}</span>
        </a>
      ))}
    </p>
  )
}
