import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { JobRefresh } from '#app/components/job-refresh.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { getZipJob } from '#app/modules/certificates/zip.server.ts'

export const handle: PageHandle = { title: 'admin.certificates.zip.jobTitle' }

const ParamsSchema = z.object({ jobId: z.string().regex(/^[a-z2-7]{16}$/) })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const job = await getZipJob(args.context.db, params.data.jobId)
  if (!job) notFound()
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(job.cohort.region_code), 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function CertificateZipJobPage() {
  const { job } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const running = job.status === 'running'

  const percent = f.percent(job.total ? job.processed / job.total : 0, 0)
  const result = job.result
  return (
    <section aria-labelledby="zip-job-title">
      <JobRefresh running={running} />
      <h1 id="zip-job-title">{t('admin.certificates.zip.jobTitle')}</h1>
      <p>{t('admin.certificates.zip.summary', { cohort: job.cohort.title })}</p>
      <div className="field">
        <label htmlFor="zip-progress">{t('admin.certificates.zip.progress')}</label>
        <progress id="zip-progress" max={Math.max(1, job.total)} value={job.processed}>{percent}</progress>
        <p className="field-description">
          {t('admin.certificates.zip.progressText', { processed: f.number(job.processed), total: f.number(job.total), percent })}
        </p>
      </div>

      {running ? <p role="status" className="notice">{t('admin.certificates.zip.running')}</p> : null}
      {result?.kind === 'zip' ? (
        <>
          <p role="status" className="notice notice--success">{t('admin.certificates.zip.done')}</p>
          <p className="actions">
            <a className="button" href={`/admin/certificates/zip/${job.id}.zip`} download>
              {t('admin.certificates.zip.download', { files: f.number(result.files), size: f.number(result.bytes / 1_048_576, 1) })}
            </a>
          </p>
        </>
      ) : null}
      {result?.kind === 'failure' ? <p role="alert" className="form-errors">{t(result.key)}</p> : null}
      {!running && !result ? <p role="alert" className="form-errors">{t('admin.certificates.zip.crashed')}</p> : null}

      <p>
        <Link to="/admin/certificates">{t('admin.certificates.zip.back')}</Link>
      </p>
    </section>
  )
}
