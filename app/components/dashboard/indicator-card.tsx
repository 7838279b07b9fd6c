import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'
import { StatusBadge } from '#app/components/dashboard/status-badge.tsx'
import type { IndicatorView } from '#app/components/dashboard/view.ts'

// One indicator: its value, the year's target with a bar and the percentage in
// words, where this year's pace leads by December, and the pace status. The
// bar repeats the percentage beside it, so it is hidden from screen readers.

interface CardContext {
  year: number
  currentYear: number
  startYear: number
  /** A region or a regional admin's regions: targets are national, so there are none here. */
  scoped: boolean
}

export function IndicatorCard({ item, context }: { item: IndicatorView; context: CardContext }) {
  const t = useT()
  const fig = useFigures()
  const { year, currentYear, startYear, scoped } = context
  const headingId = `indicator-${item.key}`
  const nationalOnly = scoped && item.national
  const showProjection = item.projected !== null && year === currentYear && !nationalOnly
  return (
    <li className="indicator-card">
      <h3 id={headingId} className="indicator-card__name">
        {t(`targets.indicator.${item.key}` as MessageKey)}
      </h3>
      {/* The name says what is counted; a unit word after the number would need each language's plural forms. */}
      <p className="indicator-card__value">{nationalOnly ? '—' : fig.number(item.value)}</p>
      <p className="indicator-card__basis">{item.cumulative ? t('dashboard.card.since', { start: startYear }) : t('dashboard.card.inYear', { year })}</p>
      {nationalOnly ? (
        <p className="indicator-card__note">{t('dashboard.card.national')}</p>
      ) : item.target !== null && item.ratio !== null ? (
        <>
          <p className="indicator-card__target">{t('dashboard.card.target', { year, target: fig.number(item.target) })}</p>
          <div className="meter" aria-hidden="true">
            <span className="meter__fill" style={{ width: `${Math.min(item.ratio, 1) * 100}%` }} />
          </div>
          <p className="indicator-card__percent">{t('dashboard.card.percent', { percent: fig.percent(item.ratio) })}</p>
        </>
      ) : scoped ? null : (
        <p className="indicator-card__note">{t('dashboard.card.noTarget', { year })}</p>
      )}
      {year > currentYear ? <p className="indicator-card__projection">{t('dashboard.card.future', { year })}</p> : null}
      {showProjection ? (
        <p className="indicator-card__projection">
          {item.target
            ? t('dashboard.card.projectionPercent', { value: fig.number(item.projected!), percent: fig.percent(item.projected! / item.target) })
            : t('dashboard.card.projection', { value: fig.number(item.projected!) })}
        </p>
      ) : null}
      {/* Without a target (a region's view) the status would only repeat the note above the cards. */}
      {scoped ? null : <StatusBadge status={item.status} />}
    </li>
  )
}

export function IndicatorCards({ items, context }: { items: IndicatorView[]; context: CardContext }) {
  const t = useT()
  return (
    <>
      {/* Said once for every card: a region has no targets of its own. */}
      {context.scoped ? <p className="notice">{t('dashboard.card.targetsNational')}</p> : null}
      <ul className="indicator-cards" role="list">
        {items.map((item) => (
          <IndicatorCard key={item.key} item={item} context={context} />
        ))}
      </ul>
    </>
  )
}
