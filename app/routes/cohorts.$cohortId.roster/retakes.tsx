import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { SerializeFrom } from '@remix-run/node'
import { Form, useNavigation } from '@remix-run/react'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { RetakeSchema } from './retake-schema.ts'
import type { loader } from './route.tsx'

type RosterData = SerializeFrom<typeof loader>
type Quiz = RosterData['roster']['quizzes'][number]

/** The retakes granted so far, and the form to grant one. */
export function Retakes({
  roster,
  retakes,
  quizLabel,
  result,
  granted,
}: {
  roster: RosterData['roster']
  retakes: RosterData['retakes']
  quizLabel: (q: Quiz) => string
  result: SubmissionResult<string[]> | null | undefined
  granted: boolean
}) {
  const t = useT()
  const f = useFormat()
  const navigation = useNavigation()
  const { quizzes, rows } = roster
  const [retakeForm, retakeFields] = useForm({
    id: 'retake',
    lastResult: result ?? undefined,
    defaultValue: { attempts: '1' },
    constraint: getZodConstraint(RetakeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RetakeSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h2 id="retakes-title">{t('cohort.retake.title')}</h2>
      <p>{t('cohort.retake.intro')}</p>
      {retakes.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="retakes-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('auth.field.fullName')}</th>
                <th scope="col">{t('cohort.retake.quiz')}</th>
                <th scope="col">{t('cohort.retake.attempts')}</th>
                <th scope="col">{t('cohort.retake.reason')}</th>
                <th scope="col">{t('cohort.retake.grantedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {retakes.map((r) => {
                const quiz = quizzes.find((q) => q.id === r.quiz_id)
                return (
                  <tr key={r.id}>
                    <th scope="row">{r.teacher_name}</th>
                    <td>{quiz ? quizLabel(quiz) : r.quiz_id}</td>
                    <td>+{f.number(r.extra_attempts)}</td>
                    <td>{r.reason}</td>
                    <td>
                      {r.granted_by_name}, {f.dateTime(r.granted_at)}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {granted ? (
        <p className="notice notice--success" role="status">
          {t('cohort.retake.done')}
        </p>
      ) : null}
      {rows.length && quizzes.length ? (
        <Form method="post" {...getFormProps(retakeForm)} className="stack card" aria-labelledby="retake-form-title">
          <h3 id="retake-form-title">{t('cohort.retake.grant')}</h3>
          <FormErrors id={retakeForm.errorId} errors={retakeForm.errors} />
          <input type="hidden" name="intent" value="retake" />
          <SelectField
            label={t('auth.field.fullName')}
            errors={retakeFields.enrolmentId.errors}
            errorId={retakeFields.enrolmentId.errorId}
            selectProps={getSelectProps(retakeFields.enrolmentId)}
          >
            <option value="">—</option>
            {rows.map((r) => (
              <option key={r.enrolmentId} value={r.enrolmentId}>
                {r.fullName}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('cohort.retake.quiz')}
            errors={retakeFields.quizId.errors}
            errorId={retakeFields.quizId.errorId}
            selectProps={getSelectProps(retakeFields.quizId)}
          >
            <option value="">—</option>
            {quizzes.map((q) => (
              <option key={q.id} value={q.id}>
                {quizLabel(q)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('cohort.retake.attempts')}
            errors={retakeFields.attempts.errors}
            errorId={retakeFields.attempts.errorId}
            inputProps={getInputProps(retakeFields.attempts, { type: 'number' })}
          />
          <div className="field">
            <label htmlFor={retakeFields.reason.id}>{t('cohort.retake.reason')}</label>
            <textarea {...getTextareaProps(retakeFields.reason)} rows={3} maxLength={500} />
            <ErrorList id={retakeFields.reason.errorId} errors={retakeFields.reason.errors} />
          </div>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('cohort.retake.submit')}
          </button>
        </Form>
      ) : null}
    </>
  )
}
