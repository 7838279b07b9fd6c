import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseSubmission } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons, pickLocalized } from '#app/modules/content/manifest.ts'
import { getPublishedCourse } from '#app/modules/courses/catalogue.server.ts'
import { checkinLimit, codeLookupLimit, recordCheckinAttempt, recordCodeLookup, type CheckinLimit } from '#app/modules/parents/checkin-limits.server.ts'
import { CheckinInputSchema, checkIn, sessionByCode, type CheckinError } from '#app/modules/parents/checkins.server.ts'
import { issueFeedbackTicket, parentFeedbackSurvey, recordParentFeedback } from '#app/modules/parents/feedback.server.ts'
import { normalizeCode } from '#app/modules/parents/sessions.server.ts'
import { fieldName, LIKERT_VALUES, parseAnswers, SCALE10_VALUES, TEXT_MAX, type AnswerErrors } from '#app/modules/surveys/answers.server.ts'
import { isRequired, surveyItems, type SurveyDefinition } from '#app/modules/surveys/definition.ts'
import parentStyles from '#app/styles/parents.css?url'
import { CHECKIN_CODE_WORDS, CodeEntryForm } from '#app/components/code-entry-form.tsx'

export const handle: PageHandle = { title: 'checkin.title' }
export const links = () => [{ rel: 'stylesheet', href: parentStyles }]
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders)

// The page a session's QR code opens. No account is needed: a name and phone
// may be given, never must; a logged-in parent's check-in is tied to the
// account. After checking in, an optional anonymous feedback form
// (content/surveys/parent-feedback.yml) with a single-use ticket, issued only
// for a parent's first check-in to the session. How often an address may look
// codes up and check in: checkin-limits.server.ts and ADR 019.

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }
const TicketSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/)

const errorStatus: Record<CheckinError, number> = {
  'parents.checkin.error.unknown': 404,
  'parents.checkin.error.expired': 410,
  'parents.checkin.error.full': 409,
  'parents.checkin.error.already': 409,
  'parents.checkin.error.alreadyName': 409,
}

const ALREADY: CheckinError[] = ['parents.checkin.error.already', 'parents.checkin.error.alreadyName']

/** The 429 answer's headers: no caching, and when to come back. */
function limitedHeaders(limit: NonNullable<CheckinLimit>) {
  return { ...NO_STORE, 'Retry-After': String(limit.retryAfterMinutes * 60) }
}

type Session = NonNullable<Awaited<ReturnType<typeof sessionByCode>>>

interface Text {
  text: string
  lang: Locale
}

/** A survey text in the reader's language when it has one, else in Kazakh. */
function localize(value: SurveyDefinition['title'], locale: Locale): Text {
  const text = value[locale]
  return text ? { text, lang: locale } : { text: value.kk, lang: 'kk' }
}

async function describeSession(context: LoaderFunctionArgs['context'], session: Session, locale: Locale) {
  const course = await getPublishedCourse(context.work, session.course_id)
  const found = course ? flatLessons(course.manifest).find((l) => l.module.id === session.module_id && l.lesson.id === session.lesson_id) : undefined
  const lang: Locale = course && !course.manifest.languages.includes(locale) ? course.manifest.languages[0]! : locale
  return {
    code: session.code,
    school: localName(session, locale),
    series: course ? pickLocalized(course.manifest.title, locale) : '',
    lesson: found ? { text: pickLocalized(found.lesson.title, lang), lang } : null,
    lessonHref: found ? `/parents/${session.course_id}/${session.module_id}/${session.lesson_id}` : null,
    heldOn: session.held_on,
  }
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const raw = params.code ?? ''
  const code = normalizeCode(raw)
  if (!code) throw redirect('/c')
  if (code !== raw) throw redirect(`/c/${code}`)
  const limit = await codeLookupLimit(context.db, context.clientIp, 'page')
  if (limit) return data({ view: { state: 'limited' as const, reason: limit.reason, minutes: limit.retryAfterMinutes } }, { status: 429, headers: limitedHeaders(limit) })
  const session = await sessionByCode(context.db, code)
  await recordCodeLookup(context.db, context.clientIp, { kind: 'page', found: Boolean(session) })
  if (!session) return data({ view: { state: 'unknown' as const, code: code.slice(0, 64) } }, { status: 404, headers: NO_STORE })
  const info = await describeSession(context, session, resolveLocale(request, context))
  if (session.code_expires_at <= nowIso()) return data({ view: { state: 'expired' as const, session: info } }, { status: 410, headers: NO_STORE })
  const user = context.auth?.user
  const mine = user ? await context.db.selectFrom('parent_checkins').select('id').where('session_id', '=', session.id).where('user_id', '=', user.id).executeTakeFirst() : undefined
  if (mine) return data({ view: { state: 'already' as const, session: info } }, { headers: NO_STORE })
  const { n } = await context.db.selectFrom('parent_checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', session.id).executeTakeFirstOrThrow()
  if (Number(n) >= session.head_count) return data({ view: { state: 'full' as const, session: info } }, { headers: NO_STORE })
  return data({ view: { state: 'open' as const, session: info, user: user ? { name: user.fullName } : null } }, { headers: NO_STORE })
}

