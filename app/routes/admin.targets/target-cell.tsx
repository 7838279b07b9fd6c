import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { ErrorList, FormErrors } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { TargetsLoaderData } from './route.tsx'

// One cell of the targets table: its own small form, a plain post that works without JavaScript.

type Row = TargetsLoaderData['rows'][number]

type Limits = TargetsLoaderData['limits']

export function TargetCell({
  row,
  year,
  value,
  limits,
  lastResult,
}: {
  row: Row
  year: number
  value: number | null
  limits: Limits
  lastResult?: SubmissionResult<string[]>
}) {
  const t = useT()
  const navigation = useNavigation()
  const indicator = t(`targets.indicator.${row.key}`)
  const id = `target-${row.key}-${year}`
  const [form, fields] = useForm<{ metric: string; year: string; value: string }>({
    id,
    lastResult,
    defaultValue: { value: value === null ? '' : String(value) },
  })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('metric') === row.key && navigation.formData?.get('year') === String(year)
  // Errors about the hidden fields (a tampered indicator or year) belong to the whole cell.
  const cellErrors = [...(form.errors ?? []), ...(fields.metric.errors ?? []), ...(fields.year.errors ?? [])]
  return (
    <td>
      {/* Not a named landmark: the page would have dozens. The field and its button carry the cell's name. */}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="set" />
        <input type="hidden" name="metric" value={row.key} />
        <input type="hidden" name="year" value={year} />
        <FormErrors id={form.errorId} errors={cellErrors} />
        <label htmlFor={fields.value.id} className="visually-hidden">
          {t('targets.cellLabel', { indicator, year })}
        </label>
        <input
          {...getInputProps(fields.value, { type: 'number' })}
          key={fields.value.key}
          required
          min={0}
          max={limits.maxValue}
          step={1}
          inputMode="numeric"
          // No stylesheet of its own: wide enough for nine digits, and a fixed
          // width so that a narrow screen scrolls the table rather than squeezing it.
          className="target-input"
          aria-describedby={fields.value.errors ? fields.value.errorId : undefined}
        />
        <ErrorList id={fields.value.errorId} errors={fields.value.errors} />
        <button type="submit" disabled={busy} aria-label={t('targets.saveFor', { indicator, year })} className="button button--secondary target-save">
          {t('targets.save')}
        </button>
      </Form>
    </td>
  )
}
