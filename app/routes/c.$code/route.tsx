import type { SubmissionResult } from '@conform-to/react'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { invariantResponse } from '#app/http/errors.ts'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { checkinLimit, codeLookupLimit, recordCheckinAttempt, recordCodeLookup } from '#app/modules/parents/checkin-limits.server.ts'
import { checkIn, checkinState, sessionByCode } from '#app/modules/parents/checkins.server.ts'
import { issueFeedbackTicket, parentFeedbackSurvey } from '#app/modules/parents/feedback.server.ts'
import { normalizeCode } from '#app/modules/parents/sessions.server.ts'
import type { AnswerErrors } from '#app/modules/surveys/answer-check.server.ts'
import { surveyFormView, type SurveyFormView } from '#app/modules/surveys/form-view.ts'
import parentStyles from '#app/styles/parents.css?url'
import { ALREADY, CheckinActionSchema, describeSession, errorStatus, feedback, limitedHeaders, NO_STORE } from './checkin.server.ts'
import { CheckinForm, Limited, SessionFacts, UnknownCode } from './checkin-form.tsx'
import { Thanks } from './feedback-form.tsx'

export const handle: PageHandle = { title: 'checkin.title' }
export const links = () => [{ rel: 'stylesheet', href: parentStyles }]
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders)

// The page a session's QR code opens. No account is needed: a name and phone
// may be given, never must; a logged-in parent's check-in is tied to the
// account. After checking in, an optional anonymous feedback form
// (content/surveys/parent-feedback.yml) with a single-use ticket, issued only
// for a parent's first check-in to the session. How often an address may look
// codes up and check in: checkin-limits.server.ts and ADR 019. The server
// parts (headers, statuses, the feedback post): checkin.server.ts.

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const raw = params.code ?? ''
  const code = normalizeCode(raw)
  if (!code) throw redirect('/c')
  if (code !== raw) throw redirect(`/c/${code}`)
  const { work } = context
  const limit = await codeLookupLimit(work, 'page')
  if (limit)
    return data(
      { view: { state: 'limited' as const, reason: limit.reason, minutes: limit.retryAfterMinutes } },
      { status: 429, headers: limitedHeaders(limit) },
    )
  const session = await sessionByCode(work, code)
  await recordCodeLookup(work, { kind: 'page', found: Boolean(session) })
  if (!session) return data({ view: { state: 'unknown' as const, code: code.slice(0, 64) } }, { status: 404, headers: NO_STORE })
  const info = await describeSession(context, session, resolveLocale(request, context))
  if (session.code_expires_at <= nowIso()) return data({ view: { state: 'expired' as const, session: info } }, { status: 410, headers: NO_STORE })
  const user = context.auth?.user
  const { mine, count } = await checkinState(work, session.id, user?.id ?? null)
  if (mine) return data({ view: { state: 'already' as const, session: info } }, { headers: NO_STORE })
  if (count >= session.head_count) return data({ view: { state: 'full' as const, session: info } }, { headers: NO_STORE })
  return data({ view: { state: 'open' as const, session: info, user: user ? { name: user.fullName } : null } }, { headers: NO_STORE })
}