type Question =
  | { id: string; name: string; text: Text; required: boolean; kind: 'text'; maxLength: number }
  | { id: string; name: string; text: Text; required: boolean; kind: 'radio' | 'checkbox'; options: { value: string; text?: Text; labelKey?: MessageKey }[] }

const likertKeys: MessageKey[] = ['survey.likert.1', 'survey.likert.2', 'survey.likert.3', 'survey.likert.4', 'survey.likert.5']

/** What the feedback form needs of the survey, in the reader's language; matrix rows become questions of their own. */
function surveyView(def: SurveyDefinition, locale: Locale) {
  const questions = surveyItems(def).map((item): Question => {
    const q = item.question
    const text = q.type === 'matrix' ? localize(q.rows.find((r) => r.id === item.id)!.text, locale) : localize(q.text, locale)
    const base = { id: item.id, name: fieldName(item.id), text, required: isRequired(q) }
    switch (item.type) {
      case 'text':
        return { ...base, kind: 'text', maxLength: TEXT_MAX }
      case 'likert':
        return { ...base, kind: 'radio', options: LIKERT_VALUES.map((n, i) => ({ value: String(n), labelKey: likertKeys[i] })) }
      case 'scale10':
        return { ...base, kind: 'radio', options: SCALE10_VALUES.map((n) => ({ value: String(n) })) }
      case 'single':
      case 'multiple':
        return {
          ...base,
          kind: item.type === 'single' ? 'radio' : 'checkbox',
          options: q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => ({ value: o.id, text: localize(o.text, locale) })) : [],
        }
    }
  })
  return { title: localize(def.title, locale), intro: def.intro ? localize(def.intro, locale) : null, questions }
}

type SurveyView = ReturnType<typeof surveyView>

type ActionData =
  | { step: 'form'; result?: SubmissionResult<string[]>; error?: { key: MessageKey; params?: Record<string, number> }; kind?: 'error' | 'notice' }
  | { step: 'thanks'; ticket: string; survey: SurveyView | null; values: Record<string, string[]>; errors: AnswerErrors | null }
  | { step: 'feedback'; error: MessageKey | null }

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { db } = context
  const code = normalizeCode(params.code ?? '')
  const locale = resolveLocale(request, context)
  const form = await request.formData()
  const intent = form.get('intent')
  invariantResponse(intent === 'checkin' || intent === 'feedback', 'error.badRequest.text', { status: 400 })
  // A post names a code too, so it spends the same allowance of unknown codes as a page view.
  const lookupLimit = await codeLookupLimit(db, context.clientIp, 'post')
  if (lookupLimit) {
    const key: MessageKey = lookupLimit.reason === 'site' ? 'checkin.limited.site' : 'checkin.limited.address'
    return data<ActionData>({ step: 'form', error: { key, params: { minutes: lookupLimit.retryAfterMinutes } } }, { status: 429, headers: limitedHeaders(lookupLimit) })
  }
  const session = await sessionByCode(db, code)
  await recordCodeLookup(db, context.clientIp, { kind: 'post', found: Boolean(session) })
  if (!session) return data<ActionData>({ step: 'form', error: { key: 'parents.checkin.error.unknown' } }, { status: 404, headers: NO_STORE })
  if (intent === 'feedback') return feedback(context, session.id, form, locale)

  const user = context.auth?.user ?? null
  if (!user) {
    const limit = await checkinLimit(db, context.clientIp, session.id)
    if (limit) return data<ActionData>({ step: 'form', error: { key: 'checkin.rateLimited', params: { minutes: limit.retryAfterMinutes } } }, { status: 429, headers: limitedHeaders(limit) })
  }
  const submission = parseSubmission(form, { schema: CheckinInputSchema })
  if (submission.status !== 'success') return data<ActionData>({ step: 'form', result: submission.reply() }, { status: 400, headers: NO_STORE })
  if (!user) await recordCheckinAttempt(db, context.clientIp, session.id)
  const result = await checkIn(db, { code, userId: user?.id ?? null, name: submission.value.name, phone: submission.value.phone })
  if (!result.ok) {
    const kind = ALREADY.includes(result.error) ? 'notice' : 'error'
    return data<ActionData>({ step: 'form', result: submission.reply(), error: { key: result.error }, kind }, { status: errorStatus[result.error], headers: NO_STORE })
  }
  const ticket = await issueFeedbackTicket(db, result.sessionId)
  const survey = await parentFeedbackSurvey(db)
  return data<ActionData>({ step: 'thanks', ticket, survey: survey ? surveyView(survey.definition, locale) : null, values: {}, errors: null }, { headers: NO_STORE })
}

