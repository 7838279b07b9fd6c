import { Form, Link } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { Loaded } from './route.tsx'

// The centre's recent sessions with their check-ins; a session flagged as the
// same lesson twice that day can be confirmed a separate group here.

export function SessionsTable({
  school,
  sessions,
  lessonTitle,
}: {
  school: string
  sessions: Extract<Loaded, { today: string }>['sessions']
  lessonTitle: (value: string) => string
}) {
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="centre-sessions-title">
      <h2 id="centre-sessions-title">{t('centre.sessions.title')}</h2>
      {sessions.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="centre-sessions-title">
          <table className="centre-sessions">
            <thead>
              <tr>
                <th scope="col">{t('centre.col.date')}</th>
                <th scope="col">{t('centre.col.lesson')}</th>
                <th scope="col">{t('centre.col.facilitator')}</th>
                <th scope="col">{t('centre.col.headCount')}</th>
                <th scope="col">{t('centre.col.checkins')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/centre/sessions/${s.id}`}>{f.date(s.heldOn)}</Link>
                  </th>
                  <td>
                    {lessonTitle(s.lesson)}
                    {s.flagged ? (
                      <div className="centre-flag">
                        <p>
                          <span className="tag centre-flag__tag">{t('centre.flagged')}</span> <span className="muted">{t('centre.flagged.hint')}</span>
                        </p>
                        <Form method="post" action={`/centre?index&school=${encodeURIComponent(school)}`} className="inline-form">
                          <input type="hidden" name="intent" value="separate-group" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <button type="submit" className="button button--quiet">
                            {t('centre.separateGroup')}
                          </button>
                        </Form>
                      </div>
                    ) : null}
                  </td>
                  <td>{s.facilitator}</td>
                  <td>{f.number(s.headCount)}</td>
                  <td>
                    {f.number(s.checkins)} ({f.percent(s.headCount ? s.checkins / s.headCount : 0, 0)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('centre.sessions.empty')}</p>
      )}
    </section>
  )
}
