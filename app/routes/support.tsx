import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { teacherSupport } from '#app/modules/support/teacher-support.server.ts'

export const handle: PageHandle = { title: 'support.title' }

// The teacher's own post-course support: what is planned (follow-up surveys
// waiting and the dates still ahead) and the activities they took part in.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  return teacherSupport(args.context.work, user.id)
}

export default function MySupport() {
  const { history, plan } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="support-title">
      <h1 id="support-title">{t('support.title')}</h1>
      <p className="lead">{t('support.teacher.intro')}</p>

      <h2 id="plan-title">{t('support.teacher.plan')}</h2>
      {plan.due.length === 0 && plan.upcoming.length === 0 ? <p>{t('support.teacher.noPlan')}</p> : null}
      {plan.due.length ? (
        <>
          <h3 id="due-title">{t('support.teacher.due')}</h3>
          <ul className="cards" aria-labelledby="due-title">
            {plan.due.map((d) => (
              <li key={d.id} className="card">
                <h4>
                  <Link to={`/surveys/${d.id}`}>{d.surveyTitle ? pickLocalized(d.surveyTitle, locale) : t('support.field.survey')}</Link>
                </h4>
                {d.courseTitle ? (
                  <p className="course-card__meta">
                    {t('support.field.course')}: {pickLocalized(d.courseTitle, locale)}
                  </p>
                ) : null}
                <p className="course-card__meta">
                  {t('support.teacher.assignedOn')}: {f.date(d.assignedAt)}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.upcoming.length ? (
        <>
          <h3 id="upcoming-title">{t('support.teacher.upcoming')}</h3>
          <ul aria-labelledby="upcoming-title">
            {plan.upcoming.map((u) => (
              <li key={`${u.enrolmentId}-${u.days}`}>
                <strong>{f.date(u.dueOn)}</strong>: {pickLocalized(u.courseTitle, locale)} ({t('support.teacher.afterDays', { days: f.number(u.days) })})
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 id="history-title">{t('support.teacher.history')}</h2>
      {history.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="history-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('support.field.heldOn')}</th>
                <th scope="col">{t('support.field.title')}</th>
                <th scope="col">{t('support.field.kind')}</th>
                <th scope="col">{t('support.field.trainer')}</th>
                <th scope="col">{t('support.field.cohort')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{f.date(h.held_on)}</td>
                  <th scope="row">{h.title}</th>
                  <td>{t(`support.kind.${h.kind}`)}</td>
                  <td>{h.trainer_name}</td>
                  <td>{h.cohort_title ?? t('support.field.noCohort')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('support.teacher.noHistory')}</p>
      )}
    </section>
  )
}
