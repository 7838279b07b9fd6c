import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { SUPPORT_KINDS } from '#app/modules/support/activity-form.ts'
import { listActivities } from '#app/modules/support/reading.server.ts'
import { recordableCohorts } from '#app/modules/support/recording.server.ts'

export const handle: PageHandle = { title: 'support.trainer.title' }

// Filters are a plain GET form; a value that does not parse is ignored.
const Query = z.object({
  kind: z.enum(SUPPORT_KINDS).optional().catch(undefined),
  cohort: z.string().min(1).max(32).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { work } = args.context
  const regions = adminRegions(user)
  const url = args.request.url
  const query = Query.parse(Object.fromEntries(new URL(url).searchParams))
  const [list, cohorts] = await Promise.all([
    listActivities(work, regions, { kind: query.kind, cohortId: query.cohort, month: query.month, page: pageParam(url) }),
    recordableCohorts(work, regions),
  ])
  return { ...list, query, url, kinds: SUPPORT_KINDS, cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })) }
}

export default function SupportActivities() {
  const { rows, page, pages, total, first, url, query, kinds, cohorts } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const filtered = Boolean(query.kind || query.cohort || query.month)
  return (
    <section className="page" aria-labelledby="support-title">
      <h1 id="support-title">{t('support.trainer.title')}</h1>
      <p>{t('support.trainer.intro')}</p>
      <p className="actions">
        <Link className="button" to="/trainer/support/new">
          {t('support.trainer.new')}
        </Link>
      </p>

      <FilterForm label={t('support.filter.label')} submitLabel={t('support.filter.apply')}>
        <SelectField label={t('support.field.kind')} selectProps={{ id: 'filter-kind', name: 'kind', defaultValue: query.kind ?? '' }}>
          <option value="">{t('support.filter.allKinds')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`support.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('support.field.cohort')} selectProps={{ id: 'filter-cohort', name: 'cohort', defaultValue: query.cohort ?? '' }}>
          <option value="">{t('support.filter.allCohorts')}</option>
          {cohorts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('support.filter.month')}
          inputProps={{ id: 'filter-month', name: 'month', type: 'month', defaultValue: query.month ?? '', pattern: '\\d{4}-\\d{2}', placeholder: '2026-05' }}
        />
      </FilterForm>
      {filtered ? (
        <p>
          <Link to="/trainer/support">{t('support.filter.reset')}</Link>
        </p>
      ) : null}

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
                  <th scope="row">
                    <Link to={`/trainer/support/${r.id}`}>{r.title}</Link>
                  </th>
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
      <Pager
        label={t('pager.label')}
        shown={t('pager.shown', { from: f.number(first), to: f.number(first + rows.length - 1), total: f.number(total) })}
        page={page}
        pages={pages}
        href={(to) => withPage(url, to)}
      />
    </section>
  )
}
