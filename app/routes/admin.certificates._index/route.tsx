import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager } from '#app/components/pager.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { certificateYears, cohortsWithCertificates, issueForTeacher, searchCertificates } from '#app/modules/certificates/registry.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { startCertificateZip } from '#app/modules/certificates/zip.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import { CertificateFilters } from './filters.tsx'
import { IssueForm } from './issue-form.tsx'
import { ActionSchema, SearchSchema } from './schemas.ts'
import { ZipForm } from './zip-form.tsx'

export const handle: PageHandle = { title: 'admin.certificates.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const regions = adminRegions(user)
  const params = SearchSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  // A regional admin who asks for another region's certificates gets none: both filters apply.
  const [result, courses, cohorts, years, allRegions] = await Promise.all([
    searchCertificates(work, {
      q: params.q || undefined,
      courseId: params.course || undefined,
      cohortId: params.cohort,
      regionCode: params.region,
      year: params.year,
      regions,
      page: params.page,
    }),
    listCatalogue(work, {}, localIsoDate(work.now())),
    cohortsWithCertificates(work, regions),
    certificateYears(work, regions),
    listRegions(work),
  ])
  return {
    ...result,
    params,
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    cohorts,
    years,
    regions: allRegions.filter((r) => regions === null || regions.includes(r.code)),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const regions = adminRegions(user)
  const submission = await parseForm(args.request, ActionSchema)
  // A refused form is shown again in the form it came from.
  const intent = submission.payload.intent === 'zip' ? ('zip' as const) : ('issue' as const)
  const refuse = (field: string, key: string) => data({ intent, result: submission.reply({ fieldErrors: { [field]: [key] } }) }, { status: 400 })
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  const input = submission.value
  if (input.intent === 'zip') {
    const cohort = await getCohort(work, input.cohortId)
    if (!cohort) return refuse('cohortId', 'admin.certificates.zip.cohortRequired')
    invariantResponse(regions === null || regions.includes(cohort.region_code), 'error.forbidden.text', { status: 403 })
    const started = await startCertificateZip(work, cohort.id, resolveLocale(args.request, args.context))
    if (!started.ok) return refuse('cohortId', started.error === 'noneValid' ? 'admin.certificates.zip.noneValid' : 'admin.certificates.zip.cohortRequired')
    // Not awaited: the job page shows its progress.
    return redirect(`/admin/certificates/zip/${started.value.jobId}`)
  }
  const issued = await issueForTeacher(work, { iin: input.iin, courseId: input.courseId, regions })
  if (!issued.ok) return refuse(issued.error === 'noTeacher' ? 'iin' : 'courseId', `admin.certificates.issue.${issued.error}`)
  return redirect(`/admin/certificates/${issued.certificateId}?done=${issued.created ? 'issued' : 'existing'}`)
}

export default function AdminCertificates() {
  const { rows, total, page, pageSize, params, courses, cohorts, years, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const pageLink = (p: number) => {
    const sp = new URLSearchParams()
    for (const key of ['q', 'course', 'cohort', 'region', 'year'] as const) {
      const value = params[key]
      if (value) sp.set(key, String(value))
    }
    sp.set('page', String(p))
    return `?${sp}`
  }
  const found = t('admin.certificates.found', { count: f.number(total) })
  return (
    <section aria-labelledby="certificates-title">
      <h1 id="certificates-title">{t('admin.certificates.title')}</h1>
      <CertificateFilters params={params} courses={courses} cohorts={cohorts} regions={regions} years={years} />

      <p role="status">{found}</p>
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="certificates-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.certificates.col.number')}</th>
                <th scope="col">{t('admin.certificates.col.kind')}</th>
                <th scope="col">{t('admin.certificates.col.holder')}</th>
                <th scope="col">{t('admin.certificates.col.course')}</th>
                <th scope="col">{t('admin.certificates.col.region')}</th>
                <th scope="col">{t('admin.certificates.col.issued')}</th>
                <th scope="col">{t('admin.certificates.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/admin/certificates/${c.id}`}>{c.number}</Link>
                  </th>
                  <td>{t(c.kind === 'certificate' ? 'certificate.kind.certificate' : 'certificate.kind.attendance')}</td>
                  <td>{c.holder}</td>
                  <td>{pickLocalized(c.course, locale)}</td>
                  <td>{c.region ? localName(c.region, locale) : '—'}</td>
                  <td>{f.date(c.issued_at)}</td>
                  <td>{t(c.status === 'valid' ? 'admin.certificates.status.valid' : 'admin.certificates.status.revoked')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('admin.certificates.empty')}</p>
      )}
      <Pager label={t('admin.pagination')} shown={found} page={page} pages={Math.max(1, Math.ceil(total / pageSize))} href={pageLink} />

      <IssueForm courses={courses} lastResult={actionData?.intent === 'issue' ? actionData.result : undefined} />
      <ZipForm cohorts={cohorts} lastResult={actionData?.intent === 'zip' ? actionData.result : undefined} />
    </section>
  )
}
