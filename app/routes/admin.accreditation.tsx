import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FactChanges } from '#app/components/accreditation/fact-changes.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { Id } from '#app/http/params.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useFormat, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { decideRequest, listRequests, MAX_COMMENT, type DecideError, type RequestView } from '#app/modules/accreditation/requests.server.ts'

// The admins' queue of requests to change a course's accreditation facts:
// each as a diff with its requester and reason, approved or rejected with a
// comment by an admin who is not the requester (ADR 017).

export const handle: PageHandle = { title: staffTitle('accreditation.title') }

const DecisionSchema = z.object({
  intent: z.enum(['approve', 'reject']),
  requestId: Id,
  comment: z
    .string({ required_error: 'accreditation.error.comment' })
    .trim()
    .min(1, 'accreditation.error.comment')
    .max(MAX_COMMENT, 'accreditation.error.comment'),
})

const STATUS: Record<DecideError, number> = {
  'accreditation.error.notFound': 404,
  'accreditation.error.notPending': 400,
  'accreditation.error.self': 403,
  'accreditation.error.problems': 400,
  'accreditation.error.changed': 409,
}

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin')
  const locale = resolveLocale(args.request, args.context)
  const requests = await listRequests(args.context.work, { viewerId: user.id, locale })
  return { messages: staffMessagesFor(locale, ['accreditation.']), ...requests, maxComment: MAX_COMMENT }
}

export async function action(args: ActionFunctionArgs) {
  requireRole(args, 'admin')
  const submission = await parseForm(args.request, DecisionSchema)
  if (submission.status !== 'success') {
    const requestId = typeof submission.payload.requestId === 'string' ? submission.payload.requestId : null
    return data(
      {
        requestId,
        errors: Object.values(submission.error ?? {})
          .flat()
          .filter((e): e is string => Boolean(e)),
        problems: [],
      },
      { status: 400 },
    )
  }
  const { intent, requestId, comment } = submission.value
  const result = await decideRequest(args.context.work, { requestId, decision: intent, comment })
  if (!result.ok) return data({ requestId, errors: [result.error], problems: result.problems ?? [] }, { status: STATUS[result.error] })
  return redirect(`/admin/accreditation?done=${intent === 'approve' ? 'approved' : 'rejected'}`)
}

export default withStaffMessages(AccreditationQueue)

function AccreditationQueue() {
  const d = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const done = params.get('done')
  return (
    <section aria-labelledby="accreditation-title" className="stack">
      <h1 id="accreditation-title">{t('accreditation.title')}</h1>
      <p>{t('accreditation.explain')}</p>
      {done === 'approved' || done === 'rejected' ? (
        <p className="notice notice--success" role="status">
          {t(`accreditation.done.${done}`)}
        </p>
      ) : null}
      <h2>{t('accreditation.pending.title')}</h2>
      {d.pending.length ? (
        <ul className="stack" role="list">
          {d.pending.map((r) => (
            <li key={r.id} className="card">
              <RequestSummary request={r} />
              <DecisionErrors request={r} />
              <DecisionForm request={r} maxComment={d.maxComment} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('accreditation.pending.empty')}</p>
      )}
      {d.decided.length ? (
        <>
          <h2>{t('accreditation.decided.title')}</h2>
          <ul className="stack" role="list">
            {d.decided.map((r) => (
              <li key={r.id} className="card">
                <RequestSummary request={r} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function RequestSummary({ request: r }: { request: RequestView }) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h3>
        {r.courseTitle} <span className="muted">({r.courseId})</span>
      </h3>
      <p>
        <strong>{t(`accreditation.status.${r.status}`)}</strong> · {t('accreditation.requestedBy', { name: r.requestedBy, date: f.dateTime(r.requestedAt) })}
      </p>
      <FactChanges changes={r.changes} />
      <p>
        {t('accreditation.reason')}: {r.reason}
      </p>
      {r.decidedAt && r.decidedBy ? (
        <p>
          {t('accreditation.decidedBy', { name: r.decidedBy, date: f.dateTime(r.decidedAt) })}. {t('accreditation.decisionComment')}: {r.comment}
        </p>
      ) : null}
    </>
  )
}

/** Why a decision on this request was refused (the action's answer). */
function DecisionErrors({ request: r }: { request: RequestView }) {
  const posted = useActionData<typeof action>()
  const translate = useTranslateKey()
  if (posted?.requestId !== r.id || !posted.errors.length) return null
  return (
    <ul id={`comment-${r.id}-errors`} className="field-errors" role="alert">
      {posted.errors.map((e) => (
        <li key={e}>{translate(e)}</li>
      ))}
      {posted.problems.map((p) => (
        <li key={`${p.file}:${p.line}:${p.message}`} lang="en">
          {p.file}:{p.line}: {p.message}
        </li>
      ))}
    </ul>
  )
}

function DecisionForm({ request: r, maxComment }: { request: RequestView; maxComment: number }) {
  const posted = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const mine = posted?.requestId === r.id ? posted : null
  const commentId = `comment-${r.id}`
  if (r.own) return <p className="notice">{t('accreditation.own')}</p>
  return (
    <Form method="post" className="stack" aria-label={`${t('accreditation.comment')}: ${r.courseTitle}`}>
      <input type="hidden" name="requestId" value={r.id} />
      <div className="field">
        <label htmlFor={commentId}>{t('accreditation.comment')}</label>
        <p id={`${commentId}-hint`} className="field-description">
          {t('accreditation.commentHint')}
        </p>
        <textarea
          id={commentId}
          name="comment"
          rows={2}
          required
          maxLength={maxComment}
          aria-describedby={mine?.errors.length ? `${commentId}-hint ${commentId}-errors` : `${commentId}-hint`}
          aria-invalid={mine?.errors.length ? true : undefined}
        />
      </div>
      <div className="editor-actions">
        <button type="submit" name="intent" value="approve" className="button" disabled={navigation.state !== 'idle'}>
          {t('accreditation.approve')}
        </button>
        <button type="submit" name="intent" value="reject" className="button button--quiet" disabled={navigation.state !== 'idle'}>
          {t('accreditation.reject')}
        </button>
      </div>
    </Form>
  )
}
