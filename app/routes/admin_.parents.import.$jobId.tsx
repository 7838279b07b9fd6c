import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { JobRefresh } from '#app/components/job-refresh.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { getSessionsImportJob } from '#app/modules/parents/sessions-import.server.ts'
import { ImportLineErrors, ImportProgress } from '#app/components/import-job.tsx'

// A sessions import's progress and outcome, for the person who uploaded the
// file (and admins). Outside the /admin layout, as the upload page is.

export const handle: PageHandle = { title: staffTitle('parentImport.job.title') }

const ParamsSchema = z.object({ jobId: z.string().regex(/^[a-z2-7]{16}$/) })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const job = await getSessionsImportJob(args.context.db, params.data.jobId)
  if (!job) notFound()
  invariantResponse(job.createdBy === user.id || hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)), job, canReport: hasRole(user, 'admin', 'regional_admin') }
}

export default withStaffMessages(ParentImportJobPage)

function ParentImportJobPage() {
  const { job, canReport } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const running = job.status === 'running'
  const result = job.result
  return (
    <section className="page" aria-labelledby="job-title">
      <JobRefresh running={running} />
      <h1 id="job-title">{t('parentImport.job.title')}</h1>
      <p>{t('parentImport.job.summary', { file: job.fileName })}</p>
      <ImportProgress processed={job.processed} total={job.total} running={running} />

      {result?.kind === 'counts' ? (
        <>
          <p role="status" className="notice notice--success">{t('import.job.done')}</p>
          <h2>{t('import.result.title')}</h2>
          <ul className="stats" role="list">
            {(['recorded', 'attendances', 'flagged', 'already'] as const).map((key) => (
              <li key={key} className="stat">
                <span className="stat__value">{f.number(result[key])}</span>
                <span className="stat__label">{t(`parentImport.result.${key}`)}</span>
              </li>
            ))}
          </ul>
          {result.flaggedLines.length ? <p className="notice">{t('parentImport.result.flaggedLines', { lines: result.flaggedLines.join(', ') })}</p> : null}
        </>
      ) : null}

      {result?.kind === 'failure' ? <p role="alert" className="form-errors">{t(result.key, result.params)}</p> : null}
      {!running && !result ? <p role="alert" className="form-errors">{t('import.job.crashed')}</p> : null}

      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}

      {!running ? (
        <p className="actions">
          <Link to="/admin/parents/import">{t('parentImport.job.another')}</Link>
          {canReport ? <Link to="/admin/parents">{t('parentImport.job.report')}</Link> : null}
        </p>
      ) : null}
    </section>
  )
}
