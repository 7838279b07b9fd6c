import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ImportCounts, ImportLineErrors } from '#app/components/import-page.tsx'
import { JobPage } from '#app/components/job-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getSessionsImportJob } from '#app/modules/parents/sessions-import.server.ts'

// A sessions import's progress and outcome, for the person who uploaded the
// file (and admins). Outside the /admin layout, as the upload page is.

export const handle: PageHandle = { title: staffTitle('parentImport.job.title') }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getSessionsImportJob(args.context.work, jobId)
  if (!job) notFound()
  invariantResponse(job.createdBy === user.id || hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
  return { messages: staffMessagesFor(resolveLocale(args.request, args.context)), job, canReport: hasRole(user, 'admin', 'regional_admin') }
}

export default withStaffMessages(ParentImportJobPage)

function ParentImportJobPage() {
  const { job, canReport } = useLoaderData<typeof loader>()
  const t = useT()
  const result = job.result
  return (
    <JobPage
      className="page"
      job={job}
      progressId="import-progress"
      title={t('parentImport.job.title')}
      summary={t('parentImport.job.summary', { file: job.fileName })}
      progressLabel={t('import.job.progress')}
      progressText={(values) => t('import.job.progressText', values)}
      runningText={job.processed >= job.total ? t('import.job.saving') : t('import.job.running')}
      crashedKey="import.job.crashed"
      actions={
        job.status !== 'running' ? (
          <p className="actions">
            <Link to="/admin/parents/import">{t('parentImport.job.another')}</Link>
            {canReport ? <Link to="/admin/parents">{t('parentImport.job.report')}</Link> : null}
          </p>
        ) : null
      }
    >
      {result?.kind === 'counts' ? (
        <>
          <ImportCounts
            counts={(['recorded', 'attendances', 'flagged', 'already'] as const).map((key) => ({ label: t(`parentImport.result.${key}`), value: result[key] }))}
          />
          {result.flaggedLines.length ? <p className="notice">{t('parentImport.result.flaggedLines', { lines: result.flaggedLines.join(', ') })}</p> : null}
        </>
      ) : null}
      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}
    </JobPage>
  )
}
