import { useLoaderData } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'

/** Every published version: when, by whom, with which note, and how many cohorts it holds. */
export function VersionsTable() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('history.versions.title')}</h2>
      <p>{t('history.versions.intro')}</p>
      {d.versions.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="versions-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('history.field.publishedAt')}</th>
                <th scope="col">{t('history.field.publishedBy')}</th>
                <th scope="col">{t('history.field.note')}</th>
                <th scope="col">{t('history.field.hash')}</th>
                <th scope="col">{t('history.field.current')}</th>
                <th scope="col">{t('history.field.cohorts')}</th>
              </tr>
            </thead>
            <tbody>
              {d.versions.map((v) => (
                <tr key={v.id} className={v.id === d.current ? 'history-version--current' : undefined}>
                  <th scope="row">{f.dateTime(v.publishedAt)}</th>
                  <td>{v.source === 'files' ? t('history.version.fromFiles') : (v.by ?? '—')}</td>
                  <td className="history-note">{v.note ?? t('history.version.noNote')}</td>
                  <td>
                    <code>{v.hash}</code>
                  </td>
                  <td>{v.id === d.current ? <strong>{t('history.version.current')}</strong> : t('history.version.notCurrent')}</td>
                  <td>{f.number(v.cohorts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('history.versions.empty')}</p>
      )}
    </section>
  )
}
