import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RosterJobView } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { getRosterJob } from '#app/modules/roster/roster.server.ts'

export const handle: PageHandle = { title: 'import.job.title' }

// An admin sees every roster import; a regional admin the ones they started.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getRosterJob(args.context.work, jobId)
  if (!job) notFound()
  invariantResponse(hasRole(user, 'admin') || job.createdBy === user.id, 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function ImportJobPage() {
  const { job } = useLoaderData<typeof loader>()
  return <RosterJobView job={job} base="/admin/import" />
}
