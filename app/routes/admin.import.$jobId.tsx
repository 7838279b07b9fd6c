import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { JobRefresh } from '#app/components/job-refresh.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { getImportJob } from '#app/modules/courses/import.server.ts'
import { ImportLineErrors, ImportProgress } from '#app/components/import-job.tsx'

export const handle: PageHandle = { title: 'import.job.title' }

const ParamsSchema = z.object({ jobId: z.string().regex(/^[a-z2-7]{16}$/) })

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const job = await getImportJob(args.context.db, params.data.jobId)
  if (!job) notFound()
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(job.cohort.region_code), 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function ImportJobPage() {
  const { job } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const running = job.status === 'running'

  const result = job.result
  return (
    <section aria-labelledby="job-title">
      <JobRefresh running={running} />
      <h1 id="job-title">{t('import.job.title')}</h1>
      <p>{t('import.job.summary', { file: job.fileName, cohort: job.cohort.title })}</p>
      <ImportProgress processed={job.processed} total={job.total} running={running} />

      {result?.kind === 'counts' ? (
        <>
          <p role="status" className="notice notice--success">{t('import.job.done')}</p>
          <h2>{t('import.result.title')}</h2>
          <ul className="stats" role="list">
            {(['usersCreated', 'usersFound', 'enrolled', 'alreadyEnrolled'] as const).map((key) => (
              <li key={key} className="stat">
                <span className="stat__value">{f.number(result[key])}</span>
                <span className="stat__label">{t(`import.result.${key}`)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {result?.kind === 'failure' ? <p role="alert" className="form-errors">{t(result.key, result.params)}</p> : null}
      {!running && !result ? <p role="alert" className="form-errors">{t('import.job.crashed')}</p> : null}

      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}

      {!running ? (
        <p>
          <Link to="/admin/import">{t('import.job.another')}</Link>
        </p>
      ) : null}
    </section>
  )
}
