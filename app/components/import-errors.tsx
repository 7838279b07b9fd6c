import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'

// A refused import's line errors, the same for every CSV import: nothing was
// recorded, and each bad line is listed with its reason.

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
