import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { JobPage } from '#app/components/job-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { getZipJob } from '#app/modules/certificates/zip.server.ts'

export const handle: PageHandle = { title: 'admin.certificates.zip.jobTitle' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getZipJob(args.context.work, jobId)
  if (!job) notFound()
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(job.cohort.region_code), 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function CertificateZipJobPage() {
  const { job } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const result = job.result
  return (
    <JobPage
      job={job}
      progressId="zip-progress"
      title={t('admin.certificates.zip.jobTitle')}
      summary={t('admin.certificates.zip.summary', { cohort: job.cohort.title })}
      progressLabel={t('admin.certificates.zip.progress')}
      progressText={(values) => t('admin.certificates.zip.progressText', values)}
      runningText={t('admin.certificates.zip.running')}
      crashedKey="admin.certificates.zip.crashed"
      actions={
        <p>
          <Link to="/admin/certificates">{t('admin.certificates.zip.back')}</Link>
        </p>
      }
    >
      {result?.kind === 'zip' ? (
        <>
          <p role="status" className="notice notice--success">
            {t('admin.certificates.zip.done')}
          </p>
          {result.certificates !== undefined ? (
            <>
              <h2 id="zip-counts">{t('admin.certificates.zip.counts')}</h2>
              <dl className="details" aria-labelledby="zip-counts">
                <dt>{t('admin.certificates.zip.countCertificates')}</dt>
                <dd>{f.number(result.certificates)}</dd>
                <dt>{t('admin.certificates.zip.countAttendance')}</dt>
                <dd>{f.number(result.attendance ?? 0)}</dd>
                <dt>{t('admin.certificates.zip.countRevoked')}</dt>
                <dd>{f.number(result.revoked ?? 0)}</dd>
              </dl>
              <p className="muted">{t('admin.certificates.zip.indexNote')}</p>
            </>
          ) : null}
          <p className="actions">
            <a className="button" href={`/admin/certificates/zip/${job.id}.zip`} download>
              {t('admin.certificates.zip.download', { files: f.number(result.files), size: f.number(result.bytes / 1_048_576, 1) })}
            </a>
          </p>
        </>
      ) : null}
    </JobPage>
  )
}
