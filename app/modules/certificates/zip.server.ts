import fs from 'node:fs/promises'
import path from 'node:path'
import { Zip, ZipPassThrough } from 'fflate'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { certificatePdf } from './issue.server.ts'

// A cohort's valid certificates as one ZIP file, built in the background with
// its progress in import_jobs (kind 'certificate-zip'), written under
// <database folder>/exports/<jobId>.zip. The PDFs are stored, not deflated:
// their streams are compressed already, and deflating again would cost time
// for a percent or two.

export const ZIP_JOB_KIND = 'certificate-zip'
/** `processed` is written after every this many files. */
const PROGRESS_EVERY = 10

/**
 * Where archives are written: EXPORTS_DIR (shared storage when several app
 * processes serve one PostgreSQL), else beside the SQLite file, else ./data.
 */
export function exportsDir(databaseUrl: string | undefined = process.env.DATABASE_URL): string {
  if (process.env.EXPORTS_DIR) return path.resolve(process.env.EXPORTS_DIR)
  const file = databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl) ? databaseUrl.replace(/^file:/, '') : null
  const base = file && file !== ':memory:' ? path.dirname(path.resolve(file)) : path.resolve('data')
  return path.join(base, 'exports')
}

export function zipFilePath(jobId: string, dir: string = exportsDir()): string {
  return path.join(dir, `${jobId}.zip`)
}

/** One certificate for an archive: its registry number (the file's name) and how to render its PDF. */
export interface ZipItem {
  number: string
  /** The PDF's bytes, or null to leave the certificate out (it has gone since the list was made). */
  render: () => Promise<Uint8Array | null>
}

const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Renders each item in turn and writes it to a ZIP at `file` as <number>.pdf.
 * Only one PDF is held at a time; the archive is written to `file.part` and
 * renamed when complete, so a reader never sees half an archive. Between
 * renders the event loop is let go, so a server keeps answering requests.
 * `progress` is called after every PROGRESS_EVERY items and after the last.
 */
export async function writeCertificateZip(
  items: Iterable<ZipItem>,
  file: string,
  progress?: (processed: number) => Promise<void> | void,
): Promise<{ files: number; bytes: number }> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const part = `${file}.part`
  const handle = await fs.open(part, 'w')
  let pending: Uint8Array[] = []
  let failure: Error | null = null
  let bytes = 0
  // Stored entries are emitted synchronously: ondata has run by the time push() returns.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error
    else pending.push(chunk)
  })
  const flush = async () => {
    const chunks = pending
    pending = []
    for (const chunk of chunks) {
      await handle.write(chunk)
      bytes += chunk.byteLength
    }
    if (failure) throw failure
  }
  let processed = 0
  let files = 0
  try {
    for (const item of items) {
      const pdf = await item.render()
      if (pdf) {
        const entry = new ZipPassThrough(`${item.number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`)
        zip.add(entry)
        entry.push(pdf, true)
        files++
        await flush()
      }
      processed++
      if (processed % PROGRESS_EVERY === 0) await progress?.(processed)
      await yieldToServer()
    }
    zip.end()
    await flush()
    await handle.close()
    await fs.rename(part, file)
  } catch (error) {
    await handle.close().catch(() => {})
    await fs.rm(part, { force: true })
    throw error
  }
  if (processed % PROGRESS_EVERY !== 0) await progress?.(processed)
  return { files, bytes }
}

// ---- jobs ----

const FAILURE_KEYS = ['admin.certificates.zip.crashed', 'admin.certificates.zip.interrupted'] as const

const ResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zip'), files: z.number(), bytes: z.number() }),
  z.object({ kind: z.literal('failure'), key: z.enum(FAILURE_KEYS) }),
])
export type ZipJobResult = z.infer<typeof ResultSchema>

const JobParamsSchema = z.object({ cohortId: z.string() })

/**
 * Jobs this process is running. A job marked running that is not here and is
 * older than STALE_MS was cut short by a restart.
 */
const activeJobs = new Set<string>()
const STALE_MS = 10 * 60_000

async function finishJob(db: Database, jobId: string, status: 'done' | 'failed', result: ZipJobResult, processed?: number): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ status, result: JSON.stringify(result), finished_at: nowIso(), ...(processed === undefined ? {} : { processed }) })
    .where('id', '=', jobId)
    .execute()
}

