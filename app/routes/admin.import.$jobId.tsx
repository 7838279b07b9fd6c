import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ImportCounts, ImportLineErrors } from '#app/components/import-page.tsx'
import { JobPage } from '#app/components/job-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { getImportJob } from '#app/modules/courses/import.server.ts'

export const handle: PageHandle = { title: 'import.job.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getImportJob(args.context.work, jobId)
  if (!job) notFound()
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(job.cohort.region_code), 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function ImportJobPage() {
  const { job } = useLoaderData<typeof loader>()
  const t = useT()
  const result = job.result
  return (
    <JobPage
      job={job}
      progressId="import-progress"
      title={t('import.job.title')}
      summary={t('import.job.summary', { file: job.fileName, cohort: job.cohort.title })}
      progressLabel={t('import.job.progress')}
      progressText={(values) => t('import.job.progressText', values)}
      runningText={job.processed >= job.total ? t('import.job.saving') : t('import.job.running')}
      crashedKey="import.job.crashed"
      actions={
        job.status !== 'running' ? (
          <p>
            <Link to="/admin/import">{t('import.job.another')}</Link>
          </p>
        ) : null
      }
    >
      {result?.kind === 'counts' ? (
        <ImportCounts
          counts={(['usersCreated', 'usersFound', 'enrolled', 'alreadyEnrolled'] as const).map((key) => ({
            label: t(`import.result.${key}`),
            value: result[key],
          }))}
        />
      ) : null}
      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}
    </JobPage>
  )
}
