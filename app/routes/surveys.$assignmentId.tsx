import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { z } from 'zod'
import { ErrorList } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useLocale, useT, useTranslateKey, type MessageKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import {
  answersToValues, fieldName, findAssignmentForAnswering, LIKERT_VALUES, parseAnswers, SCALE10_VALUES, saveDraft, submitResponse, TEXT_MAX,
  type AnswerErrors,
} from '#app/modules/surveys/answers.server.ts'
import { isRequired, type SurveyDefinition } from '#app/modules/surveys/definition.ts'

export const handle: PageHandle = {
  title: (data) => (data as { title?: string } | undefined)?.title,
}

const ParamsSchema = z.object({ assignmentId: z.string().regex(/^[a-z2-7]{16}$/) })
const IntentSchema = z.enum(['draft', 'submit'])

/** The assignment, when it is the reader's own; anyone else gets a 404. */
async function load(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const assignment = await findAssignmentForAnswering(args.context.db, params.data.assignmentId, user.id)
  if (!assignment) notFound()
  return { user, assignment }
}

/** A survey text in the reader's language when the survey has it, else in Kazakh. */
interface Text {
  text: string
  lang: Locale
}

function localize(value: SurveyDefinition['title'], locale: Locale): Text {
  const text = value[locale]
  return text ? { text, lang: locale } : { text: value.kk, lang: 'kk' }
}

// What the page needs of each question, in the reader's language. Field names,
// scales and limits come from the answers module, which reads the form back.
interface ItemView {
  id: string
  /** The form field of the item's answer. */
  name: string
  text: Text
}

type QuestionView =
  | (ItemView & { type: 'likert' | 'scale10'; required: boolean; scale: readonly number[] })
  | (ItemView & { type: 'text'; required: boolean; maxLength: number })
  | (ItemView & { type: 'single' | 'multiple'; required: boolean; options: { id: string; text: Text }[] })
  | (ItemView & { type: 'matrix'; required: boolean; scale: readonly number[]; rows: ItemView[] })

function questionsView(def: SurveyDefinition, locale: Locale): QuestionView[] {
  return def.questions.map((q): QuestionView => {
    const base = { id: q.id, name: fieldName(q.id), text: localize(q.text, locale), required: isRequired(q) }
    switch (q.type) {
      case 'likert':
      case 'scale10':
        return { ...base, type: q.type, scale: q.type === 'likert' ? LIKERT_VALUES : SCALE10_VALUES }
      case 'text':
        return { ...base, type: 'text', maxLength: TEXT_MAX }
      case 'single':
      case 'multiple':
        return { ...base, type: q.type, options: q.options.map((o) => ({ id: o.id, text: localize(o.text, locale) })) }
      case 'matrix':
        return { ...base, type: 'matrix', scale: LIKERT_VALUES, rows: q.rows.map((r) => ({ id: r.id, name: fieldName(r.id), text: localize(r.text, locale) })) }
    }
  })
}

export async function loader(args: LoaderFunctionArgs) {
  const { assignment } = await load(args)
  const locale = resolveLocale(args.request, args.context)
  const def = assignment.definition
  return {
    title: pickLocalized(def.title, locale),
    intro: def.intro ? localize(def.intro, locale) : null,
    course: assignment.course ? pickLocalized(assignment.course, locale) : null,
    anonymous: assignment.anonymous,
    submitted: assignment.status === 'submitted',
    hasDraft: Object.keys(assignment.draft).length > 0,
    questions: questionsView(def, locale),
    values: answersToValues(assignment.draft),
  }
}

interface ActionResult {
  values: Record<string, string[]>
  errors: AnswerErrors
  submitted: boolean
}

const alreadySubmitted = (values: Record<string, string[]>) =>
  data<ActionResult>({ values, errors: { form: ['survey.error.alreadySubmitted'], items: {} }, submitted: true }, { status: 409 })

