import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import { Pager, withPage } from '#app/components/pager.tsx'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { localName } from '#app/i18n/local-name.ts'

type Named = { name_kk: string; name_ru: string; name_en: string }

export function RegionCounts({ counts }: { counts: (Named & { code: string; open: number; closed: number })[] }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <>
      <h2 id="registry-regions">{t('registry.regions.title')}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="registry-regions">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('registry.list.region')}</th>
              <th scope="col">{t('registry.regions.open')}</th>
              <th scope="col">{t('registry.regions.closed')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  <a href={`?region=${r.code}`}>{localName(r, locale)}</a>
                </th>
                <td>{f.number(r.open)}</td>
                <td>{f.number(r.closed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

interface ListRow extends Named {
  id: string
  bin: string | null
  settlement: string | null
  closed_at: string | null
  district: string | null
  district_kk: string | null
  district_ru: string | null
  district_en: string | null
  region_kk: string
  region_ru: string
  region_en: string
  teachers: number
}

export function SchoolsList({
  regions,
  districts,
  list,
  filter,
  url,
}: {
  regions: (Named & { code: string })[]
  districts: (Named & { id: string })[]
  list: { rows: ListRow[]; total: number; page: number; pageSize: number }
  filter: { region?: string; district?: string; status?: 'open' | 'closed'; q?: string }
  url: string
}) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize))
  return (
    <>
      <h2 id="registry-schools">{t('registry.list.title')}</h2>
      <FilterForm label={t('registry.list.title')} submitLabel={t('registry.list.filter')}>
        <SelectField label={t('registry.list.region')} selectProps={{ id: 'region', name: 'region', defaultValue: filter.region ?? '' }}>
          <option value="">{t('registry.list.any')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
        {districts.length ? (
          <SelectField label={t('registry.list.district')} selectProps={{ id: 'district', name: 'district', defaultValue: filter.district ?? '' }}>
            <option value="">{t('registry.list.any')}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {localName(d, locale)}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t('registry.list.status')} selectProps={{ id: 'status', name: 'status', defaultValue: filter.status ?? '' }}>
          <option value="">{t('registry.list.any')}</option>
          <option value="open">{t('registry.list.open')}</option>
          <option value="closed">{t('registry.list.closed')}</option>
        </SelectField>
        <Field label={t('registry.list.search')} inputProps={{ id: 'q', name: 'q', type: 'search', defaultValue: filter.q ?? '', maxLength: 100 }} />
      </FilterForm>
      <p role="status">{t('registry.list.count', { count: f.number(list.total) })}</p>
      {list.rows.length === 0 ? (
        <p>{t('registry.list.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="registry-schools">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('registry.list.name')}</th>
                <th scope="col">{t('registry.list.bin')}</th>
                <th scope="col">{t('registry.list.region')}</th>
                <th scope="col">{t('registry.list.district')}</th>
                <th scope="col">{t('registry.list.status')}</th>
                <th scope="col">{t('registry.list.teachers')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {localName(s, locale)}
                    {s.settlement ? <span className="muted"> · {s.settlement}</span> : null}
                  </th>
                  <td>{s.bin ?? t('registry.list.noBin')}</td>
                  <td>{localName({ name_kk: s.region_kk, name_ru: s.region_ru, name_en: s.region_en }, locale)}</td>
                  <td>
                    {s.district_kk
                      ? localName({ name_kk: s.district_kk, name_ru: s.district_ru ?? '', name_en: s.district_en ?? '' }, locale)
                      : (s.district ?? '—')}
                  </td>
                  <td>{s.closed_at ? t('registry.list.closed') : t('registry.list.open')}</td>
                  <td>{f.number(s.teachers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={t('pager.label')}
        shown={t('pager.shown', {
          from: f.number((list.page - 1) * list.pageSize + 1),
          to: f.number((list.page - 1) * list.pageSize + list.rows.length),
          total: f.number(list.total),
        })}
        page={list.page}
        pages={pages}
        href={(to) => withPage(url, to)}
      />
    </>
  )
}
