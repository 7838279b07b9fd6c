import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { IndicatorKey } from '#app/modules/metrics/keys.ts'
import type { ReportTable } from '#app/modules/parents/reports.server.ts'
import { districtRows, type UnitRow } from './drill-downs.server.ts'

// The district table of a region's export: its schools' figures summed by
// district, the schools without one on a row of their own.

/** A region's districts: name, code, how many schools counted, each indicator summed over its schools. */
export function districtsTable(result: { schools: UnitRow[]; keys: IndicatorKey[] }, locale: Locale): ReportTable {
  const t = (key: MessageKey) => translate(locale, key)
  return {
    header: [
      t('dashboardExport.col.district'),
      t('dashboardExport.col.districtId'),
      t('dashboardExport.col.schools'),
      ...result.keys.map((k) => translate(locale, `targets.indicator.${k}`)),
    ],
    rows: districtRows(result).map((d) => [
      d.names ? pickLocalized(d.names, locale) : t('dashboard.schools.noDistrict'),
      d.id,
      d.schools,
      ...result.keys.map((k) => d.values[k] ?? 0),
    ]),
  }
}
