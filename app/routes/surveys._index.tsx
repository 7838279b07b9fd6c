import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listMyAssignments, type MyAssignment } from '#app/modules/surveys/answers.server.ts'

export const handle: PageHandle = { title: 'survey.list.title' }

export async function loader(args: LoaderFunctionArgs) {
  requireUser(args)
  const locale = resolveLocale(args.request, args.context)
  const { pending, submitted } = await listMyAssignments(args.context.work)
  const params = new URL(args.request.url).searchParams
  const view = (a: MyAssignment) => ({
    id: a.id,
    title: pickLocalized(a.title, locale),
    course: a.course ? pickLocalized(a.course, locale) : null,
    anonymous: a.anonymous,
    started: a.status === 'started',
    assignedAt: a.assignedAt,
    submittedAt: a.submittedAt,
  })
  return {
    notice: params.has('sent') ? ('survey.notice.sent' as const) : params.has('saved') ? ('survey.notice.saved' as const) : null,
    pending: pending.map(view),
    submitted: submitted.map(view),
  }
}

export default function MySurveys() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <section className="page" aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('survey.list.title')}</h1>
      {d.notice ? (
        <p role="status" className="notice notice--success">
          {t(d.notice)}
        </p>
      ) : null}
      <p className="lead">{t('survey.list.intro')}</p>

      <h2 id="surveys-pending">{t('survey.list.pending')}</h2>
      {d.pending.length === 0 ? (
        <p>{t('survey.list.noPending')}</p>
      ) : (
        <ul className="cards" role="list" aria-labelledby="surveys-pending">
          {d.pending.map((s) => (
            <li key={s.id} className="card">
              <h3>
                {s.title}
                {s.anonymous ? <span className="tag">{t('survey.list.anonymous')}</span> : null}
              </h3>
              {s.course ? <p className="course-card__meta">{t('survey.list.course', { course: s.course })}</p> : null}
              <p className="course-card__meta">{t('survey.list.assigned', { date: f.date(s.assignedAt) })}</p>
              {s.started ? <p>{t('survey.list.draftSaved')}</p> : null}
              <p>
                <Link className="button" to={`/surveys/${s.id}`}>
                  {t(s.started ? 'survey.list.continue' : 'survey.list.answer')}
                  <span className="visually-hidden">: {s.title}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}

      <h2 id="surveys-done">{t('survey.list.done')}</h2>
      {d.submitted.length === 0 ? (
        <p>{t('survey.list.noDone')}</p>
      ) : (
        <ul className="cards" role="list" aria-labelledby="surveys-done">
          {d.submitted.map((s) => (
            <li key={s.id} className="card">
              <h3>
                {s.title}
                {s.anonymous ? <span className="tag">{t('survey.list.anonymous')}</span> : null}
              </h3>
              {s.course ? <p className="course-card__meta">{t('survey.list.course', { course: s.course })}</p> : null}
              {s.submittedAt ? <p className="course-card__meta">{t('survey.list.submitted', { date: f.date(s.submittedAt) })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
