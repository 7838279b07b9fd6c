import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, type useLoaderData, useNavigation } from '@remix-run/react'
import { Field } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'

// One school's row on the centre settings page: its current figures and its own small form.

type School = ReturnType<typeof useLoaderData<typeof loader>>['schools'][number]

export function CentreRow({
  school,
  region,
  district,
  lastResult,
}: {
  school: School
  region: string
  district: string | null
  lastResult?: SubmissionResult<string[]>
}) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const navigation = useNavigation()
  const name = localName(school, locale)
  // The rules live on the server (CentreSettingsSchema); a refused value comes back translated.
  const [form, fields] = useForm({ id: `centre-${school.id}`, lastResult, defaultValue: { capacity: String(school.capacity), openedOn: school.opened_on } })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('schoolId') === school.id
  return (
    <tr id={`centre-${school.id}`}>
      <th scope="row">
        {name}
        <br />
        <span className="muted">
          {school.id}
          {school.district ? ` · ${school.district}` : ''}
        </span>
      </th>
      <td>
        {school.isDefault ? <span className="muted">{t('parentReports.centres.default')}: </span> : null}
        {f.number(school.capacity)} · {f.date(school.opened_on)}
      </td>
      <td>
        <Form method="post" {...getFormProps(form)} className="centre-form" aria-label={name}>
          <input type="hidden" name="schoolId" value={school.id} />
          <input type="hidden" name="region" value={region} />
          {district ? <input type="hidden" name="district" value={district} /> : null}
          <Field
            label={t('parentReports.centres.capacity')}
            errors={fields.capacity.errors}
            errorId={fields.capacity.errorId}
            inputProps={{ ...getInputProps(fields.capacity, { type: 'number' }), required: true }}
          />
          <Field
            label={t('parentReports.centres.openedOn')}
            errors={fields.openedOn.errors}
            errorId={fields.openedOn.errorId}
            inputProps={{ ...getInputProps(fields.openedOn, { type: 'date' }), required: true }}
          />
          <button type="submit" className="button button--secondary" disabled={busy} aria-label={t('parentReports.centres.saveFor', { school: name })}>
            {t('parentReports.centres.save')}
          </button>
        </Form>
      </td>
    </tr>
  )
}
