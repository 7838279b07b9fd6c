import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { TargetsLoaderData } from './route.tsx'

type Limits = TargetsLoaderData['limits']

export function AddYearForm({
  next,
  latest,
  limits,
  lastResult,
}: {
  next: number
  latest: number | undefined
  limits: Limits
  lastResult?: SubmissionResult<string[]>
}) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({ id: 'add-year', lastResult, defaultValue: { year: String(next) } })
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="add-year-title">
      <h2 id="add-year-title">{t('targets.addYear.title')}</h2>
      {latest !== undefined ? <p>{t('targets.addYear.description', { latest })}</p> : null}
      <input type="hidden" name="intent" value="add-year" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        label={t('targets.addYear.year')}
        errors={fields.year.errors}
        errorId={fields.year.errorId}
        inputProps={{
          ...getInputProps(fields.year, { type: 'number' }),
          required: true,
          min: limits.minYear,
          max: limits.maxYear,
          step: 1,
          inputMode: 'numeric',
          style: { maxWidth: '10rem' },
        }}
      />
      <button type="submit" className="button" disabled={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'add-year'}>
        {t('targets.addYear.submit')}
      </button>
    </Form>
  )
}
