import { Link } from '@remix-run/react'
import { useT } from '#app/i18n/i18n.tsx'

/** A long table's pages as plain links: what is shown, the page, the way back and on. */
export function Pager({ label, shown, page, pages, href }: { label: string; shown: string; page: number; pages: number; href: (page: number) => string }) {
  const t = useT()
  if (pages <= 1) return null
  return (
    <nav aria-label={label} className="pager">
      <p>{shown}</p>
      <ul role="list">
        {page > 1 ? <li><Link to={href(page - 1)}>{t('dashboard.pager.previous')}</Link></li> : null}
        <li><span aria-current="page">{t('dashboard.pager.page', { page, pages })}</span></li>
        {page < pages ? <li><Link to={href(page + 1)}>{t('dashboard.pager.next')}</Link></li> : null}
      </ul>
    </nav>
  )
}

/** Rows per page of the drill-down tables; the CSV and XLSX exports hold them all. */
export const ROWS_PER_PAGE = 50

/** The page of `rows` asked for (the last one when asked past the end), with where it starts. */
export function pageOf<T>(rows: T[], asked: number): { rows: T[]; page: number; pages: number; first: number } {
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE))
  const page = Math.min(Math.max(1, asked), pages)
  return { rows: rows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE), page, pages, first: (page - 1) * ROWS_PER_PAGE + 1 }
}
