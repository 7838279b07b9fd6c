import type { ReactNode } from 'react'
import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { JobRefresh } from './job-refresh.tsx'

// The one page of a background job (an import, an archive): its progress in
// a live region while it runs, refreshing itself (with or without
// JavaScript), then its outcome or why it failed, then where to go next.

export interface JobSummary {
  status: 'running' | 'done' | 'failed'
  processed: number
  total: number
  /** The recorded outcome; one of kind 'failure' is shown as an alert with its reason. */
  result: { kind: string; key?: MessageKey; params?: Record<string, string | number> } | null
}

export function JobPage({
  job,
  progressId,
  title,
  summary,
  progressLabel,
  progressText,
  runningText,
  crashedKey,
  actions,
  className,
  children,
}: {
  job: JobSummary
  /** The progress bar's id, which names what it counts (import-progress, zip-progress). */
  progressId: string
  title: string
  summary: ReactNode
  progressLabel: string
  /** "Checked: 500 / 2,000 rows (25%)", given the numbers formatted. */
  progressText: (values: { processed: string; total: string; percent: string }) => string
  runningText: string
  /** What a job that ended without an outcome says. */
  crashedKey: MessageKey
  /** Links after the outcome; the route decides whether they show while the job runs. */
  actions?: ReactNode
  className?: string
  /** The outcome of a job that ended: counts, a download, errors by line. */
  children?: ReactNode
}) {
  const t = useT()
  const f = useFormat()
  const running = job.status === 'running'
  const percent = f.percent(job.total ? job.processed / job.total : 0, 0)
  const failure = job.result?.kind === 'failure' && job.result.key ? t(job.result.key, job.result.params) : !running && !job.result ? t(crashedKey) : null
  return (
    <section className={className} aria-labelledby="job-title">
      <JobRefresh running={running} />
      <h1 id="job-title">{title}</h1>
      <p>{summary}</p>
      <div className="field">
        <label htmlFor={progressId}>{progressLabel}</label>
        <progress id={progressId} max={Math.max(1, job.total)} value={job.processed}>
          {percent}
        </progress>
        <p className="field-description" aria-live="polite">
          {progressText({ processed: f.number(job.processed), total: f.number(job.total), percent })}
        </p>
      </div>
      {running ? (
        <p role="status" className="notice">
          {runningText}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="form-errors">
          {failure}
        </p>
      ) : null}
      {children}
      {actions}
    </section>
  )
}