export type ActionData =
  | { step: 'form'; result?: SubmissionResult<string[]>; error?: { key: MessageKey; params?: Record<string, number> }; kind?: 'error' | 'notice' }
  | { step: 'thanks'; ticket: string; survey: SurveyFormView | null; values: Record<string, string[]>; errors: AnswerErrors | null }
  | { step: 'feedback'; error: MessageKey | null }

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { work } = context
  const code = normalizeCode(params.code ?? '')
  const locale = resolveLocale(request, context)
  const form = await request.formData()
  const submission = await parseForm(form, CheckinActionSchema)
  const intent = submission.payload.intent
  invariantResponse(intent === 'checkin' || intent === 'feedback', 'error.badRequest.text', { status: 400 })
  // A post names a code too, so it spends the same allowance of unknown codes as a page view.
  const lookupLimit = await codeLookupLimit(work, 'post')
  if (lookupLimit) {
    const key: MessageKey = lookupLimit.reason === 'site' ? 'checkin.limited.site' : 'checkin.limited.address'
    return data<ActionData>(
      { step: 'form', error: { key, params: { minutes: lookupLimit.retryAfterMinutes } } },
      { status: 429, headers: limitedHeaders(lookupLimit) },
    )
  }
  const session = await sessionByCode(work, code)
  await recordCodeLookup(work, { kind: 'post', found: Boolean(session) })
  if (!session) return data<ActionData>({ step: 'form', error: { key: 'parents.checkin.error.unknown' } }, { status: 404, headers: NO_STORE })
  if (intent === 'feedback') {
    invariantResponse(submission.status === 'success' && submission.value.intent === 'feedback', 'error.badRequest.text', { status: 400 })
    return feedback(context, session.id, submission.value.ticket, form, locale)
  }

  const user = context.auth?.user ?? null
  if (!user) {
    const limit = await checkinLimit(work, session.id)
    if (limit)
      return data<ActionData>(
        { step: 'form', error: { key: 'checkin.rateLimited', params: { minutes: limit.retryAfterMinutes } } },
        { status: 429, headers: limitedHeaders(limit) },
      )
  }
  if (submission.status !== 'success' || submission.value.intent !== 'checkin')
    return data<ActionData>({ step: 'form', result: submission.reply() }, { status: 400, headers: NO_STORE })
  if (!user) await recordCheckinAttempt(work, session.id)
  const result = await checkIn(work, { code, name: submission.value.name, phone: submission.value.phone })
  if (!result.ok) {
    const kind = ALREADY.includes(result.error) ? 'notice' : 'error'
    return data<ActionData>(
      { step: 'form', result: submission.reply(), error: { key: result.error }, kind },
      { status: errorStatus[result.error], headers: NO_STORE },
    )
  }
  const ticket = await issueFeedbackTicket(work, result.value.sessionId)
  const survey = await parentFeedbackSurvey(work)
  return data<ActionData>(
    { step: 'thanks', ticket, survey: survey ? surveyFormView(survey.definition, locale) : null, values: {}, errors: null },
    { headers: NO_STORE },
  )
}

export default function CheckinPage() {
  const { view } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()

  if (actionData?.step === 'thanks' || actionData?.step === 'feedback') {
    const session = view.state === 'unknown' || view.state === 'limited' ? null : view.session
    return <Thanks after={actionData} lessonHref={session?.lessonHref ?? null} />
  }

  if (view.state === 'limited') return <Limited reason={view.reason} minutes={view.minutes} />

  if (view.state === 'unknown') return <UnknownCode code={view.code} />

  const formError = actionData?.step === 'form' ? actionData.error : undefined
  const formNotice = actionData?.step === 'form' && actionData.kind === 'notice'
  return (
    <section className="page narrow checkin" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{view.state === 'expired' ? t('checkin.closed.title') : t('checkin.title')}</h1>
      <SessionFacts session={view.session} />
      {formError && formNotice && view.state !== 'already' ? (
        <p className="notice notice--success" role="status">
          {t(formError.key, formError.params)}
        </p>
      ) : null}
      {formError && !formNotice ? (
        <p className="form-errors" role="alert">
          {t(formError.key, formError.params)}
        </p>
      ) : null}
      {view.state === 'expired' ? (
        <p className="form-errors" role="alert">
          {t('parents.checkin.error.expired')}
        </p>
      ) : null}
      {view.state === 'full' ? (
        <p className="form-errors" role="alert">
          {t('parents.checkin.error.full')}
        </p>
      ) : null}
      {view.state === 'already' ? (
        <p className="notice notice--success" role="status">
          {t('parents.checkin.error.already')}
        </p>
      ) : null}
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
