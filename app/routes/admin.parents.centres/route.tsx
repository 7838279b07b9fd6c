import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { CentreSettingsSchema, regionCentres, regionDistricts, updateCentre } from '#app/modules/parents/centres.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import styles from '#app/styles/parent-reports.css?url'
import { CentreRow } from './centre-row.tsx'

// Regional admins (and admins) set each school centre's capacity and opening
// date: the schools of one region, optionally one district, each row its own
// small form. A saved row comes back to the same list with a notice.

export const handle: PageHandle = { title: staffTitle('parentReports.centres.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const MAX_ROWS = 300

const FilterSchema = z.object({
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  district: z.string().trim().min(1).max(200).optional().catch(undefined),
  saved: z.string().max(64).optional().catch(undefined),
})

const CentreFormSchema = CentreSettingsSchema.extend({
  schoolId: Id,
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional(),
  district: z.string().max(200).optional(),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const allowed = adminRegions(user)
  const filter = FilterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const regions = (await listRegions(work)).filter((r) => allowed === null || allowed.includes(r.code))
  const regionCode = filter.region ?? regions[0]?.code
  invariantResponse(!filter.region || regions.some((r) => r.code === filter.region), 'error.forbidden.text', { status: 403 })
  if (!regionCode) return { regions, region: null, districts: [], district: null, schools: [], total: 0, saved: null }
  const [districts, schools] = await Promise.all([regionDistricts(work, regionCode), regionCentres(work, regionCode, filter.district ?? null)])
  const saved = filter.saved ? (schools.find((s) => s.id === filter.saved) ?? null) : null
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    regions,
    region: regionCode,
    districts,
    district: filter.district ?? null,
    schools: schools.slice(0, MAX_ROWS),
    total: schools.length,
    saved,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const submission = await parseForm(request, CentreFormSchema)
  // The row whose form comes back with its errors.
  const schoolId = String(submission.payload.schoolId ?? '')
  if (submission.status !== 'success') return data({ schoolId, result: submission.reply() }, { status: 400 })
  const { capacity, openedOn, region, district } = submission.value
  const updated = await updateCentre(context.work, user, submission.value.schoolId, { capacity, openedOn })
  if (!updated.ok && updated.error === 'notFound') notFound()
  invariantResponse(updated.ok, 'error.forbidden.text', { status: 403 })
  const back = new URLSearchParams({ ...(region ? { region } : {}), ...(district ? { district } : {}), saved: schoolId })
  return redirect(`/admin/parents/centres?${back.toString()}#centre-${schoolId}`)
}

export default withStaffMessages(CentreSettingsPage)

function CentreSettingsPage() {
  const { regions, region, districts, district, schools, total, saved } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="centres-title">
      <h1 id="centres-title">{t('parentReports.centres.title')}</h1>
      <p>{t('parentReports.centres.intro')}</p>
      {saved ? (
        <p role="status" className="notice notice--success">
          {t('parentReports.centres.saved', { school: localName(saved, locale) })}
        </p>
      ) : null}
      <FilterForm label={t('parentReports.centres.title')} submitLabel={t('parentReports.show')}>
        <SelectField label={t('parentReports.centres.region')} selectProps={{ id: 'centres-region', name: 'region', defaultValue: region ?? '' }}>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('parentReports.centres.district')} selectProps={{ id: 'centres-district', name: 'district', defaultValue: district ?? '' }}>
          <option value="">{t('parentReports.centres.anyDistrict')}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </SelectField>
      </FilterForm>
      <p role="status">
        {t('parentReports.centres.count', { count: f.number(total) })}
        {total > schools.length ? ` ${t('parentReports.centres.truncated', { shown: f.number(schools.length), total: f.number(total) })}` : ''}
      </p>
      {region && schools.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="centres-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('parentReports.col.school')}</th>
                <th scope="col">{`${t('parentReports.centres.capacity')} · ${t('parentReports.centres.openedOn')}`}</th>
                <th scope="col">{t('parentReports.centres.save')}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <CentreRow
                  key={s.id}
                  school={s}
                  region={region}
                  district={district}
                  lastResult={actionData?.schoolId === s.id ? actionData.result : undefined}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
