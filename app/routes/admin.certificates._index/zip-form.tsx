import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { ZipSchema } from './schemas.ts'

/** A cohort's valid documents as one archive: the form that starts the job. */
export function ZipForm({
  cohorts,
  lastResult,
}: {
  cohorts: {
    id: string
    title: string
    valid: number
    certificates: number
    attendance: number
    revoked: number
    name_kk: string
    name_ru: string
    name_en: string
  }[]
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'zip',
    lastResult,
    constraint: getZodConstraint(ZipSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ZipSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const zipCohorts = cohorts.filter((c) => c.valid > 0)
  return (
    <section className="stack card" aria-labelledby="zip-title">
      <h2 id="zip-title">{t('admin.certificates.zip.title')}</h2>
      <p>{t('admin.certificates.zip.intro')}</p>
      {zipCohorts.length ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="zip" />
          <SelectField
            label={t('admin.certificates.cohort')}
            errors={fields.cohortId.errors}
            errorId={fields.cohortId.errorId}
            selectProps={getSelectProps(fields.cohortId)}
          >
            <option value="">{t('admin.certificates.zip.chooseCohort')}</option>
            {zipCohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {t('admin.certificates.zip.cohortCounts', {
                  title: c.title,
                  region: localName(c, locale),
                  certificates: f.number(c.certificates),
                  attendance: f.number(c.attendance),
                  revoked: f.number(c.revoked),
                })}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('admin.certificates.zip.submit')}
          </button>
        </Form>
      ) : (
        <p className="notice">{t('admin.certificates.zip.noCohorts')}</p>
      )}
    </section>
  )
}
