import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseSubmission } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { iinField } from '#app/modules/auth/forms.ts'
import { certificateYears, cohortsWithCertificates, issueForTeacher, searchCertificates } from '#app/modules/certificates/registry.server.ts'
import { startCertificateZip } from '#app/modules/certificates/zip.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'admin.certificates.title' }

const SearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  course: z.string().trim().max(100).optional().catch(undefined),
  cohort: z.string().regex(/^[a-z2-7]{16}$/).optional().catch(undefined),
  region: z.string().regex(/^KZ-\d{2}$/).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

const IssueSchema = z.object({
  intent: z.literal('issue'),
  iin: iinField,
  courseId: z.string({ required_error: 'admin.certificates.issue.courseRequired' }).trim().min(1, 'admin.certificates.issue.courseRequired').max(100),
})

const ZipSchema = z.object({
  intent: z.literal('zip'),
  cohortId: z.string({ required_error: 'admin.certificates.zip.cohortRequired' }).regex(/^[a-z2-7]{16}$/, 'admin.certificates.zip.cohortRequired'),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { db } = args.context
  const regions = adminRegions(user)
  const params = SearchSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  // A regional admin who asks for another region's certificates gets none: both filters apply.
  const [result, courses, cohorts, years, allRegions] = await Promise.all([
    searchCertificates(db, {
      q: params.q || undefined, courseId: params.course || undefined, cohortId: params.cohort, regionCode: params.region, year: params.year,
      regions, page: params.page,
    }),
    listCatalogue(db, {}, localIsoDate(now())),
    cohortsWithCertificates(db, regions),
    certificateYears(db, regions),
    listRegions(args.context.work),
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
  const { context, request } = args
  const regions = adminRegions(user)
  const formData = await request.formData()
  if (formData.get('intent') === 'zip') {
    const submission = parseSubmission(formData, { schema: ZipSchema })
    if (submission.status !== 'success') return data({ intent: 'zip' as const, result: submission.reply() }, { status: 400 })
    const cohort = await getCohort(context.db, submission.value.cohortId)
    const refuse = (key: string) => data({ intent: 'zip' as const, result: submission.reply({ fieldErrors: { cohortId: [key] } }) }, { status: 400 })
    if (!cohort) return refuse('admin.certificates.zip.cohortRequired')
    invariantResponse(regions === null || regions.includes(cohort.region_code), 'error.forbidden.text', { status: 403 })
    const started = await startCertificateZip(context.db, { cohortId: cohort.id, actorUserId: user.id, ip: context.clientIp })
    if (!started.ok) return refuse(started.error === 'noneValid' ? 'admin.certificates.zip.noneValid' : 'admin.certificates.zip.cohortRequired')
    // Not awaited: the job page shows its progress.
    return redirect(`/admin/certificates/zip/${started.jobId}`)
  }
  const submission = parseSubmission(formData, { schema: IssueSchema })
  if (submission.status !== 'success') return data({ intent: 'issue' as const, result: submission.reply() }, { status: 400 })
  const issued = await issueForTeacher(context.db, {
    iin: submission.value.iin, courseId: submission.value.courseId, regions, actorUserId: user.id, ip: context.clientIp,
  })
  if (!issued.ok) {
    const field = issued.error === 'noTeacher' ? 'iin' : 'courseId'
    return data({ intent: 'issue' as const, result: submission.reply({ fieldErrors: { [field]: [`admin.certificates.issue.${issued.error}`] } }) }, { status: 400 })
  }
  return redirect(`/admin/certificates/${issued.certificateId}?done=${issued.created ? 'issued' : 'existing'}`)
}

export default function AdminCertificates() {
  const { rows, total, page, pageSize, params, courses, cohorts, years, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [issueForm, issueFields] = useForm({
    id: 'issue',
    lastResult: actionData?.intent === 'issue' ? actionData.result : undefined,
    constraint: getZodConstraint(IssueSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssueSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const [zipForm, zipFields] = useForm({
    id: 'zip',
    lastResult: actionData?.intent === 'zip' ? actionData.result : undefined,
    constraint: getZodConstraint(ZipSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ZipSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const pageLink = (p: number) => {
    const sp = new URLSearchParams()
    for (const key of ['q', 'course', 'cohort', 'region', 'year'] as const) {
      const value = params[key]
      if (value) sp.set(key, String(value))
    }
    sp.set('page', String(p))
    return `?${sp}`
  }
  const zipCohorts = cohorts.filter((c) => c.valid > 0)
  const busy = navigation.state === 'submitting'
  return (
    <section aria-labelledby="certificates-title">
      <h1 id="certificates-title">{t('admin.certificates.title')}</h1>
      <Form method="get" className="filters" role="search" aria-label={t('admin.certificates.search')}>
        <div className="field">
          <label htmlFor="q">{t('admin.certificates.query')}</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ''} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="filter-course">{t('admin.certificates.course')}</label>
          <select id="filter-course" name="course" defaultValue={params.course ?? ''}>
            <option value="">{t('admin.certificates.anyCourse')}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>{pickLocalized(c.title, locale)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-cohort">{t('admin.certificates.cohort')}</label>
          <select id="filter-cohort" name="cohort" defaultValue={params.cohort ?? ''}>
            <option value="">{t('admin.certificates.anyCohort')}</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>{c.title}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-region">{t('admin.certificates.region')}</label>
          <select id="filter-region" name="region" defaultValue={params.region ?? ''}>
            <option value="">{t('admin.certificates.anyRegion')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>{localName(r, locale)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-year">{t('admin.certificates.year')}</label>
          <select id="filter-year" name="year" defaultValue={params.year ? String(params.year) : ''}>
            <option value="">{t('admin.certificates.anyYear')}</option>
            {years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">{t('admin.certificates.search')}</button>
      </Form>

      <p role="status">{t('admin.certificates.found', { count: f.number(total) })}</p>
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
                  <th scope="row"><Link to={`/admin/certificates/${c.id}`}>{c.number}</Link></th>
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
      {pages > 1 ? (
        <nav aria-label={t('admin.pagination')} className="pagination">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('admin.previous')}</Link> : null}
          <span>{t('admin.pageOf', { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t('admin.next')}</Link> : null}
        </nav>
      ) : null}

      <Form method="post" {...getFormProps(issueForm)} className="stack card" aria-labelledby="issue-title">
        <h2 id="issue-title">{t('admin.certificates.issue.title')}</h2>
        <p>{t('admin.certificates.issue.intro')}</p>
        <input type="hidden" name="intent" value="issue" />
        <Field
          label={t('admin.certificates.issue.iin')}
          errors={issueFields.iin.errors}
          errorId={issueFields.iin.errorId}
          inputProps={{ ...getInputProps(issueFields.iin, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off', maxLength: 12 }}
        />
        <SelectField
          label={t('admin.certificates.course')}
          errors={issueFields.courseId.errors}
          errorId={issueFields.courseId.errorId}
          selectProps={getSelectProps(issueFields.courseId)}
        >
          <option value="">{t('admin.certificates.issue.chooseCourse')}</option>
          {courses.map((c) => (
            <option key={c.slug} value={c.slug}>{pickLocalized(c.title, locale)}</option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>{t('admin.certificates.issue.submit')}</button>
      </Form>

      <section className="stack card" aria-labelledby="zip-title">
        <h2 id="zip-title">{t('admin.certificates.zip.title')}</h2>
        <p>{t('admin.certificates.zip.intro')}</p>
        {zipCohorts.length ? (
          <Form method="post" {...getFormProps(zipForm)} className="stack">
            <input type="hidden" name="intent" value="zip" />
            <SelectField
              label={t('admin.certificates.cohort')}
              errors={zipFields.cohortId.errors}
              errorId={zipFields.cohortId.errorId}
              selectProps={getSelectProps(zipFields.cohortId)}
            >
              <option value="">{t('admin.certificates.zip.chooseCohort')}</option>
              {zipCohorts.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('admin.certificates.zip.cohortOption', { title: c.title, region: localName(c, locale), count: f.number(c.valid) })}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button" disabled={busy}>{t('admin.certificates.zip.submit')}</button>
          </Form>
        ) : (
          <p className="notice">{t('admin.certificates.zip.noCohorts')}</p>
        )}
      </section>
    </section>
  )
}
