import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { withCourseTitles } from '#app/modules/courses/roster.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'cohort.list.title' }

const FilterSchema = z.object({
  course: z.string().trim().max(100).optional().catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  created: z.string().max(40).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const allowed = adminRegions(user)
  const params = FilterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  // A regional admin who asks for another region's cohorts gets none.
  const regions = params.region ? (allowed === null || allowed.includes(params.region) ? [params.region] : []) : allowed
  const [cohorts, courses, allRegions] = await Promise.all([
    listCohorts(args.context.work, { courseId: params.course || undefined, regions }),
    listCatalogue(args.context.work, {}, localIsoDate(now())),
    listRegions(args.context.work),
  ])
  return {
    cohorts: await withCourseTitles(args.context.work, cohorts),
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    regions: allRegions.filter((r) => allowed === null || allowed.includes(r.code)),
    params,
  }
}

export default function AdminCohorts() {
  const { cohorts, courses, regions, params } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">{t('cohort.list.title')}</h1>
      {params.created ? (
        <p role="status" className="notice notice--success">
          {t('cohort.list.created')}
        </p>
      ) : null}
      <p className="actions">
        <Link className="button" to="/admin/cohorts/new">
          {t('cohort.list.new')}
        </Link>
      </p>
      <FilterForm label={t('cohort.list.filter')} submitLabel={t('admin.filter')}>
        <SelectField label={t('cohort.field.course')} selectProps={{ id: 'filter-course', name: 'course', defaultValue: params.course ?? '' }}>
          <option value="">{t('cohort.list.anyCourse')}</option>
          {courses.map((c) => (
            <option key={c.slug} value={c.slug}>
              {pickLocalized(c.title, locale)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('cohort.field.region')} selectProps={{ id: 'filter-region', name: 'region', defaultValue: params.region ?? '' }}>
          <option value="">{t('cohort.list.anyRegion')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
      </FilterForm>
      <p role="status">{t('cohort.list.found', { count: f.number(cohorts.length) })}</p>
      {cohorts.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="cohorts-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cohort.field.title')}</th>
                <th scope="col">{t('cohort.field.course')}</th>
                <th scope="col">{t('cohort.field.lang')}</th>
                <th scope="col">{t('cohort.field.dates')}</th>
                <th scope="col">{t('cohort.field.trainer')}</th>
                <th scope="col">{t('cohort.field.region')}</th>
                <th scope="col">{t('cohort.field.seats')}</th>
                <th scope="col">{t('cohort.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cohorts/${c.id}/roster`}>{c.title}</Link>
                  </th>
                  <td>{pickLocalized(c.courseTitle, locale)}</td>
                  <td>{t(`cohort.lang.${c.lang}`)}</td>
                  <td>
                    {f.date(c.starts_on)} – {f.date(c.ends_on)}
                  </td>
                  <td>{c.trainer_name ?? '—'}</td>
                  <td>{localName({ name_kk: c.region_kk, name_ru: c.region_ru, name_en: c.region_en }, locale)}</td>
                  <td>
                    {f.number(c.taken)} / {f.number(c.capacity)}
                  </td>
                  <td>{t(`cohort.status.${c.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('cohort.list.empty')}</p>
      )}
    </section>
  )
}
