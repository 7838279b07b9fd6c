import { Form, Link, useActionData, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { action } from './route.tsx'
import { useVersionLabels } from './version-labels.ts'

/** What moving a cohort would change, and the button that does it: the second of the two posts. */
export function MovePlan() {
  const result = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const location = useLocation()
  const { labelOf } = useVersionLabels()
  const planHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (result?.ok) planHeading.current?.focus()
  }, [result])
  return (
    <>
      {result?.ok ? (
        <section className="history-plan" aria-labelledby="plan-title">
          <h2 id="plan-title" ref={planHeading} tabIndex={-1}>
            {t('history.plan.title', { cohort: result.cohortTitle })}
          </h2>
          <p>{t('history.plan.notYet')}</p>
          <dl className="details">
            <dt>{t('history.plan.from')}</dt>
            <dd>{labelOf(result.plan.fromVersionId)}</dd>
            <dt>{t('history.plan.to')}</dt>
            <dd>{labelOf(result.plan.toVersionId)}</dd>
          </dl>
          <ul className="history-plan__facts">
            <li>{t('history.plan.learners', { count: f.number(result.plan.activeLearners) })}</li>
            <li>{t('history.plan.cleared', { count: f.number(result.plan.progressCleared) })}</li>
          </ul>
          {(['changed', 'removed', 'added', 'unchanged'] as const).map((group) => (
            <div key={group} className="history-plan__group">
              <h3>{t(`history.plan.${group}`, { count: f.number(result.lessons[group].length) })}</h3>
              {result.lessons[group].length ? (
                <ul>
                  {result.lessons[group].map((l) => (
                    <li key={l.key}>
                      {l.title ? pickLocalized(l.title, locale) : l.key} <code>{l.key}</code>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
          <p className="muted">{t('history.plan.keeps')}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="cohortId" value={result.plan.cohortId} />
            <input type="hidden" name="toVersionId" value={result.plan.toVersionId} />
            <button type="submit" name="intent" value="move" className="button">
              {t('history.plan.confirm')}
            </button>
            <Link to={location.pathname + location.search} className="button button--secondary">
              {t('history.plan.cancel')}
            </Link>
          </Form>
        </section>
      ) : null}
    </>
  )
}
