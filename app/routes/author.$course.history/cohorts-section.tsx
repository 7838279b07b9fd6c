import { Form, useLoaderData } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'
import { noteOf, useVersionLabels } from './version-labels.ts'

/** The course's cohorts with the version each is pinned to; admins review moving one to another. */
export function CohortsSection() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const { byId, optionLabel } = useVersionLabels()
  return (
    <section aria-labelledby="cohorts-title">
      <h2 id="cohorts-title">{t('history.cohorts.title')}</h2>
      {d.canMove ? null : <p className="muted">{t('history.cohorts.adminOnly')}</p>}
      {d.cohorts.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="cohorts-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cohort.field.title')}</th>
                <th scope="col">{t('cohort.field.lang')}</th>
                <th scope="col">{t('cohort.field.dates')}</th>
                <th scope="col">{t('history.cohorts.version')}</th>
                {d.canMove ? <th scope="col">{t('history.cohorts.move')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.cohorts.map((c) => {
                const version = byId.get(c.versionId)
                const targets = d.versions.filter((v) => v.id !== c.versionId)
                return (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>{t(`cohort.lang.${c.lang}`)}</td>
                    <td className="history-dates">
                      {f.date(c.startsOn)} – {f.date(c.endsOn)}
                    </td>
                    <td className="history-note">
                      {version ? (
                        <>
                          {f.dateTime(version.publishedAt)}
                          <br />
                          <span className="muted">{noteOf(version, t)}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    {d.canMove ? (
                      <td>
                        {targets.length ? (
                          <Form method="post" className="history-move">
                            <input type="hidden" name="cohortId" value={c.id} />
                            <label htmlFor={`move-${c.id}`} className="visually-hidden">
                              {t('history.move.target', { cohort: c.title })}
                            </label>
                            <select id={`move-${c.id}`} name="toVersionId" required defaultValue="">
                              <option value="" disabled>
                                {t('history.move.choose')}
                              </option>
                              {targets.map((v) => (
                                <option key={v.id} value={v.id}>
                                  {optionLabel(v)}
                                </option>
                              ))}
                            </select>
                            <button type="submit" name="intent" value="plan" className="button button--secondary">
                              {t('history.move.review')}
                              <span className="visually-hidden">: {c.title}</span>
                            </button>
                          </Form>
                        ) : (
                          <span className="muted">{t('history.move.noTarget')}</span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('history.cohorts.empty')}</p>
      )}
    </section>
  )
}