async function feedback(context: ActionFunctionArgs['context'], sessionId: string, form: FormData, locale: Locale) {
  const ticket = TicketSchema.safeParse(form.get('ticket'))
  invariantResponse(ticket.success, 'error.badRequest.text', { status: 400 })
  const survey = await parentFeedbackSurvey(context.db)
  if (!survey) notFound()
  const again = (values: Record<string, string[]>, errors: AnswerErrors) =>
    data<ActionData>({ step: 'thanks', ticket: ticket.data, survey: surveyView(survey.definition, locale), values, errors }, { status: 400, headers: NO_STORE })
  const parsed = parseAnswers(survey.definition, form, { final: true })
  if (parsed.errors) return again(parsed.values, parsed.errors)
  const result = await recordParentFeedback(context.db, { sessionId, ticket: ticket.data, answers: parsed.answers })
  if (result.ok) return data<ActionData>({ step: 'feedback', error: null }, { headers: NO_STORE })
  if (result.error === 'invalid') return again(parsed.values, result.errors)
  if (result.error === 'noSurvey') notFound()
  const expired = result.error === 'expired'
  return data<ActionData>({ step: 'feedback', error: expired ? 'checkin.feedback.expired' : 'checkin.feedback.already' }, { status: expired ? 410 : 409, headers: NO_STORE })
}

export default function CheckinPage() {
  const { view } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()

  if (actionData?.step === 'thanks' || actionData?.step === 'feedback') {
    const session = view.state === 'unknown' || view.state === 'limited' ? null : view.session
    return (
      <section className="page narrow checkin" aria-labelledby="checkin-title">
        <h1 id="checkin-title">{t('checkin.thanks.title')}</h1>
        <p className="notice notice--success" role="status">{t('checkin.thanks.text')}</p>
        {actionData.step === 'thanks' && actionData.survey ? (
          <FeedbackForm ticket={actionData.ticket} survey={actionData.survey} values={actionData.values} errors={actionData.errors} />
        ) : null}
        {actionData.step === 'feedback' ? (
          actionData.error ? <p className="form-errors" role="alert">{t(actionData.error)}</p> : <p className="notice notice--success" role="status">{t('checkin.feedback.thanks')}</p>
        ) : null}
        <p className="checkin__next">
          {session?.lessonHref ? <Link to={session.lessonHref}>{t('checkin.readLesson')}</Link> : null}
          <Link to="/parents">{t('parentLessons.title')}</Link>
        </p>
      </section>
    )
  }

  if (view.state === 'limited') {
    return (
      <section className="page narrow checkin" aria-labelledby="checkin-title">
        <h1 id="checkin-title">{t('checkin.limited.title')}</h1>
        <p className="form-errors" role="alert">{t(view.reason === 'site' ? 'checkin.limited.site' : 'checkin.limited.address', { minutes: view.minutes })}</p>
        <p>{t('checkin.limited.note')}</p>
        <p>
          <Link to="/parents">{t('parentLessons.title')}</Link>
        </p>
      </section>
    )
  }

  if (view.state === 'unknown') {
    return (
      <section className="page narrow checkin" aria-labelledby="checkin-title">
        <h1 id="checkin-title">{t('checkin.unknown.title')}</h1>
        <p className="form-errors" role="alert">{t('parents.checkin.error.unknown')}</p>
        <h2>{t('checkin.tryAgain')}</h2>
        <CodeEntryForm action="/c" id="checkin-code" words={CHECKIN_CODE_WORDS} typed={view.code} className="checkin-code" />
      </section>
    )
  }

  const formError = actionData?.step === 'form' ? actionData.error : undefined
  const formNotice = actionData?.step === 'form' && actionData.kind === 'notice'
  return (
    <section className="page narrow checkin" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{view.state === 'expired' ? t('checkin.closed.title') : t('checkin.title')}</h1>
      <SessionFacts session={view.session} />
      {formError && formNotice && view.state !== 'already' ? <p className="notice notice--success" role="status">{t(formError.key, formError.params)}</p> : null}
      {formError && !formNotice ? <p className="form-errors" role="alert">{t(formError.key, formError.params)}</p> : null}
      {view.state === 'expired' ? <p className="form-errors" role="alert">{t('parents.checkin.error.expired')}</p> : null}
      {view.state === 'full' ? <p className="form-errors" role="alert">{t('parents.checkin.error.full')}</p> : null}
      {view.state === 'already' ? <p className="notice notice--success" role="status">{t('parents.checkin.error.already')}</p> : null}
      {view.state === 'open' ? (
        <CheckinForm code={view.session.code} user={view.user} lastResult={actionData?.step === 'form' ? actionData.result : undefined} />
      ) : null}
      {view.state !== 'open' && view.session.lessonHref ? (
        <p>
          <Link to={view.session.lessonHref}>{t('checkin.readLesson')}</Link>
        </p>
      ) : null}
    </section>
  )
}

