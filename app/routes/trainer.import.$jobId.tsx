import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RosterJobView } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { getRosterJob } from '#app/modules/roster/roster.server.ts'

export const handle: PageHandle = { title: 'import.job.title' }

// A trainer sees the roster imports they started.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getRosterJob(args.context.work, jobId)
  if (!job) notFound()
  invariantResponse(job.createdBy === user.id, 'error.forbidden.text', { status: 403 })
  return { job }
}

export default function TrainerImportJob() {
  const { job } = useLoaderData<typeof loader>()
  return <RosterJobView job={job} base="/trainer/import" />
}
