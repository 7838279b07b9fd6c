import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

type Page = SerializeFrom<typeof loader>

/** The report's filters: a GET form, so a filtered report has an address and its exports keep the filters. */
export function ReportFilters({ query, courses, cohorts, regions }: Pick<Page, 'query' | 'courses' | 'cohorts' | 'regions'>) {
  const t = useT()
  const locale = useLocale()
  return (
    <FilterForm label={t('surveyReport.report.filter')} submitLabel={t('admin.filter')}>
      <SelectField label={t('surveyReport.field.course')} selectProps={{ id: 'filter-course', name: 'course', defaultValue: query.course ?? '' }}>
        <option value="">{t('surveyReport.field.anyCourse')}</option>
        {courses.map((c) => (
          <option key={c.slug} value={c.slug}>
            {pickLocalized(c.title, locale)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('surveyReport.field.cohort')} selectProps={{ id: 'filter-cohort', name: 'cohort', defaultValue: query.cohort ?? '' }}>
        <option value="">{t('surveyReport.field.anyCohort')}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('surveyReport.field.region')} selectProps={{ id: 'filter-region', name: 'region', defaultValue: query.region ?? '' }}>
        <option value="">{t('surveyReport.field.anyRegion')}</option>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {localName(r, locale)}
          </option>
        ))}
      </SelectField>
      <Field
        label={t('surveyReport.field.from')}
        description={t('surveyReport.field.monthHint')}
        inputProps={{ id: 'filter-from', name: 'from', type: 'month', pattern: '\\d{4}-\\d{2}', placeholder: '2026-01', defaultValue: query.from ?? '' }}
      />
      <Field
        label={t('surveyReport.field.to')}
        description={t('surveyReport.field.monthHint')}
        inputProps={{ id: 'filter-to', name: 'to', type: 'month', pattern: '\\d{4}-\\d{2}', placeholder: '2026-12', defaultValue: query.to ?? '' }}
      />
    </FilterForm>
  )
}
