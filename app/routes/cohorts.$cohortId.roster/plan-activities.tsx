import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { loader } from './route.tsx'

type RosterData = SerializeFrom<typeof loader>

/** The course plan's activities, how many teachers each has recorded, and where to record them. */
export function PlanActivities({ cohortId, plan, rows }: { cohortId: string; plan: RosterData['plan']; rows: RosterData['roster']['rows'] }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <>
      {plan?.activities.length ? (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">{t('cohort.activities.title')}</h2>
          <p className="field-description">{t('cohort.activities.explain')}</p>
          <ul>
            {plan.activities.map((a) => (
              <li key={a.id}>
                <strong>{pickLocalized(a.title, locale)}</strong> ({t(`cohort.activity.kind.${a.kind}`)},{' '}
                {t('cohort.activities.hours', { hours: f.number(a.hours, 1) })}
                {a.required ? '' : `, ${t('cohort.activities.optional')}`}) ·{' '}
                {t('cohort.activities.recorded', { done: f.number(a.done), total: f.number(rows.filter((r) => r.status !== 'withdrawn').length) })} ·{' '}
                <Link to={`/cohorts/${cohortId}/activities/${a.id}`} aria-label={t('cohort.activities.recordLabel', { title: pickLocalized(a.title, locale) })}>
                  {t('cohort.activities.record')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