export async function action(args: ActionFunctionArgs) {
  const { user, assignment } = await load(args)
  const form = await args.request.formData()
  const intent = IntentSchema.safeParse(form.get('intent'))
  invariantResponse(intent.success, 'error.badRequest.text', { status: 400 })
  const parsed = parseAnswers(assignment.definition, form, { final: intent.data === 'submit' })
  if (assignment.status === 'submitted') return alreadySubmitted(parsed.values)
  if (parsed.errors) return data<ActionResult>({ values: parsed.values, errors: parsed.errors, submitted: false }, { status: 400 })
  const result =
    intent.data === 'draft'
      ? await saveDraft(args.context.db, assignment.id, user.id, parsed.answers)
      : await submitResponse(args.context.work, assignment.id, user.id, parsed.answers)
  if (result.ok) return redirect(intent.data === 'draft' ? '/surveys?saved=1' : '/surveys?sent=1')
  if (result.error === 'notFound') notFound()
  if (result.error === 'alreadySubmitted') return alreadySubmitted(parsed.values)
  return data<ActionResult>({ values: parsed.values, errors: result.errors, submitted: false }, { status: 400 })
}

const inputId = (itemId: string, value?: string | number) => (value === undefined ? `item-${itemId}` : `item-${itemId}-${value}`)
const errorId = (itemId: string) => `item-${itemId}-error`

/** Where the error summary links to: the item's first control. */
function firstControl(q: QuestionView, itemId: string): string {
  switch (q.type) {
    case 'likert':
    case 'scale10':
    case 'matrix':
      return inputId(itemId, q.scale[0])
    case 'single':
    case 'multiple':
      return inputId(itemId, q.options[0]?.id)
    case 'text':
      return inputId(itemId)
  }
}

export default function AnswerSurvey() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const navigation = useNavigation()

  if (d.submitted || actionData?.submitted) {
    return (
      <section className="page narrow" aria-labelledby="survey-title">
        <h1 id="survey-title">{d.title}</h1>
        {actionData?.submitted ? <p className="form-errors" role="alert">{t('survey.error.alreadySubmitted')}</p> : null}
        <p className="notice notice--success" role="status">{t('survey.alreadySubmitted')}</p>
        <p>
          <Link to="/surveys">{t('survey.backToList')}</Link>
        </p>
      </section>
    )
  }

  const values = actionData?.values ?? d.values
  const errors = actionData?.errors ?? null
  const busy = navigation.state === 'submitting'
  return (
    <section className="page narrow" aria-labelledby="survey-title">
      {d.course ? <p className="eyebrow">{d.course}</p> : null}
      <h1 id="survey-title">{d.title}</h1>
      {d.anonymous ? <p className="notice">{t('survey.anonymousNote')}</p> : null}
      {d.intro ? <Localized as="p" value={d.intro} /> : null}
      {d.hasDraft && !errors ? <p className="notice notice--success" role="status">{t('survey.draftRestored')}</p> : null}
      <Form method="post" noValidate className="stack">
        {errors ? <ErrorSummary errors={errors} questions={d.questions} /> : null}
        {d.questions.map((q, index) => (
          <Question key={q.id} question={q} number={index + 1} values={values} errors={errors?.items ?? {}} />
        ))}
        <div className="actions">
          <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
            {t('survey.submit')}
          </button>
          <button type="submit" name="intent" value="draft" className="button button--secondary" disabled={busy}>
            {t('survey.save')}
          </button>
        </div>
      </Form>
    </section>
  )
}

/** Text in the survey's language, marked when it is not the page's. */
function Localized({ value, as: Tag = 'span' }: { value: Text; as?: 'span' | 'p' }) {
  const locale = useLocale()
  return <Tag lang={value.lang === locale ? undefined : value.lang}>{value.text}</Tag>
}

function ErrorSummary({ errors, questions }: { errors: AnswerErrors; questions: QuestionView[] }) {
  const t = useT()
  const translate = useTranslateKey()
  const ref = useRef<HTMLDivElement>(null)
  // With JavaScript the page does not reload: take the reader to the summary.
  useEffect(() => ref.current?.focus(), [errors])
  const entries = questions.flatMap((q) =>
    (q.type === 'matrix' ? q.rows : [q]).filter((item) => errors.items[item.id]).map((item) => ({ item, href: `#${firstControl(q, item.id)}` })),
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
              <Localized value={item.text} />
            </a>
            {' — '}
            {translate(errors.items[item.id]!)}
          </li>
        ))}
      </ul>
    </div>
  )
}

