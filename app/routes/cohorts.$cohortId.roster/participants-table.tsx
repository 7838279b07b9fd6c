import type { SerializeFrom } from '@remix-run/node'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'

type RosterData = SerializeFrom<typeof loader>
type Quiz = RosterData['roster']['quizzes'][number]

export function Missing() {
  const t = useT()
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('cohort.roster.none')}</span>
    </>
  )
}

/** Every teacher of the cohort: progress, time on task, activities, best scores. */
export function ParticipantsTable({ roster, plan, quizLabel }: { roster: RosterData['roster']; plan: RosterData['plan']; quizLabel: (q: Quiz) => string }) {
  const t = useT()
  const f = useFormat()
  const { quizzes, rows } = roster
  const duration = (seconds: number) =>
    t('cohort.duration', { hours: f.number(Math.floor(seconds / 3600)), minutes: f.number(Math.floor((seconds % 3600) / 60)) })
  const activityTotal = plan?.activities.filter((a) => a.required).length ?? 0
  return (
    <>
      <h2 id="participants-title">{t('cohort.roster.participants', { count: f.number(rows.length) })}</h2>
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="participants-title">
          <table>
            <thead>
              <tr>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('auth.field.fullName')}
                </th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('auth.field.iin')}
                </th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('auth.field.email')}
                </th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('cohort.roster.status')}
                </th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('cohort.roster.progress')}
                </th>
                {plan ? (
                  <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                    {t('cohort.roster.timeOnTask')}
                  </th>
                ) : null}
                {activityTotal ? (
                  <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                    {t('cohort.roster.activities')}
                  </th>
                ) : null}
                {quizzes.length ? (
                  <th scope="colgroup" colSpan={quizzes.length}>
                    {t('cohort.roster.bestScores')}
                  </th>
                ) : null}
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>
                  {t('cohort.roster.lastActivity')}
                </th>
              </tr>
              {quizzes.length ? (
                <tr>
                  {quizzes.map((q) => (
                    <th key={q.id} scope="col">
                      {quizLabel(q)}
                    </th>
                  ))}
                </tr>
              ) : null}
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.enrolmentId}>
                  <th scope="row">{r.fullName}</th>
                  <td>{r.iin ?? <Missing />}</td>
                  <td className="roster-email">{r.email}</td>
                  <td>{t(`cohort.enrolment.${r.status}`)}</td>
                  <td>
                    <span className="roster-progress">
                      <progress max={100} value={r.percent} aria-label={t('cohort.roster.progressOf', { name: r.fullName })} />
                      <span>{f.percent(r.percent / 100, 0)}</span>
                    </span>
                    <span className="roster-progress__lessons">
                      {t('cohort.roster.lessons', { done: f.number(r.lessonsDone), total: f.number(r.lessonsTotal) })}
                    </span>
                  </td>
                  {plan ? (
                    <td>
                      {t('cohort.roster.timeOf', {
                        spent: duration(plan.byEnrolment[r.enrolmentId]?.countedSeconds ?? 0),
                        required: duration(plan.requiredSeconds),
                      })}
                      <span className="roster-progress__lessons">
                        {(plan.byEnrolment[r.enrolmentId]?.countedSeconds ?? 0) >= plan.requiredSeconds
                          ? t('cohort.roster.timeMet')
                          : t('cohort.roster.timeShort')}
                      </span>
                    </td>
                  ) : null}
                  {activityTotal ? (
                    <td>
                      {t('cohort.roster.activitiesDone', {
                        done: f.number(plan?.byEnrolment[r.enrolmentId]?.activitiesDone ?? 0),
                        total: f.number(activityTotal),
                      })}
                    </td>
                  ) : null}
                  {quizzes.map((q) => {
                    const score = r.bestScores[q.id]
                    return <td key={q.id}>{score === null || score === undefined ? <Missing /> : f.percent(score / 100, 0)}</td>
                  })}
                  <td>{r.lastActivityAt ? f.dateTime(r.lastActivityAt) : <Missing />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('cohort.roster.empty')}</p>
      )}
    </>
  )
}
