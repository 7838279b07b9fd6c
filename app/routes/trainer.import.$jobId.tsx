import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RosterJobView } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { MoreMessages } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getRosterJob } from '#app/modules/roster/roster.server.ts'

export const handle: PageHandle = { title: 'import.job.title' }

// A trainer sees the roster imports they started.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getRosterJob(args.context.work, jobId)
  if (!job) notFound()
  invariantResponse(job.createdBy === user.id, 'error.forbidden.text', { status: 403 })
  return { messages: staffMessagesFor(resolveLocale(args.request, args.context), ['roster.']), job }
}

export default function TrainerImportJob() {
  const { messages, job } = useLoaderData<typeof loader>()
  return (
    <MoreMessages messages={messages}>
      <RosterJobView job={job} base="/trainer/import" />
    </MoreMessages>
  )
}
