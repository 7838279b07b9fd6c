import { Link } from '@remix-run/react'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { NextStep } from '#app/modules/courses/next-step.ts'

const done = new Set<NextStep['kind']>(['certificate', 'documentPending'])
const stopped = new Set<NextStep['kind']>(['cohortEnded', 'notPassed', 'certificateRevoked', 'withdrawn'])

/**
 * An enrolment's next step as one sentence and, unless it leads to the page
 * it is shown on (`here`), its link. A plain paragraph: it needs no script.
 */
export function NextStepNotice({ step, here, className }: { step: NextStep; here?: string; className?: string }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const tone = done.has(step.kind) ? ' notice--success' : stopped.has(step.kind) ? ' notice--warning' : ''
  const text = t(`nextStep.${step.kind}`, {
    lesson: step.lesson ? pickLocalized(step.lesson, locale) : '',
    count: step.count ?? 0,
    score: step.score ?? 0,
    date: step.date ? f.date(step.date) : '',
  })
  return (
    <p className={className ?? `notice next-step${tone}`} role="status" data-next-step={step.kind}>
      {text}{' '}
      {step.href && step.href !== here ? (
        <Link className="button next-step__link" to={step.href}>
          {t(`nextStep.${step.kind}.link`)}
        </Link>
      ) : null}
    </p>
  )
}
