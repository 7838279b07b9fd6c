import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { listActivities, recordableCohorts, SUPPORT_KINDS } from '#app/modules/support/activities.server.ts'

export const handle: PageHandle = { title: 'support.trainer.title' }

// Filters are a plain GET form; a value that does not parse is ignored.
const Query = z.object({
  kind: z.enum(SUPPORT_KINDS).optional().catch(undefined),
  cohort: z.string().min(1).max(32).optional().catch(undefined),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { db } = args.context
  const actor = { userId: user.id, regions: adminRegions(user) }
  const query = Query.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const [list, cohorts] = await Promise.all([
    listActivities(db, actor, { kind: query.kind, cohortId: query.cohort, month: query.month, page: query.page }),
    recordableCohorts(db, actor),
  ])
  return { ...list, query, kinds: SUPPORT_KINDS, cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })) }
}

export default function SupportActivities() {
  const { rows, page, hasMore, query, kinds, cohorts } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const filtered = Boolean(query.kind || query.cohort || query.month)
  const pageLink = (p: number) => {
    const params = new URLSearchParams()
    if (query.kind) params.set('kind', query.kind)
    if (query.cohort) params.set('cohort', query.cohort)
    if (query.month) params.set('month', query.month)
    params.set('page', String(p))
    return `?${params}`
  }
  return (
    <section className="page" aria-labelledby="support-title">
      <h1 id="support-title">{t('support.trainer.title')}</h1>
      <p>{t('support.trainer.intro')}</p>
      <p className="actions">
        <Link className="button" to="/trainer/support/new">{t('support.trainer.new')}</Link>
      </p>

      <Form method="get" className="filters" role="search" aria-label={t('support.filter.label')}>
        <div className="field">
          <label htmlFor="filter-kind">{t('support.field.kind')}</label>
          <select id="filter-kind" name="kind" defaultValue={query.kind ?? ''}>
            <option value="">{t('support.filter.allKinds')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>{t(`support.kind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-cohort">{t('support.field.cohort')}</label>
          <select id="filter-cohort" name="cohort" defaultValue={query.cohort ?? ''}>
            <option value="">{t('support.filter.allCohorts')}</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>{c.title}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-month">{t('support.filter.month')}</label>
          <input id="filter-month" name="month" type="month" defaultValue={query.month ?? ''} pattern="\d{4}-\d{2}" placeholder="2026-05" />
        </div>
        <div className="actions">
          <button type="submit" className="button button--secondary">{t('support.filter.apply')}</button>
          {filtered ? <Link to="/trainer/support">{t('support.filter.reset')}</Link> : null}
        </div>
      </Form>

      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="support-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('support.field.heldOn')}</th>
                <th scope="col">{t('support.field.title')}</th>
                <th scope="col">{t('support.field.kind')}</th>
                <th scope="col">{t('support.field.cohort')}</th>
                <th scope="col">{t('support.field.trainer')}</th>
                <th scope="col">{t('support.field.participants')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{f.date(r.held_on)}</td>
                  <th scope="row"><Link to={`/trainer/support/${r.id}`}>{r.title}</Link></th>
                  <td>{t(`support.kind.${r.kind}`)}</td>
                  <td>{r.cohort_title ?? t('support.field.noCohort')}</td>
                  <td>{r.trainer_name}</td>
                  <td>{f.number(r.participants)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(filtered ? 'support.trainer.noMatch' : 'support.trainer.empty')}</p>
      )}
      {page > 1 || hasMore ? (
        <nav className="pagination" aria-label={t('support.trainer.title')}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('support.list.previous')}</Link> : null}
          {hasMore ? <Link to={pageLink(page + 1)}>{t('support.list.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}
