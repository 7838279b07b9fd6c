import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RosterJobView } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { MoreMessages } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getRosterJob } from '#app/modules/roster/roster.server.ts'

export const handle: PageHandle = { title: 'import.job.title' }

// An admin sees every roster import; a regional admin the ones they started.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const job = await getRosterJob(args.context.work, jobId)
  if (!job) notFound()
  invariantResponse(hasRole(user, 'admin') || job.createdBy === user.id, 'error.forbidden.text', { status: 403 })
  return { messages: staffMessagesFor(resolveLocale(args.request, args.context), ['roster.']), job }
}

export default function ImportJobPage() {
  const { messages, job } = useLoaderData<typeof loader>()
  return (
    <MoreMessages messages={messages}>
      <RosterJobView job={job} base="/admin/import" />
    </MoreMessages>
  )
}
