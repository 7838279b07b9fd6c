import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { CheckboxGroup, RadioGroup, TextareaField } from '#app/components/forms.tsx'
import { useLocale, useT, useTranslateKey, type MessageKey } from '#app/i18n/i18n.tsx'
import type { ItemView, QuestionView, SurveyFormView, Text } from '#app/modules/surveys/form-view.ts'

// The one survey form: a teacher's assigned survey (/surveys/<id>) and a
// parent's feedback after checking in (/c/<code>) both render it from the
// view the server built (modules/surveys/form-view.ts), and both actions read
// it back with parseAnswers (modules/surveys/answer-check.server.ts). Works
// without JavaScript: a plain post, the errors come back with the values.

export interface AnswerErrorsView {
  form: string[]
  items: Record<string, string>
}

interface SurveyFormProps {
  survey: SurveyFormView
  /** What the form sent (or the draft held), by item id, to show again. */
  values: Record<string, string[]>
  errors: AnswerErrorsView | null
  /** Hidden fields the action needs besides the answers (a ticket, say). */
  hidden?: ReactNode
  /** The submit buttons. */
  actions: ReactNode
  /** Whether free-text questions say how their answer is kept. */
  textHint?: boolean
}

export function SurveyForm({ survey, values, errors, hidden, actions, textHint = false }: SurveyFormProps) {
  return (
    <Form method="post" noValidate className="stack">
      {hidden}
      {errors ? <ErrorSummary errors={errors} questions={survey.questions} /> : null}
      {survey.questions.map((q, index) => (
        <Question key={q.id} question={q} number={index + 1} values={values} errors={errors?.items ?? {}} textHint={textHint} />
      ))}
      <div className="actions">{actions}</div>
    </Form>
  )
}

/** Whether a post of this page is on its way: the buttons wait for it. */
export function useSubmitting(): boolean {
  return useNavigation().state === 'submitting'
}

/** Text in the survey's language, marked when it is not the page's. */
export function SurveyText({ value, as: Tag = 'span', id }: { value: Text; as?: 'span' | 'p' | 'h2'; id?: string }) {
  const locale = useLocale()
  return (
    <Tag id={id} lang={value.lang === locale ? undefined : value.lang}>
      {value.text}
    </Tag>
  )
}

const textId = (itemId: string) => `item-${itemId}`
const errorId = (itemId: string) => `item-${itemId}-error`

/** Where the error summary links to: the item's first control (RadioGroup names its choices `<name>-<index>`). */
function firstControl(q: QuestionView, item: ItemView): string {
  return q.type === 'text' ? textId(item.id) : `${item.name}-0`
}

function ErrorSummary({ errors, questions }: { errors: AnswerErrorsView; questions: QuestionView[] }) {
  const t = useT()
  const translate = useTranslateKey()
  const ref = useRef<HTMLDivElement>(null)
  // With JavaScript the page does not reload: take the reader to the summary.
  useEffect(() => ref.current?.focus(), [errors])
  const entries = questions.flatMap((q) =>
    (q.type === 'matrix' ? q.rows : [q]).filter((item) => errors.items[item.id]).map((item) => ({ item, href: `#${firstControl(q, item)}` })),
  )
  return (
    <div className="form-errors" role="alert" tabIndex={-1} ref={ref} aria-labelledby="survey-errors-title">
      <h2 id="survey-errors-title">{t('survey.error.summary')}</h2>
      <ul>
        {errors.form.map((key) => (
          <li key={key}>{translate(key)}</li>
        ))}
        {entries.map(({ item, href }) => (
          <li key={item.id}>
            <a href={href}>
              <SurveyText value={item.text} />
            </a>
            {' — '}
            {translate(errors.items[item.id]!)}
          </li>
        ))}
      </ul>
    </div>
  )
}

const likertLabels: MessageKey[] = ['survey.likert.1', 'survey.likert.2', 'survey.likert.3', 'survey.likert.4', 'survey.likert.5']

interface QuestionProps {
  question: QuestionView
  number: number
  values: Record<string, string[]>
  errors: Record<string, string>
  textHint: boolean
}

function Question({ question: q, number, values, errors, textHint }: QuestionProps) {
  const t = useT()
  const heading = (
    <>
      {number}. <SurveyText value={q.text} />
      {q.required ? null : <span className="question__hint"> {t('survey.optional')}</span>}
    </>
  )
  const likert = (scale: readonly number[]) => scale.map((n, i) => ({ value: String(n), label: `${n} — ${t(likertLabels[i]!)}` }))
  const group = (item: ItemView, legend: ReactNode, choices: { value: string; label: ReactNode }[], multiple = false) => {
    const error = errors[item.id]
    const props = { legend, name: item.name, choices, errors: error ? [error] : null, errorId: errorId(item.id) }
    return multiple ? (
      <CheckboxGroup key={item.id} {...props} defaultValue={values[item.id] ?? null} />
    ) : (
      <RadioGroup key={item.id} {...props} defaultValue={values[item.id]?.[0] ?? null} />
    )
  }
  switch (q.type) {
    case 'likert':
      return group(q, heading, likert(q.scale))
    case 'matrix':
      return (
        <fieldset className="question">
          <legend>{heading}</legend>
          {q.rows.map((row) => group(row, <SurveyText value={row.text} />, likert(q.scale)))}
        </fieldset>
      )
    case 'scale10':
      return group(
        q,
        heading,
        q.scale.map((n) => ({ value: String(n), label: String(n) })),
      )
    case 'single':
    case 'multiple':
      return group(
        q,
        heading,
        q.options.map((o) => ({ value: o.id, label: <SurveyText value={o.text} /> })),
        q.type === 'multiple',
      )
    case 'text': {
      const error = errors[q.id]
      return (
        <TextareaField
          label={heading}
          description={textHint ? t('survey.text.hint') : undefined}
          errors={error ? [error] : null}
          errorId={errorId(q.id)}
          textareaProps={{
            id: textId(q.id),
            name: q.name,
            rows: 5,
            maxLength: q.maxLength,
            defaultValue: values[q.id]?.[0] ?? '',
            'aria-invalid': error ? true : undefined,
          }}
        />
      )
    }
  }
}
