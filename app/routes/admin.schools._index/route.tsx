import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { readCsvUpload } from '#app/http/csv-upload.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import { listRegistry, regionDistricts, registryRegionCounts } from '#app/modules/registry/list.server.ts'
import { readRegistryFile, REGISTRY_MAX_BYTES } from '#app/modules/registry/registry-file.server.ts'
import { startRegistryImport } from '#app/modules/registry/registry.server.ts'
import { RegionCounts, SchoolsList } from './schools-list.tsx'
import { RegistryUploadForm, UploadSchema } from './upload-form.tsx'

// The national school registry: its upload (admins), the schools it holds
// with filters, and how many each region has. A regional admin reads the
// schools of their regions and cannot import.

export const handle: PageHandle = { title: staffTitle('registry.title') }

const FilterSchema = z.object({
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  district: z.string().max(80).optional().catch(undefined),
  status: z.enum(['open', 'closed']).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const allowed = adminRegions(user)
  const filter = FilterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const region = filter.region && (!allowed || allowed.includes(filter.region)) ? filter.region : undefined
  const district = region ? filter.district || undefined : undefined
  const [regions, counts, districts, list] = await Promise.all([
    listRegions(work),
    registryRegionCounts(work, allowed),
    region ? regionDistricts(work, region) : Promise.resolve([]),
    listRegistry(work, { allowed, region, district, status: filter.status, q: filter.q || undefined, page: filter.page }),
  ])
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['registry.']),
    canImport: hasRole(user, 'admin'),
    regions: regions.filter((r) => !allowed || allowed.includes(r.code)),
    counts,
    districts,
    list,
    filter: { ...filter, region, district },
    url: args.request.url,
  }
}

export async function action(args: ActionFunctionArgs) {
  requireRole(args, 'admin')
  const { request, context } = args
  const locale = resolveLocale(request, context)
  const upload = await readCsvUpload(request, locale, REGISTRY_MAX_BYTES)
  if (!upload.ok) return upload.response
  const submission = await parseForm(upload.formData, UploadSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { file, full, sheet } = submission.value
  const fileError = (message: string) => data(submission.reply({ fieldErrors: { file: [message] } }), { status: 400 })
  const table = await readRegistryFile(new Uint8Array(await file.arrayBuffer()), sheet ? { sheet } : {})
  if (!table.ok) return fileError(translate(locale, table.error.key, table.error.params))
  const started = await startRegistryImport(context.work, table.value, { fileName: file.name, full: full ?? false, sheet: sheet ?? null })
  if (!started.ok) return fileError(translate(locale, started.error.key, started.error.params))
  // Not awaited: the job page shows its progress.
  return redirect(`/admin/schools/import/${started.value.jobId}`)
}

function AdminSchools() {
  const { canImport, regions, counts, districts, list, filter, url } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section aria-labelledby="registry-title" className="stack">
      <h1 id="registry-title">{t('registry.title')}</h1>
      <p>{t('registry.intro')}</p>
      {canImport ? <RegistryUploadForm /> : null}
      <RegionCounts counts={counts} />
      <SchoolsList regions={regions} districts={districts} list={list} filter={filter} url={url} />
    </section>
  )
}

export default withStaffMessages(AdminSchools)
