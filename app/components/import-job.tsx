import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'

// The parts every CSV import's job page shares: its progress while it runs,
// and, when it was refused, each bad line with its reason (nothing recorded).

export interface LineError {
  line: number
  key: MessageKey
  params?: Record<string, string | number>
}

export function ImportLineErrors({ lineCount, errorCount, errors }: { lineCount: number; errorCount: number; errors: LineError[] }) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p role="alert" className="form-errors">{t('import.job.failed')}</p>
      <h2 id="errors-title">{t('import.errors.title')}</h2>
      <p>
        {t('import.errors.summary', { lines: f.number(lineCount) })}
        {errorCount > errors.length ? ` ${t('import.errors.truncated', { shown: f.number(errors.length), total: f.number(errorCount) })}` : ''}
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="errors-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('import.errors.line')}</th>
              <th scope="col">{t('import.errors.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.line}-${i}`}>
                <td>{e.line}</td>
                <td>{t(e.key, e.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

export function ImportProgress({ processed, total, running }: { processed: number; total: number; running: boolean }) {
  const t = useT()
  const f = useFormat()
  const percent = f.percent(total ? processed / total : 0, 0)
  return (
    <>
      <div className="field">
        <label htmlFor="import-progress">{t('import.job.progress')}</label>
        <progress id="import-progress" max={Math.max(1, total)} value={processed}>{percent}</progress>
        <p className="field-description">{t('import.job.progressText', { processed: f.number(processed), total: f.number(total), percent })}</p>
      </div>
      {running ? <p role="status" className="notice">{processed >= total ? t('import.job.saving') : t('import.job.running')}</p> : null}
    </>
  )
}
