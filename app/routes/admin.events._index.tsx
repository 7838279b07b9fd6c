import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { EVENT_KINDS, eventYears, listEvents } from '#app/modules/events/events.server.ts'

export const handle: PageHandle = { title: staffTitle('events.title') }

// The wellbeing events an admin sees (a regional admin, their regions'),
// newest first. Filters are a plain GET form; a value that does not parse is ignored.
const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  kind: z.enum(EVENT_KINDS).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const regions = adminRegions(user)
  const url = args.request.url
  const query = Query.parse(Object.fromEntries(new URL(url).searchParams))
  const [list, years] = await Promise.all([listEvents(work, regions, { year: query.year, kind: query.kind, page: pageParam(url) }), eventYears(work, regions)])
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['events.']),
    ...list,
    rows: list.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      heldOn: r.held_on,
      participants: r.participants,
      region: r.region_kk ? { name_kk: r.region_kk, name_ru: r.region_ru ?? '', name_en: r.region_en ?? '' } : null,
    })),
    query,
    url,
    years: query.year && !years.includes(query.year) ? [query.year, ...years].sort((a, b) => b - a) : years,
    kinds: EVENT_KINDS,
  }
}

export default withStaffMessages(EventsPage)

function EventsPage() {
  const { rows, page, pages, total, first, url, query, years, kinds } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const filtered = Boolean(query.year || query.kind)
  return (
    <section aria-labelledby="events-title" className="stack">
      <h1 id="events-title">{t('events.title')}</h1>
      <p>{t('events.intro')}</p>
      <p className="actions">
        <Link className="button" to="/admin/events/new">
          {t('events.list.new')}
        </Link>
      </p>

      <FilterForm label={t('events.filter.label')} submitLabel={t('events.filter.apply')}>
        <SelectField label={t('events.filter.year')} selectProps={{ id: 'filter-year', name: 'year', defaultValue: query.year ? String(query.year) : '' }}>
          <option value="">{t('events.filter.allYears')}</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('events.field.kind')} selectProps={{ id: 'filter-kind', name: 'kind', defaultValue: query.kind ?? '' }}>
          <option value="">{t('events.filter.allKinds')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`events.kind.${k}`)}
            </option>
          ))}
        </SelectField>
      </FilterForm>
      {filtered ? (
        <p>
          <Link to="/admin/events">{t('events.filter.reset')}</Link>
        </p>
      ) : null}

      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="events-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('events.field.heldOn')}</th>
                <th scope="col">{t('events.field.title')}</th>
                <th scope="col">{t('events.field.kind')}</th>
                <th scope="col">{t('events.field.region')}</th>
                <th scope="col">{t('events.field.participants')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{f.date(r.heldOn)}</td>
                  <th scope="row">
                    <Link to={`/admin/events/${r.id}`}>{r.title}</Link>
                  </th>
                  <td>{t(`events.kind.${r.kind}`)}</td>
                  <td>{r.region ? localName(r.region, locale) : t('events.field.national')}</td>
                  <td>{f.number(r.participants)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(filtered ? 'events.list.noMatch' : 'events.list.empty')}</p>
      )}
      <Pager
        label={t('events.list.pages')}
        shown={t('pager.shown', { from: f.number(first), to: f.number(first + rows.length - 1), total: f.number(total) })}
        page={page}
        pages={pages}
        href={(to) => withPage(url, to)}
      />
    </section>
  )
}