function SessionFacts({ session }: { session: { school: string; series: string; lesson: Text | null; heldOn: string } }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <dl className="details checkin__facts">
      <dt>{t('checkin.school')}</dt>
      <dd>{session.school}</dd>
      <dt>{t('checkin.lesson')}</dt>
      <dd>
        {session.lesson ? <span lang={session.lesson.lang === locale ? undefined : session.lesson.lang}>{session.lesson.text}</span> : null}
        {session.series ? <span className="checkin__series"> {session.series}</span> : null}
      </dd>
      <dt>{t('checkin.date')}</dt>
      <dd>{f.date(`${session.heldOn}T12:00:00Z`)}</dd>
    </dl>
  )
}

function CheckinForm({ code, user, lastResult }: { code: string; user: { name: string } | null; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm<{ name: string; phone: string }>({ id: 'checkin', lastResult, defaultValue: { name: user?.name ?? '' } })
  return (
    <>
      <p>{t('checkin.intro')}</p>
      {user ? (
        <p className="notice">{t('checkin.linked', { name: user.name })}</p>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/c/${code}`)}`}>{t('checkin.loginHint')}</Link>
        </p>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="checkin" />
        <Field
          label={t('checkin.name')}
          errors={fields.name.errors}
          errorId={fields.name.errorId}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name', maxLength: 120 }}
        />
        <Field
          label={t('checkin.phone')}
          description={t('checkin.phoneHint')}
          errors={fields.phone.errors}
          errorId={fields.phone.errorId}
          inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel', maxLength: 30 }}
        />
        <button type="submit" className="button checkin__submit" disabled={navigation.state === 'submitting'}>{t('checkin.submit')}</button>
      </Form>
    </>
  )
}

interface FeedbackProps {
  ticket: string
  survey: SurveyView
  values: Record<string, string[]>
  errors: AnswerErrors | null
}

function FeedbackForm({ ticket, survey, values, errors }: FeedbackProps) {
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const langOf = (text: Text) => (text.lang === locale ? undefined : text.lang)
  const errorId = (id: string) => `feedback-${id}-error`
  return (
    <section className="checkin-feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title" lang={langOf(survey.title)}>{survey.title.text}</h2>
      <p>{t('checkin.feedback.optional')}</p>
      <p className="field-description">{t('survey.anonymousNote')}</p>
      {survey.intro ? <p lang={langOf(survey.intro)}>{survey.intro.text}</p> : null}
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="intent" value="feedback" />
        <input type="hidden" name="ticket" value={ticket} />
        {errors ? (
          <div className="form-errors" role="alert">
            <p>{t('survey.error.summary')}</p>
            <ErrorList errors={errors.form} />
          </div>
        ) : null}
        {survey.questions.map((q, index) => {
          const error = errors?.items[q.id]
          const heading = (
            <>
              {index + 1}. <span lang={langOf(q.text)}>{q.text.text}</span>
              {q.required ? null : <span className="question__hint"> {t('survey.optional')}</span>}
            </>
          )
          if (q.kind === 'text') {
            const id = `feedback-${q.id}`
            return (
              <div key={q.id} className="question field">
                <label htmlFor={id}>{heading}</label>
                <ErrorList id={errorId(q.id)} errors={error ? [error] : null} />
                <textarea id={id} name={q.name} rows={4} maxLength={q.maxLength} defaultValue={values[q.id]?.[0] ?? ''} aria-describedby={error ? errorId(q.id) : undefined} aria-invalid={error ? true : undefined} />
              </div>
            )
          }
          return (
            <fieldset key={q.id} className="question" aria-describedby={error ? errorId(q.id) : undefined}>
              <legend>{heading}</legend>
              <ErrorList id={errorId(q.id)} errors={error ? [error] : null} />
              {q.options.map((o) => {
                const id = `feedback-${q.id}-${o.value}`
                return (
                  <div key={o.value} className="option">
                    <input type={q.kind} id={id} name={q.name} value={o.value} defaultChecked={values[q.id]?.includes(o.value) ?? false} />
                    <label htmlFor={id}>
                      {o.text ? <span lang={langOf(o.text)}>{o.text.text}</span> : o.labelKey ? `${o.value} — ${t(o.labelKey)}` : o.value}
                    </label>
                  </div>
                )
              })}
            </fieldset>
          )
        })}
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>{t('survey.submit')}</button>
      </Form>
    </section>
  )
}
