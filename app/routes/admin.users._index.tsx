import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import { Pager, withPage } from '#app/components/pager.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { ROLES } from '#app/modules/auth/roles.ts'
import { searchUsers } from '#app/modules/admin/users.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'admin.users.title' }

const SearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const params = SearchSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const result = await searchUsers(args.context.work, {
    q: params.q || undefined,
    role: params.role,
    regionCode: params.region,
    page: params.page,
  })
  return { ...result, params, url: args.request.url, regions: await listRegions(args.context.work) }
}

export default function AdminUsers() {
  const { rows, total, page, pageSize, params, url, regions } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('admin.users.title')}</h1>
      <FilterForm label={t('admin.users.search')} submitLabel={t('admin.users.search')}>
        <Field label={t('admin.users.query')} inputProps={{ id: 'q', name: 'q', type: 'search', defaultValue: params.q ?? '', maxLength: 100 }} />
        <SelectField label={t('admin.users.role')} selectProps={{ id: 'role', name: 'role', defaultValue: params.role ?? '' }}>
          <option value="">{t('admin.users.anyRole')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('auth.field.region')} selectProps={{ id: 'region', name: 'region', defaultValue: params.region ?? '' }}>
          <option value="">{t('admin.users.anyRegion')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
      </FilterForm>
      <p role="status">{t('admin.users.found', { count: f.number(total) })}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="users-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('auth.field.fullName')}</th>
              <th scope="col">{t('auth.field.email')}</th>
              <th scope="col">{t('auth.field.iin')}</th>
              <th scope="col">{t('auth.field.region')}</th>
              <th scope="col">{t('admin.users.roles')}</th>
              <th scope="col">{t('admin.users.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.full_name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{u.iin ?? '—'}</td>
                <td>{u.region_kk ? localName({ name_kk: u.region_kk, name_ru: u.region_ru ?? '', name_en: u.region_en ?? '' }, locale) : '—'}</td>
                <td>{u.roles.map((r) => t(`role.${r.role}`)).join(', ')}</td>
                <td>{u.is_active ? t('admin.users.active') : t('admin.users.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label={t('pager.label')}
        shown={t('pager.shown', { from: f.number((page - 1) * pageSize + 1), to: f.number((page - 1) * pageSize + rows.length), total: f.number(total) })}
        page={page}
        pages={pages}
        href={(to) => withPage(url, to)}
      />
    </section>
  )
}
