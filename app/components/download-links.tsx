import { useT } from '#app/i18n/i18n.tsx'

// A table's two downloads side by side, CSV and XLSX: plain links to
// resource routes, so they work without JavaScript. Each link's name repeats
// what it downloads, for screen readers that list a page's links out of context.

export function DownloadLinks({ label, csvHref, xlsxHref }: { label: string; csvHref: string; xlsxHref: string }) {
  const t = useT()
  return (
    <p className="actions">
      <span>{label}:</span>
      <a className="button button--secondary" href={csvHref} download title={t('exportFormat.csvHint')}>
        {t('exportFormat.csv')}
        <span className="visually-hidden">, {label}</span>
      </a>
      <a className="button button--secondary" href={xlsxHref} download title={t('exportFormat.xlsxHint')}>
        {t('exportFormat.xlsx')}
        <span className="visually-hidden">, {label}</span>
      </a>
    </p>
  )
}
