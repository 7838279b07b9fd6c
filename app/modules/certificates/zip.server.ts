import fs from 'node:fs/promises'
import path from 'node:path'
import { Zip, ZipPassThrough } from 'fflate'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { createJob, readJob, yieldToServer, type JobHandle, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import { certificatePdf } from './issue.server.ts'
import { pdfRenderer } from './pdf-worker-thread.server.ts'
import { archived, cohortDocuments, countDocuments, INDEX_FILE, zipEntryName, zipIndex } from './zip-index.server.ts'

// A cohort's valid documents (certificates and attendance statements) as one
// ZIP file with an index that counts them apart and lists the revoked ones
// left out (zip-index.server.ts), built by a background job
// (app/modules/jobs, kind 'certificate-zip') and written to
// <exportsDir>/<jobId>.zip. The PDFs are stored, not deflated: their streams
// are compressed already, and deflating again would cost time for a percent
// or two. Everything the job needs is in the database, so a job whose process
// died is started again from the beginning by the next process to recover it.

/** `processed` is written after every this many files. */
const PROGRESS_EVERY = 10

/** The archive is written to its file in pieces of about this size. */
const WRITE_BYTES = 1024 * 1024

/** Where the archive of a job is (or will be) written. */
export function zipFilePath(work: Work, jobId: string): string {
  return path.join(work.config.exportsDir, `${jobId}.zip`)
}

/** One certificate for an archive: its registry number (the file's name) and how to render its PDF. */
export interface ZipItem {
  number: string
  /** The PDF's bytes, or null to leave the certificate out (it has gone since the list was made). */
  render: () => Promise<Uint8Array | null>
}

/**
 * Renders each item in turn and writes it to a ZIP at `file` as <number>.pdf.
 * At most two PDFs are held at a time (the next one renders while one is
 * written); the archive is written to `file.part` and renamed when complete,
 * so a reader never sees half an archive. Between files the event loop is
 * let go, so a server keeps answering requests.
 * `progress` is called after every PROGRESS_EVERY items and after the last.
 * `index`, given the numbers written, makes a last file (not counted in `files`).
 */
export async function writeCertificateZip(
  items: Iterable<ZipItem>,
  file: string,
  progress?: (processed: number) => Promise<void> | void,
  index?: (written: ReadonlySet<string>) => { name: string; bytes: Uint8Array },
): Promise<{ files: number; bytes: number }> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const part = `${file}.part`
  const handle = await fs.open(part, 'w')
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let failure: Error | null = null
  let bytes = 0
  // Stored entries are emitted synchronously: ondata has run by the time push() returns.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error
    else {
      pending.push(chunk)
      pendingBytes += chunk.byteLength
    }
  })
  // Written a megabyte at a time in one call: a call per chunk (three a
  // file) cost the server's thread more than the rest of the archive's writing.
  const flush = async (all = false) => {
    if (failure) throw failure
    if (!all && pendingBytes < WRITE_BYTES) return
    const chunks = pending
    pending = []
    pendingBytes = 0
    const size = chunks.reduce((n, c) => n + c.byteLength, 0)
    const { bytesWritten } = await handle.writev(chunks)
    if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes to ${part}`)
    bytes += size
  }
  let processed = 0
  const written = new Set<string>()
  const add = async (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name)
    zip.add(entry)
    entry.push(bytes, true)
    await flush()
  }
  // The next item is rendered while this one is written: renders run in a
  // thread of their own, so asking one ahead keeps that thread busy. A render
  // left behind by a failure is marked handled; the failure is what is thrown.
  const iterator = items[Symbol.iterator]()
  const ahead = () => {
    const next = iterator.next()
    if (next.done) return null
    const rendering = next.value.render()
    rendering.catch(() => {})
    return { item: next.value, rendering }
  }
  try {
    for (let current = ahead(); current;) {
      const { item, rendering } = current
      current = ahead()
      const pdf = await rendering
      if (pdf) {
        await add(zipEntryName(item.number), pdf)
        written.add(item.number)
      }
      processed++
      if (processed % PROGRESS_EVERY === 0) await progress?.(processed)
      await yieldToServer()
    }
    if (index) {
      const last = index(written)
      await add(last.name, last.bytes)
    }
    zip.end()
    await flush(true)
    await handle.close()
    await fs.rename(part, file)
  } catch (error) {
    await handle.close().catch(() => {})
    await fs.rm(part, { force: true })
    throw error
  }
  if (processed % PROGRESS_EVERY !== 0) await progress?.(processed)
  return { files: written.size, bytes }
}

// ---- the job ----

const ResultSchema = z.discriminatedUnion('kind', [
  // The counts are absent from archives built before they were counted apart.
  z.object({
    kind: z.literal('zip'),
    files: z.number(),
    bytes: z.number(),
    certificates: z.number().optional(),
    attendance: z.number().optional(),
    revoked: z.number().optional(),
  }),
  z.object({ kind: z.literal('failure'), key: z.enum(['admin.certificates.zip.crashed', 'admin.certificates.zip.interrupted']) }),
])
export type ZipJobResult = z.infer<typeof ResultSchema>

// The index is written in the language of the admin who asked for the archive.
const ParamsSchema = z.object({ cohortId: z.string(), locale: z.enum(['kk', 'ru', 'en']).default('kk') })
type ZipParams = z.infer<typeof ParamsSchema>

export const certificateZipJob: JobKind<ZipParams, ZipJobResult> = {
  name: 'certificate-zip',
  params: ParamsSchema,
  result: ResultSchema,
  crashed: { kind: 'failure', key: 'admin.certificates.zip.crashed' },
  interrupted: { kind: 'failure', key: 'admin.certificates.zip.interrupted' },
  resume: (job) => runZip(job),
}

/** The valid documents of a cohort (certificates and attendance statements), in registry order. */
export async function cohortValidCertificates(db: Database, cohortId: string) {
  return (await cohortDocuments(db, cohortId)).filter(archived)
}

/**
 * Records a ZIP job for a cohort's valid documents and starts it once
 * recorded: `done` settles when the archive is written or the job has failed
 * (it never rejects). Refuses a cohort without valid documents. The caller
 * checks that the actor may see the cohort.
 */
export async function startCertificateZip(
  work: Work,
  cohortId: string,
  locale: Locale = 'kk',
): Promise<Result<{ jobId: string; done: Promise<void> }, 'notFound' | 'noneValid'>> {
  const cohort = await work.db.selectFrom('cohorts').select(['id', 'title']).where('id', '=', cohortId).executeTakeFirst()
  if (!cohort) return fail('notFound')
  // Counted by the database: the documents' facts are read by the job, not by the request that starts it.
  const { valid } = await work.db
    .selectFrom('certificates')
    .select((eb) => eb.fn.countAll<number | string>().as('valid'))
    .where('cohort_id', '=', cohort.id)
    .where('status', '<>', 'revoked')
    .executeTakeFirstOrThrow()
  const total = Number(valid)
  if (total === 0) return fail('noneValid')
  return write(work, async (tx) => {
    const job = await createJob(tx, certificateZipJob, {
      fileName: `${cohort.title.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').slice(0, 190)}.zip`,
      params: { cohortId: cohort.id, locale },
      total,
    })
    // Names of a whole cohort leave the system in one file: that is worth a record.
    tx.audit({ action: 'certificate.export', targetType: 'cohort', targetId: cohort.id, details: { jobId: job.id, certificates: total } })
    tx.afterCommit(() => job.begin(work, runZip))
    return ok({ jobId: job.id, done: job.done })
  })
}

