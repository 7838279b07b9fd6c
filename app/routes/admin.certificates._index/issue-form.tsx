import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { Field, SelectField } from '#app/components/forms.tsx'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized, type Localized } from '#app/modules/content/manifest.ts'
import { IssueSchema } from './schemas.ts'

/** A certificate for a teacher who finished a course, issued by hand (by IIN). */
export function IssueForm({ courses, lastResult }: { courses: { slug: string; title: Localized }[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'issue',
    lastResult,
    constraint: getZodConstraint(IssueSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssueSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack card" aria-labelledby="issue-title">
      <h2 id="issue-title">{t('admin.certificates.issue.title')}</h2>
      <p>{t('admin.certificates.issue.intro')}</p>
      <input type="hidden" name="intent" value="issue" />
      <Field
        label={t('admin.certificates.issue.iin')}
        errors={fields.iin.errors}
        errorId={fields.iin.errorId}
        inputProps={{ ...getInputProps(fields.iin, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off', maxLength: 12 }}
      />
      <SelectField
        label={t('admin.certificates.course')}
        errors={fields.courseId.errors}
        errorId={fields.courseId.errorId}
        selectProps={getSelectProps(fields.courseId)}
      >
        <option value="">{t('admin.certificates.issue.chooseCourse')}</option>
        {courses.map((c) => (
          <option key={c.slug} value={c.slug}>
            {pickLocalized(c.title, locale)}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('admin.certificates.issue.submit')}
      </button>
    </Form>
  )
}
