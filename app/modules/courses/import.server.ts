import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import { formatDate, localIsoDate } from '#app/i18n/format.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import { DAY, addMs } from '#app/modules/clock/clock.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { FailureSchema, LineErrorsSchema, lineErrors } from '#app/modules/jobs/import-outcomes.server.ts'
import { createJob, readJob, yieldToServer, type JobHandle, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import { enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from './catalogue.server.ts'
import { listCohorts } from './cohorts.server.ts'
import { enrol } from './enrolment.server.ts'
import type { ImportFile } from './import-file.server.ts'
import { validateRows, type CohortFacts, type PlannedRow } from './import-rows.server.ts'

// Bulk enrolment from a CSV file. The file is read and its columns checked at
// once (readEnrolmentFile in import-file.server.ts); the rows are then
// validated by a background job in chunks, with its progress in `jobs`
// (app/modules/jobs), and written in one transaction only when every row is
// good. The file lives only in the memory of the process that runs the job,
// so a job whose process died is failed as interrupted, not resumed.

export const INVITATION_TTL_MS = 7 * DAY

const CountsSchema = z.object({
  kind: z.literal('counts'),
  usersCreated: z.number(),
  usersFound: z.number(),
  enrolled: z.number(),
  alreadyEnrolled: z.number(),
})
const ResultSchema = z.discriminatedUnion('kind', [CountsSchema, LineErrorsSchema, FailureSchema])
export type ImportResult = z.infer<typeof ResultSchema>
export type ImportCounts = Omit<z.infer<typeof CountsSchema>, 'kind'>

const ParamsSchema = z.object({ cohortId: z.string(), encoding: z.enum(['utf-8', 'windows-1251']), separator: z.enum([',', ';']) })
type ImportParams = z.infer<typeof ParamsSchema>

export const enrolmentImportJob: JobKind<ImportParams, ImportResult> = {
  name: 'enrolments',
  params: ParamsSchema,
  result: ResultSchema,
  crashed: { kind: 'failure', key: 'import.job.crashed' },
  interrupted: { kind: 'failure', key: 'import.job.interrupted' },
}

type ImportJob = JobHandle<ImportParams, ImportResult>

/**
 * Records an import job for `work`'s actor and starts it once recorded: `done`
 * settles when the job is finished (it never rejects; failures are recorded in
 * the job). The caller checks that the actor may import into the cohort.
 */
export async function startEnrolmentImport(
  work: Work,
  file: ImportFile,
  input: { cohortId: string; fileName: string },
): Promise<{ jobId: string; done: Promise<void> }> {
  return write(work, async (tx) => {
    const job = await createJob(tx, enrolmentImportJob, {
      fileName: input.fileName,
      params: { cohortId: input.cohortId, encoding: file.encoding, separator: file.separator },
      total: file.rows.length,
    })
    tx.afterCommit(() => job.begin(work, (handle) => runImport(handle, file, input.fileName)))
    return { jobId: job.id, done: job.done }
  })
}

/** An enrolment refused inside the write: the whole transaction rolls back. */
class ImportRefused extends Error {
  constructor(readonly result: ImportResult) {
    super('import refused')
  }
}

async function runImport(job: ImportJob, file: ImportFile, fileName: string): Promise<void> {
  const { work } = job
  try {
    const today = localIsoDate(work.now())
    const cohort = await work.db
      .selectFrom('cohorts')
      .select(['id', 'course_id', 'course_version_id', 'title', 'capacity', 'status', 'starts_on', 'ends_on'])
      .where('id', '=', job.params.cohortId)
      .executeTakeFirst()
    if (!cohort || cohort.status !== 'open' || cohort.ends_on < today)
      return await job.finish(work.db, 'failed', { kind: 'failure', key: 'import.job.cohortClosed' })
    const validation = await validateRows(work, cohort, file.rows, async (processed) => {
      await job.progress(processed)
      await yieldToServer()
    })
    if (!validation.ok) return await job.finish(work.db, 'failed', lineErrors(validation.error))
    await writeRows(job, fileName, cohort, validation.value, today)
  } catch (error) {
    if (error instanceof ImportRefused) return job.finish(work.db, 'failed', error.result)
    // Someone registered one of these teachers since the check: nothing was written.
    if (!(error instanceof Error && /UNIQUE constraint failed|duplicate key value/i.test(error.message))) throw error
    await job.finish(work.db, 'failed', { kind: 'failure', key: 'import.job.changed' })
  }
}

function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/**
 * A single-use link token that lets a new account set its first password,
 * valid for 7 days. Stored like a password-reset token (only its SHA-256), so
 * /reset-password/<token> accepts it.
 */
async function createInvitationToken(trx: Database, userId: string, created: Date): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
  await trx
    .insertInto('password_reset_tokens')
    .values({
      id: tokenId(token),
      user_id: userId,
      expires_at: addMs(created, INVITATION_TTL_MS).toISOString(),
      used_at: null,
      created_at: created.toISOString(),
    })
    .execute()
  return token
}

/** No password verifies against it (it is not an argon2 hash): the account waits for its invitation link. */
function unusablePassword(): string {
  return `!invited:${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))}`
}

async function writeRows(job: ImportJob, fileName: string, cohort: CohortFacts, rows: PlannedRow[], today: string): Promise<void> {
  const { work } = job
  const manifest = await versionManifest(work.db, cohort.course_version_id)
  const course = manifest?.title.kk ?? cohort.course_id
  await write(work, async (tx) => {
    const trx = tx.db
    const current = await trx.selectFrom('cohorts').select(['status', 'ends_on']).where('id', '=', cohort.id).executeTakeFirst()
    if (current?.status !== 'open' || current.ends_on < today) throw new ImportRefused({ kind: 'failure', key: 'import.job.cohortClosed' })
    const created = work.now()
    const stamp = created.toISOString()
    const fresh = rows.filter((r) => r.isNew)
    for (let i = 0; i < fresh.length; i += 100) {
      const batch = fresh.slice(i, i + 100)
      await trx
        .insertInto('users')
        .values(
          batch.map((r) => ({
            id: r.userId,
            email: r.email,
            iin: r.iin,
            full_name: r.fullName,
            search_text: userSearchText(r.fullName, r.email, r.iin),
            phone: null,
            region_code: r.regionCode,
            school_id: r.schoolId,
            password_hash: unusablePassword(),
            locale: 'kk' as const,
            is_active: 1,
            is_demo: 0,
            created_at: stamp,
            updated_at: stamp,
            deactivated_at: null,
          })),
        )
        .execute()
      await trx
        .insertInto('user_roles')
        .values(
          batch.map((r) => ({
            id: newId(),
            user_id: r.userId,
            role: 'teacher' as const,
            scope: '',
            region_code: null,
            school_id: null,
            granted_by: work.actorId,
            granted_at: stamp,
          })),
        )
        .execute()
    }
    if (fresh.length) tx.emit({ type: 'user.registered', userIds: fresh.map((r) => r.userId) })
    for (const r of fresh) {
      const token = await createInvitationToken(trx, r.userId, created)
      await enqueueMail(trx, {
        kind: 'import_invitation',
        userId: r.userId,
        to: r.email,
        subject: translate('kk', 'import.mail.subject', { course }),
        text: translate('kk', 'import.mail.body', {
          name: r.fullName,
          course,
          cohort: cohort.title,
          starts: formatDate(cohort.starts_on, 'kk'),
          ends: formatDate(cohort.ends_on, 'kk'),
          link: absoluteUrl(`/reset-password/${token}`),
        }),
      })
    }
    const counts: ImportCounts = { usersCreated: fresh.length, usersFound: rows.length - fresh.length, enrolled: 0, alreadyEnrolled: 0 }
    // Places are checked once here rather than by enrol() for every row, which
    // would count the cohort's enrolments again each time (seconds for 5,000 rows).
    const seated = await trx.selectFrom('enrolments').select('user_id').where('cohort_id', '=', cohort.id).where('status', '!=', 'withdrawn').execute()
    const seatedIds = new Set(seated.map((e) => e.user_id))
    const free = cohort.capacity - seated.length
    const over = rows.filter((r) => !seatedIds.has(r.userId))[Math.max(0, free)]
    const refuse = (line: number, key: MessageKey, params?: ImportMessage['params']) =>
      new ImportRefused({ kind: 'errors', errors: [{ line, key, params }], errorCount: 1, lineCount: 1 })
    // Validation passed, so someone changed the cohort or enrolled these teachers since.
    if (over) throw refuse(over.line, 'import.row.full', { capacity: cohort.capacity, free: Math.max(0, free) })
    for (const r of rows) {
      // enrol() joins this write, so one refusal undoes everything.
      const result = await enrol(tx.work, { userId: r.userId, cohortId: cohort.id, source: 'import', today, ignoreCapacity: true })
      if (!result.ok) {
        if (result.error === 'alreadyEnrolled') throw refuse(r.line, 'import.row.otherCohort')
        if (result.error === 'attemptsSpent') throw refuse(r.line, 'import.row.attemptsSpent')
        throw new ImportRefused({ kind: 'failure', key: 'import.job.cohortClosed' })
      }
      if (result.created) counts.enrolled++
      else counts.alreadyEnrolled++
    }
    if (counts.usersCreated + counts.enrolled > 0) {
      tx.audit({ action: 'import.enrolments', targetType: 'cohort', targetId: cohort.id, details: { jobId: job.id, ...counts } })
    }
    tx.audit({ action: 'import.run', targetType: 'import_job', targetId: job.id, details: { cohortId: cohort.id, fileName, rows: rows.length, ...counts } })
    await job.finish(trx, 'done', { kind: 'counts', ...counts })
  })
}

/** The open cohorts `regions` may import into (null: every region), grouped by course for the form's option groups. */
export async function importableCohorts(work: Work, regions: string[] | null) {
  const cohorts = await listCohorts(work, { regions, openOnly: true, today: localIsoDate(work.now()) })
  const courses = new Map<string, { id: string; title: Localized | null; cohorts: typeof cohorts }>()
  for (const cohort of cohorts) {
    let course = courses.get(cohort.course_id)
    if (!course) {
      const manifest = await versionManifest(work.db, cohort.course_version_id)
      course = { id: cohort.course_id, title: manifest?.title ?? null, cohorts: [] }
      courses.set(cohort.course_id, course)
    }
    course.cohorts.push(cohort)
  }
  return [...courses.values()]
}

/** An import job with its cohort and its parsed result, or null when there is none. */
export async function getImportJob(work: Work, jobId: string) {
  const job = await readJob(work, enrolmentImportJob, jobId)
  if (!job) return null
  const cohort = await work.db.selectFrom('cohorts').select(['id', 'title', 'region_code']).where('id', '=', job.params.cohortId).executeTakeFirst()
  if (!cohort) return null
  const { id, status, fileName, total, processed, createdAt, finishedAt, result } = job
  return { id, status, fileName, total, processed, createdAt, finishedAt, cohort, result }
}
