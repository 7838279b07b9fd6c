import { Form, useSubmit } from '@remix-run/react'
import { SelectField } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { SupportKind } from '#app/modules/support/activity-form.ts'

/** The first step, a GET form: the kind and the cohort, sent again at each change (by the button without JavaScript). */
export function StepChoice({
  kinds,
  kind,
  cohorts,
  cohortId,
}: {
  kinds: readonly SupportKind[]
  kind: SupportKind
  cohorts: { id: string; title: string }[]
  cohortId: string | null
}) {
  const t = useT()
  const submit = useSubmit()
  const resubmit = (e: React.ChangeEvent<HTMLSelectElement>) => submit(e.currentTarget.form, { replace: true, preventScrollReset: true })
  return (
    <Form method="get" className="stack step" aria-labelledby="step-kind">
      <h2 id="step-kind" className="step__title">
        {t('support.new.step1')}
      </h2>
      <SelectField label={t('support.field.kind')} selectProps={{ id: 'kind-choice', name: 'kind', defaultValue: kind, onChange: resubmit }}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`support.kind.${k}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('support.field.cohort')} selectProps={{ id: 'cohort-choice', name: 'cohort', defaultValue: cohortId ?? '', onChange: resubmit }}>
        <option value="">{t('support.field.noCohort')}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <noscript>
        <button type="submit" className="button button--secondary">
          {t('support.new.continue')}
        </button>
      </noscript>
    </Form>
  )
}
