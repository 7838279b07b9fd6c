import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ImportCounts, ImportLineErrors } from '#app/components/import-page.tsx'
import { JobPage } from '#app/components/job-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getRegistryJob } from '#app/modules/registry/registry.server.ts'

export const handle: PageHandle = { title: staffTitle('registry.job.title') }

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getRegistryJob(args.context.work, jobId)
  if (!job) notFound()
  return { job, messages: staffMessagesFor(resolveLocale(args.request, args.context), ['registry.']) }
}

function RegistryJobPage() {
  const { job } = useLoaderData<typeof loader>()
  const t = useT()
  const result = job.result
  return (
    <JobPage
      job={job}
      progressId="registry-progress"
      title={t('registry.job.title')}
      summary={t(job.params.full ? 'registry.job.summaryFull' : 'registry.job.summary', { file: job.fileName })}
      progressLabel={t('registry.job.progress')}
      progressText={(values) => t('registry.job.progressText', values)}
      runningText={job.processed >= job.params.rows ? t('registry.job.saving') : t('registry.job.running')}
      crashedKey="registry.job.crashed"
      actions={
        job.status !== 'running' ? (
          <p>
            <Link to="/admin/schools">{t('registry.job.another')}</Link>
          </p>
        ) : null
      }
    >
      {result?.kind === 'counts' ? (
        <ImportCounts
          counts={(['created', 'updated', 'closed', 'reopened', 'unchanged'] as const).map((key) => ({
            label: t(`registry.result.${key}`),
            value: result[key],
          }))}
        />
      ) : null}
      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}
    </JobPage>
  )
}

export default withStaffMessages(RegistryJobPage)
