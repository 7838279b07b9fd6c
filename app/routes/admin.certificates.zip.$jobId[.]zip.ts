import fs from 'node:fs'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { getZipJob, zipFilePath } from '#app/modules/certificates/zip.server.ts'

// A finished archive of a cohort's certificates, for whoever may see the cohort's region.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { jobId } = parseParams(args.params, { jobId: Id })
  const { work } = args.context
  const job = await getZipJob(work, jobId)
  if (!job) notFound()
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(job.cohort.region_code), 'error.forbidden.text', { status: 403 })
  if (job.status !== 'done') notFound()
  const file = zipFilePath(work, job.id)
  const stat = await fs.promises.stat(file).catch(() => null)
  if (!stat?.isFile()) notFound()
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file)), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Length': String(stat.size),
      'Content-Disposition': `attachment; filename="certificates-${job.cohort.id}.zip"; filename*=UTF-8''${encodeURIComponent(job.fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  })
}
