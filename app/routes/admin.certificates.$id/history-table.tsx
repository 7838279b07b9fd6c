import type { SerializeFrom } from '@remix-run/node'
import { useFormat, useT, type TFunction } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'

type History = SerializeFrom<typeof loader>['cert']['history']

function describe(entry: History[number], t: TFunction): string {
  const d = entry.details
  switch (entry.action) {
    case 'certificate.issue':
      return t('admin.certificates.history.issue')
    case 'certificate.reissue':
      return t('admin.certificates.history.reissue', { revision: d.revision ?? '?', from: d.previousHolder ?? '', to: d.holder ?? '' })
    case 'certificate.revoke':
      return t('admin.certificates.history.revoke', { reason: d.reason ?? '' })
    default:
      return t('admin.certificates.history.other', { action: entry.action })
  }
}

/** What was done to the certificate, by whom and when, oldest first. */
export function HistoryTable({ history }: { history: History }) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h2 id="history-title">{t('admin.certificates.history.title')}</h2>
      {history.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="history-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.certificates.history.when')}</th>
                <th scope="col">{t('admin.certificates.history.who')}</th>
                <th scope="col">{t('admin.certificates.history.what')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{f.dateTime(h.created_at)}</td>
                  <td>{h.actor_name ?? t('admin.certificates.detail.system')}</td>
                  <td>{describe(h, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('admin.certificates.history.empty')}</p>
      )}
    </>
  )
}
