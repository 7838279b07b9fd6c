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
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)}>{t('pager.previous')}</Link>
          </li>
        ) : null}
        <li>
          <span aria-current="page">{t('pager.page', { page, pages })}</span>
        </li>
        {page < pages ? (
          <li>
            <Link to={href(page + 1)}>{t('pager.next')}</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  )
}

/** Rows per page of long tables; the CSV and XLSX exports hold them all. */
export const ROWS_PER_PAGE = 50

/** The page of `rows` asked for (the last one when asked past the end), with where it starts. */
export function pageOf<T>(rows: T[], asked: number, size = ROWS_PER_PAGE): { rows: T[]; page: number; pages: number; first: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size))
  const page = Math.min(Math.max(1, asked), pages)
  return { rows: rows.slice((page - 1) * size, page * size), page, pages, first: (page - 1) * size + 1 }
}

/** The page a URL asks for (?page=N): 1 when absent or not a whole number. */
export function pageParam(url: URL | string, name = 'page'): number {
  const value = Number(new URL(url).searchParams.get(name))
  return Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : 1
}

/** The same URL with another page: for the pager's links, keeping the filters. */
export function withPage(url: URL | string, page: number, name = 'page'): string {
  const next = new URL(url)
  if (page <= 1) next.searchParams.delete(name)
  else next.searchParams.set(name, String(page))
  return `${next.pathname}${next.search}`
}