interface QuestionProps {
  question: QuestionView
  number: number
  values: Record<string, string[]>
  errors: Record<string, string>
}

function Question({ question: q, number, values, errors }: QuestionProps) {
  const t = useT()
  const heading = (
    <>
      {number}. <Localized value={q.text} />
      {q.required ? null : <span className="question__hint"> {t('survey.optional')}</span>}
    </>
  )
  switch (q.type) {
    case 'likert':
      return (
        <Group id={q.id} legend={heading} error={errors[q.id]}>
          <LikertOptions item={q} scale={q.scale} values={values} />
        </Group>
      )
    case 'matrix':
      return (
        <fieldset className="question">
          <legend>{heading}</legend>
          {q.rows.map((row) => (
            <Group key={row.id} id={row.id} legend={<Localized value={row.text} />} error={errors[row.id]}>
              <LikertOptions item={row} scale={q.scale} values={values} />
            </Group>
          ))}
        </fieldset>
      )
    case 'scale10':
      return (
        <Group id={q.id} legend={heading} error={errors[q.id]}>
          {q.scale.map((n) => (
            <Option key={n} type="radio" item={q} value={String(n)} values={values} label={n} />
          ))}
        </Group>
      )
    case 'single':
    case 'multiple':
      return (
        <Group id={q.id} legend={heading} error={errors[q.id]}>
          {q.options.map((o) => (
            <Option key={o.id} type={q.type === 'single' ? 'radio' : 'checkbox'} item={q} value={o.id} values={values} label={<Localized value={o.text} />} />
          ))}
        </Group>
      )
    case 'text': {
      const id = inputId(q.id)
      const hintId = `${id}-hint`
      const error = errors[q.id]
      return (
        <div className="question field">
          <label htmlFor={id}>{heading}</label>
          <p id={hintId} className="field-description">{t('survey.text.hint')}</p>
          <ErrorList id={errorId(q.id)} errors={error ? [error] : null} />
          <textarea
            id={id}
            name={q.name}
            rows={5}
            maxLength={q.maxLength}
            defaultValue={values[q.id]?.[0] ?? ''}
            aria-describedby={error ? `${hintId} ${errorId(q.id)}` : hintId}
            aria-invalid={error ? true : undefined}
          />
        </div>
      )
    }
  }
}

/** A question answered with radios or checkboxes: a fieldset whose legend is the question, its error tied to it. */
function Group({ id, legend, error, children }: { id: string; legend: ReactNode; error?: string; children: ReactNode }) {
  return (
    <fieldset className="question" aria-describedby={error ? errorId(id) : undefined}>
      <legend>{legend}</legend>
      <ErrorList id={errorId(id)} errors={error ? [error] : null} />
      {children}
    </fieldset>
  )
}

const likertLabels: MessageKey[] = ['survey.likert.1', 'survey.likert.2', 'survey.likert.3', 'survey.likert.4', 'survey.likert.5']

function LikertOptions({ item, scale, values }: { item: ItemView; scale: readonly number[]; values: Record<string, string[]> }) {
  const t = useT()
  return (
    <>
      {scale.map((n, i) => (
        <Option key={n} type="radio" item={item} value={String(n)} values={values} label={`${n} — ${t(likertLabels[i]!)}`} />
      ))}
    </>
  )
}

interface OptionProps {
  type: 'radio' | 'checkbox'
  item: ItemView
  value: string
  values: Record<string, string[]>
  label: ReactNode
}

function Option({ type, item, value, values, label }: OptionProps) {
  const id = inputId(item.id, value)
  return (
    <div className="option">
      <input type={type} id={id} name={item.name} value={value} defaultChecked={values[item.id]?.includes(value) ?? false} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}
