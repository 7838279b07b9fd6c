import { Link, useLoaderData } from '@remix-run/react'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { ACTIVITY_KINDS, pickLocalized, type ActivityKind } from '#app/modules/content/manifest.ts'
import type { loader } from './route.tsx'

/** The course's outline: modules and lessons with their minutes, the activities, and the hours they add up to. */
export function OutlineSection() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="outline-title" className="authoring__block">
      <h2 id="outline-title">{t('authoring.outline')}</h2>
      <p className={d.hours.difference === 0 ? 'hours-total' : 'hours-total hours-total--off'}>
        {t('authoring.hours.summary', {
          minutes: f.number(d.hours.minutes),
          lessons: f.number(d.hours.lessonHours, 1),
          activities: f.number(d.hours.activityHours, 1),
          hours: f.number(d.hours.hours, 1),
          approved: f.number(d.hours.approvedHours),
        })}{' '}
        {d.hours.difference < 0
          ? t('authoring.hours.short', { hours: f.number(-d.hours.difference, 1) })
          : d.hours.difference > 0
            ? t('authoring.hours.over', { hours: f.number(d.hours.difference, 1) })
            : t('authoring.hours.match')}
      </p>
      <p className="field-description">{t('authoring.hours.rule')}</p>
      {d.outline.modules.map((m, mi) => (
        <div key={m.id} className="outline-module">
          <h3>
            {mi + 1}. {pickLocalized(m.title, locale) || m.id}{' '}
            <span className="outline-module__hours">
              {t('authoring.hours.module', { minutes: f.number(d.hours.modules[mi]?.minutes ?? 0), hours: f.number(d.hours.modules[mi]?.hours ?? 0, 1) })}
            </span>
          </h3>
          {m.lessons.length ? (
            <ol className="outline-lessons">
              {m.lessons.map((l) => (
                <li key={l.id}>
                  <Link to={`/author/${d.courseId}/lessons/${m.id}/${l.id}`}>{pickLocalized(l.titles, locale) || l.id}</Link>{' '}
                  <span className="outline-lessons__meta">
                    {t('authoring.minutes', { minutes: f.number(l.minutes) })}
                    {l.inDraft ? (
                      <>
                        {' '}
                        · <strong>{t('authoring.lesson.changed')}</strong>
                      </>
                    ) : null}
                    {l.conflict ? (
                      <>
                        {' '}
                        · <strong className="text-danger">{t('authoring.lesson.conflict')}</strong>
                      </>
                    ) : null}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('authoring.module.empty')}</p>
          )}
        </div>
      ))}
      <h3>{t('authoring.plan.activities')}</h3>
      {d.outline.activities.length ? (
        <ul className="outline-lessons">
          {d.outline.activities.map((a) => (
            <li key={a.id}>
              {pickLocalized(a.title, locale) || a.id}{' '}
              <span className="outline-lessons__meta">
                {ACTIVITY_KINDS.includes(a.kind as ActivityKind) ? t(`cohort.activity.kind.${a.kind as ActivityKind}`) : a.kind} ·{' '}
                {t('cohort.activities.hours', { hours: f.number(a.hours, 1) })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('authoring.plan.noActivities')}</p>
      )}
    </section>
  )
}
