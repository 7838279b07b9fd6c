import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RosterUploadPage } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle } from '#app/components/staff-page.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { rosterUploadData, submitRosterUpload } from '#app/http/roster-upload.server.ts'
import { MoreMessages } from '#app/i18n/i18n.tsx'
import type { RosterAccess } from '#app/modules/roster/access.ts'

// The national roster upload for admins (any cohort) and regional admins
// (cohorts of their regions); trainers have the same form at /trainer/import.

export const handle: PageHandle = { title: staffTitle('roster.title') }

function accessOf(args: LoaderFunctionArgs): RosterAccess {
  const regions = adminRegions(requireRole(args, 'admin', 'regional_admin'))
  return regions === null ? { kind: 'all' } : { kind: 'regions', regions }
}

export const loader = (args: LoaderFunctionArgs) => rosterUploadData(args, accessOf(args))

export const action = (args: ActionFunctionArgs) => submitRosterUpload(args, accessOf(args), '/admin/import')

export default function AdminImport() {
  const { messages, courses } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <MoreMessages messages={messages}>
      <RosterUploadPage courses={courses} lastResult={lastResult} base="/admin/import" />
    </MoreMessages>
  )
}