/** The valid certificates of a cohort, in registry order. */
export async function cohortValidCertificates(db: Database, cohortId: string) {
  return db
    .selectFrom('certificates')
    .select(['id', 'number'])
    .where('cohort_id', '=', cohortId)
    .where('status', '=', 'valid')
    .orderBy('year')
    .orderBy('seq')
    .execute()
}

export interface StartZip {
  cohortId: string
  actorUserId: string | null
  ip: string | null
  /** Where to write the archive; exportsDir() unless a test says otherwise. */
  dir?: string
}

/**
 * Records a ZIP job for a cohort's valid certificates and starts it without
 * waiting: `done` settles when the archive is written or the job has failed
 * (it never rejects). Refuses a cohort without valid certificates. The caller
 * checks that the user may see the cohort.
 */
export async function startCertificateZip(
  db: Database,
  input: StartZip,
): Promise<{ ok: true; jobId: string; done: Promise<void> } | { ok: false; error: 'notFound' | 'noneValid' }> {
  const cohort = await db.selectFrom('cohorts').select(['id', 'title']).where('id', '=', input.cohortId).executeTakeFirst()
  if (!cohort) return { ok: false, error: 'notFound' }
  const certificates = await cohortValidCertificates(db, cohort.id)
  if (certificates.length === 0) return { ok: false, error: 'noneValid' }
  const jobId = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('import_jobs')
      .values({
        id: jobId, kind: ZIP_JOB_KIND, status: 'running', file_name: `${cohort.title.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').slice(0, 190)}.zip`,
        total: certificates.length, processed: 0, result: null, params: JSON.stringify({ cohortId: cohort.id } satisfies z.infer<typeof JobParamsSchema>),
        created_by: input.actorUserId, created_at: nowIso(), finished_at: null,
      })
      .execute()
    // Names of a whole cohort leave the system in one file: that is worth a record.
    await writeAudit(trx, { actorUserId: input.actorUserId, action: 'certificate.export', targetType: 'cohort', targetId: cohort.id, details: { jobId, certificates: certificates.length }, ip: input.ip })
  })
  activeJobs.add(jobId)
  const done = runJob(db, jobId, certificates, zipFilePath(jobId, input.dir)).finally(() => activeJobs.delete(jobId))
  return { ok: true, jobId, done }
}

async function runJob(db: Database, jobId: string, certificates: { id: string; number: string }[], file: string): Promise<void> {
  try {
    const items: ZipItem[] = certificates.map((c) => ({
      number: c.number,
      render: async () => {
        const pdf = await certificatePdf({ db }, c.id)
        if (pdf && !pdf.matches) console.error(`Certificate ${pdf.number} no longer renders to its recorded SHA-256`)
        return pdf?.bytes ?? null
      },
    }))
    const { files, bytes } = await writeCertificateZip(items, file, async (processed) => {
      await db.updateTable('import_jobs').set({ processed }).where('id', '=', jobId).execute()
    })
    await finishJob(db, jobId, 'done', { kind: 'zip', files, bytes }, certificates.length)
  } catch (error) {
    console.error(`Certificate ZIP ${jobId} failed:`, error)
    await finishJob(db, jobId, 'failed', { kind: 'failure', key: 'admin.certificates.zip.crashed' }).catch((e: unknown) => console.error(e))
  }
}

/** A ZIP job with its cohort and its parsed result, or null when there is none. */
export async function getZipJob(db: Database, jobId: string) {
  const job = await db.selectFrom('import_jobs').selectAll().where('id', '=', jobId).where('kind', '=', ZIP_JOB_KIND).executeTakeFirst()
  if (!job) return null
  const params = JobParamsSchema.safeParse(JSON.parse(job.params))
  if (!params.success) return null
  const cohort = await db.selectFrom('cohorts').select(['id', 'title', 'region_code']).where('id', '=', params.data.cohortId).executeTakeFirst()
  if (!cohort) return null
  const parsed = job.result ? ResultSchema.safeParse(JSON.parse(job.result)) : null
  let status = job.status
  let result: ZipJobResult | null = parsed?.success ? parsed.data : null
  if (status === 'running' && !activeJobs.has(job.id) && now().getTime() - new Date(job.created_at).getTime() > STALE_MS) {
    status = 'failed'
    result = { kind: 'failure', key: 'admin.certificates.zip.interrupted' }
  }
  return { id: job.id, status, fileName: job.file_name, total: job.total, processed: job.processed, createdAt: job.created_at, finishedAt: job.finished_at, cohort, result }
}