/** Renders the cohort's valid documents as they are now (a resumed job starts from the beginning). */
async function runZip(job: JobHandle<ZipParams, ZipJobResult>): Promise<void> {
  const { work } = job
  const documents = await cohortDocuments(work.db, job.params.cohortId)
  const certificates = documents.filter(archived)
  await job.progress(0, certificates.length)
  // Rendered in the certificate thread, so that the server's own only writes the archive.
  const renderer = pdfRenderer()
  const items: ZipItem[] = certificates.map((c) => ({
    number: c.number,
    render: async () => {
      const pdf = await certificatePdf(work, c.id, renderer.render)
      if (pdf && !pdf.matches) work.log.error({ certificate: pdf.number, jobId: job.id }, 'a certificate no longer renders to its recorded SHA-256')
      return pdf?.bytes ?? null
    },
  }))
  let counts = countDocuments(documents)
  const index = (written: ReadonlySet<string>) => {
    // A document gone since the list was made is neither in the archive nor counted.
    counts = countDocuments(documents.filter((d) => !archived(d) || written.has(d.number)))
    return { name: INDEX_FILE, bytes: zipIndex(documents, written, job.params.locale) }
  }
  const { files, bytes } = await writeCertificateZip(items, zipFilePath(work, job.id), (processed) => job.progress(processed), index).finally(() =>
    renderer.release(),
  )
  await job.progress(certificates.length)
  await job.finish(work.db, 'done', { kind: 'zip', files, bytes, ...counts })
}

/** A ZIP job with its cohort and its parsed result, or null when there is none. */
export async function getZipJob(work: Work, jobId: string) {
  const job = await readJob(work, certificateZipJob, jobId)
  if (!job) return null
  const cohort = await work.db.selectFrom('cohorts').select(['id', 'title', 'region_code']).where('id', '=', job.params.cohortId).executeTakeFirst()
  if (!cohort) return null
  const { id, status, fileName, total, processed, createdAt, finishedAt, result } = job
  return { id, status, fileName, total, processed, createdAt, finishedAt, cohort, result }
}
