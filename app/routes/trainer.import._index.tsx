import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RosterUploadPage } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle } from '#app/components/staff-page.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { rosterUploadData, submitRosterUpload } from '#app/http/roster-upload.server.ts'
import { MoreMessages } from '#app/i18n/i18n.tsx'
import type { RosterAccess } from '#app/modules/roster/access.ts'

// The roster upload for trainers: the same form as /admin/import, into the
// cohorts they train and no other.

export const handle: PageHandle = { title: staffTitle('roster.title') }

function accessOf(args: LoaderFunctionArgs): RosterAccess {
  return { kind: 'trainer', trainerId: requireRole(args, 'trainer').id }
}

export const loader = (args: LoaderFunctionArgs) => rosterUploadData(args, accessOf(args))

export const action = (args: ActionFunctionArgs) => submitRosterUpload(args, accessOf(args), '/trainer/import')

export default function TrainerImport() {
  const { messages, courses } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <MoreMessages messages={messages}>
      <RosterUploadPage courses={courses} lastResult={lastResult} base="/trainer/import" />
    </MoreMessages>
  )
}
