import { useLoaderData } from '@remix-run/react'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { DRAFT } from '#app/modules/authoring/compare.ts'
import { FileDiffView } from './file-diff.tsx'
import type { loader } from './route.tsx'
import { useVersionLabels } from './version-labels.ts'

/** The line diff between two versions, or between the current version and the draft. */
export function CompareSection() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const { optionLabel } = useVersionLabels()
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">{t('history.compare.title')}</h2>
      {d.compare ? (
        <>
          <FilterForm label={t('history.compare.title')} submitLabel={t('history.compare.submit')}>
            <SelectField label={t('history.compare.from')} selectProps={{ id: 'compare-from', name: 'from', defaultValue: d.compare.from }}>
              {d.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {optionLabel(v)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('history.compare.to')} selectProps={{ id: 'compare-to', name: 'to', defaultValue: d.compare.to }}>
              <option value={DRAFT}>{t('history.compare.draft', { count: f.number(d.draftCount) })}</option>
              {d.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {optionLabel(v)}
                </option>
              ))}
            </SelectField>
          </FilterForm>
          {d.compare.files.length ? (
            <>
              <p role="status">{t('history.compare.summary', { count: f.number(d.compare.files.length) })}</p>
              {d.compare.files.map((file, i) => (
                <FileDiffView key={file.path} file={file} id={`diff-${i}`} />
              ))}
            </>
          ) : (
            <p role="status" className="notice">
              {t('history.compare.same')}
            </p>
          )}
        </>
      ) : (
        <p>{t('history.compare.needTwo')}</p>
      )}
    </section>
  )
}
