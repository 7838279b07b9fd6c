import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { useErrorText } from '#app/components/offline-sessions/error-text.ts'
import { type ErrorParams, type RecordFields } from '#app/components/offline-sessions/records.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { Loaded } from './route.tsx'

// The form a coordinator records a session with: a plain post that works
// without JavaScript; with it, the route's clientAction queues it offline.

interface RecordFormProps {
  school: string
  capacity: number
  openedOn: string
  today: string
  lessons: Extract<Loaded, { today: string }>['lessons']
  clientKey: string
  defaults?: RecordFields
  lastResult?: SubmissionResult<string[]>
  params?: ErrorParams | null
}

export function RecordForm({ school, capacity, openedOn, today, lessons, clientKey, defaults, lastResult, params }: RecordFormProps) {
  const t = useT()
  const locale = useLocale()
  const errorText = useErrorText()
  const navigation = useNavigation()
  const [form, fields] = useForm<RecordFields & { courseId: string; lessonKey: string }>({
    id: 'record-session',
    lastResult,
    defaultValue: { heldOn: today, ...defaults, clientKey: undefined },
  })
  const lessonErrors = errorText([...(fields.lesson.errors ?? []), ...(fields.courseId.errors ?? []), ...(fields.lessonKey.errors ?? [])])
  return (
    <Form
      method="post"
      action={`/centre?index&school=${encodeURIComponent(school)}`}
      {...getFormProps(form)}
      className="stack step centre-record"
      aria-labelledby="record-title"
    >
      <h2 id="record-title" className="step__title">
        {t('centre.record.title')}
      </h2>
      <FormErrors id={form.errorId} errors={errorText([...(form.errors ?? []), ...(fields.clientKey.errors ?? [])], params)} />
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="clientKey" value={clientKey} />
      <SelectField
        label={t('centre.field.lesson')}
        errors={lessonErrors}
        errorId={fields.lesson.errorId}
        selectProps={{ ...getSelectProps(fields.lesson), required: true, 'aria-invalid': lessonErrors.length ? true : undefined }}
      >
        <option value="">{t('centre.field.lessonChoose')}</option>
        {lessons.map((series) => (
          <optgroup key={series.lessons[0]?.value ?? ''} label={pickLocalized(series.title, locale)}>
            {series.lessons.map((l) => (
              <option key={l.value} value={l.value}>
                {pickLocalized(l.title, locale)}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <Field
        label={t('centre.field.heldOn')}
        errors={errorText(fields.heldOn.errors, params)}
        errorId={fields.heldOn.errorId}
        inputProps={{ ...getInputProps(fields.heldOn, { type: 'date' }), required: true, min: openedOn, max: today }}
      />
      <Field
        label={t('centre.field.facilitator')}
        errors={errorText(fields.facilitator.errors)}
        errorId={fields.facilitator.errorId}
        inputProps={{ ...getInputProps(fields.facilitator, { type: 'text' }), required: true, maxLength: 200 }}
      />
      <Field
        label={t('centre.field.headCount')}
        description={t('centre.field.headCountHint', { capacity })}
        errors={errorText(fields.headCount.errors, params)}
        errorId={fields.headCount.errorId}
        inputProps={{ ...getInputProps(fields.headCount, { type: 'number' }), required: true, min: 1, max: capacity, step: 1, inputMode: 'numeric' }}
      />
      <TextareaField
        label={t('centre.field.notes')}
        errors={errorText(fields.notes.errors)}
        errorId={fields.notes.errorId}
        textareaProps={{ ...getTextareaProps(fields.notes), rows: 3, maxLength: 2000 }}
      />
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('centre.record.submit')}
      </button>
    </Form>
  )
}
