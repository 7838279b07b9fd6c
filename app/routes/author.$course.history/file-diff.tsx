import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { FileDiff } from '#app/modules/authoring/diff.server.ts'

/** One file's line diff, hunk by hunk, readable without colour. */
export function FileDiffView({ file, id }: { file: FileDiff; id: string }) {
  const t = useT()
  const f = useFormat()
  return (
    <section className="history-file" aria-labelledby={id}>
      <h3 id={id} className="history-file__title">
        <code className="history-file__path">{file.path}</code>{' '}
        <span className={`history-status history-status--${file.status}`}>{t(`history.diff.status.${file.status}`)}</span>{' '}
        <span className="history-counts">
          <span aria-hidden="true">
            +{f.number(file.added)} −{f.number(file.removed)}
          </span>
          <span className="visually-hidden">{t('history.diff.counts', { added: f.number(file.added), removed: f.number(file.removed) })}</span>
        </span>
      </h3>
      {file.hunks.map((hunk, h) => {
        const oldStart = hunk.lines.find((l) => l.oldNo !== null)?.oldNo ?? '—'
        const newStart = hunk.lines.find((l) => l.newNo !== null)?.newNo ?? '—'
        return (
          <div className="history-hunk" key={h}>
            <table>
              <caption>{t('history.diff.hunk', { old: oldStart, new: newStart })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="history-no">
                    {t('history.diff.oldNo')}
                  </th>
                  <th scope="col" className="history-no">
                    {t('history.diff.newNo')}
                  </th>
                  <th scope="col" className="history-mark">
                    <span aria-hidden="true">±</span>
                    <span className="visually-hidden">{t('history.diff.change')}</span>
                  </th>
                  <th scope="col">{t('history.diff.text')}</th>
                </tr>
              </thead>
              <tbody>
                {hunk.lines.map((line, i) => (
                  <tr key={i} className={`history-line history-line--${line.kind}`}>
                    <td className="history-no">{line.oldNo ?? ''}</td>
                    <td className="history-no">{line.newNo ?? ''}</td>
                    <td className="history-mark">
                      {line.kind === 'same' ? null : (
                        <>
                          <span aria-hidden="true">{line.kind === 'added' ? '+' : '−'}</span>
                          <span className="visually-hidden">{t(line.kind === 'added' ? 'history.diff.added' : 'history.diff.removed')}</span>
                        </>
                      )}
                    </td>
                    <td className="history-text">
                      {line.kind === 'added' ? <ins>{line.text}</ins> : line.kind === 'removed' ? <del>{line.text}</del> : line.text}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      })}
    </section>
  )
}
