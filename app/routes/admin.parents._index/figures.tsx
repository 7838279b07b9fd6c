import type { AttendanceReport, Figures } from '#app/modules/parents/reports.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'

// The attendance report's figures: the columns every table shares, the year's
// totals and the strategy target.

type Format = ReturnType<typeof useFormat>

const ratio = (f: Format, value: number | null) => (value === null ? '—' : f.percent(value))

export function FigureCells({ row }: { row: Figures }) {
  const f = useFormat()
  return (
    <>
      <td className="number">{f.number(row.sessions)}</td>
      <td className="number">{f.number(row.attendances)}</td>
      <td className="number">{f.number(row.checkins)}</td>
      <td className="number">{ratio(f, row.checkinRatio)}</td>
      <td className="number">{f.number(row.flagged)}</td>
    </>
  )
}

export function FigureHeads() {
  const t = useT()
  return (
    <>
      <th scope="col" className="number">
        {t('parentReports.col.sessions')}
      </th>
      <th scope="col" className="number">
        {t('parentReports.col.attendances')}
      </th>
      <th scope="col" className="number">
        {t('parentReports.col.checkins')}
      </th>
      <th scope="col" className="number">
        {t('parentReports.col.ratio')}
      </th>
      <th scope="col" className="number">
        {t('parentReports.col.flagged')}
      </th>
    </>
  )
}

export function Totals({ year, totals }: { year: number; totals: Figures }) {
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">{t('parentReports.totals', { year })}</h2>
      <ul className="stats" role="list">
        <li className="stat">
          <span className="stat__value">{f.number(totals.attendances)}</span>
          <span className="stat__label">{t('parentReports.stat.attendances')}</span>
        </li>
        <li className="stat">
          <span className="stat__value">{f.number(totals.sessions)}</span>
          <span className="stat__label">{t('parentReports.stat.sessions')}</span>
        </li>
        <li className="stat">
          <span className="stat__value">{f.number(totals.checkins)}</span>
          <span className="stat__label">{t('parentReports.stat.checkins')}</span>
        </li>
        <li className="stat">
          <span className="stat__value">{ratio(f, totals.checkinRatio)}</span>
          <span className="stat__label">{t('parentReports.stat.ratio')}</span>
        </li>
        <li className="stat">
          <span className="stat__value">{f.number(totals.flagged)}</span>
          <span className="stat__label">{t('parentReports.stat.flagged')}</span>
        </li>
      </ul>
      <p className="muted">{t('parentReports.ratioNote')}</p>
    </section>
  )
}

export function TargetProgressSection({
  year,
  progress,
  scoped,
  strategyStart,
}: {
  year: number
  progress: AttendanceReport['progress']
  scoped: boolean
  strategyStart: number
}) {
  const t = useT()
  const f = useFormat()
  // Early in the strategy a region's share of the national target is a small fraction of a percent.
  const ofTarget = (count: number, target: number | null) => (target ? f.percent(count / target, count / target < 0.01 ? 3 : 1) : '—')
  return (
    <section aria-labelledby="target-title">
      <h2 id="target-title">{t('parentReports.target.title')}</h2>
      {scoped ? <p className="notice">{t('parentReports.scoped')}</p> : null}
      {progress.target === null || progress.cumulative === null ? (
        <p>{t('parentReports.target.none', { year })}</p>
      ) : (
        <>
          <p>
            {t('parentReports.target.cumulative', {
              start: strategyStart,
              count: f.number(progress.cumulative),
              year,
              target: f.number(progress.target),
              percent: ofTarget(progress.cumulative, progress.target),
            })}
          </p>
          <p>
            {t('parentReports.target.year', {
              year,
              count: f.number(progress.yearCount),
              target: f.number(progress.yearTarget ?? 0),
              percent: ofTarget(progress.yearCount, progress.yearTarget),
            })}
          </p>
          {progress.projectedCumulative === null || progress.projectedYear === null ? (
            <p>{t('parentReports.target.future')}</p>
          ) : progress.elapsedShare < 1 ? (
            <p>
              {t('parentReports.target.pace', {
                elapsed: f.percent(progress.elapsedShare, 0),
                projected: f.number(progress.projectedCumulative),
                percent: ofTarget(progress.projectedCumulative, progress.target),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}
