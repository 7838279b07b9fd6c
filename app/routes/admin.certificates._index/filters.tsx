import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized, type Localized } from '#app/modules/content/manifest.ts'

interface Filters {
  q?: string
  course?: string
  cohort?: string
  region?: string
  year?: number
}

/** The registry's search: a GET form, so a filtered list has an address and works without JavaScript. */
export function CertificateFilters({
  params,
  courses,
  cohorts,
  regions,
  years,
}: {
  params: Filters
  courses: { slug: string; title: Localized }[]
  cohorts: { id: string; title: string }[]
  regions: { code: string; name_kk: string; name_ru: string; name_en: string }[]
  years: number[]
}) {
  const t = useT()
  const locale = useLocale()
  return (
    <FilterForm label={t('admin.certificates.search')} submitLabel={t('admin.certificates.search')}>
      <Field label={t('admin.certificates.query')} inputProps={{ id: 'q', name: 'q', type: 'search', defaultValue: params.q ?? '', maxLength: 100 }} />
      <SelectField label={t('admin.certificates.course')} selectProps={{ id: 'filter-course', name: 'course', defaultValue: params.course ?? '' }}>
        <option value="">{t('admin.certificates.anyCourse')}</option>
        {courses.map((c) => (
          <option key={c.slug} value={c.slug}>
            {pickLocalized(c.title, locale)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.certificates.cohort')} selectProps={{ id: 'filter-cohort', name: 'cohort', defaultValue: params.cohort ?? '' }}>
        <option value="">{t('admin.certificates.anyCohort')}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.certificates.region')} selectProps={{ id: 'filter-region', name: 'region', defaultValue: params.region ?? '' }}>
        <option value="">{t('admin.certificates.anyRegion')}</option>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {localName(r, locale)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.certificates.year')} selectProps={{ id: 'filter-year', name: 'year', defaultValue: params.year ? String(params.year) : '' }}>
        <option value="">{t('admin.certificates.anyYear')}</option>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </SelectField>
    </FilterForm>
  )
}
