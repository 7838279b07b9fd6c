import { actingAs, systemWork, write } from '#app/core/work.server.ts'
import { silentLogger } from '#app/core/log.ts'
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { allMessageKeys, translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import { formatDate, localIsoDate } from '#app/i18n/format.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { emailField } from '#app/modules/auth/forms.ts'
import { iinProblem } from '#app/modules/auth/iin.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import { DAY, addMs, now, nowIso } from '#app/modules/clock/clock.server.ts'
import { enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { absoluteUrl } from '#app/http/public-origin.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { seatsTaken } from './cohorts.server.ts'
import type { ImportFile, ImportMessage, ImportRow } from './csv-parse.server.ts'
import { enrol } from './enrolment.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'

// Bulk enrolment from a CSV file. The file is read and its columns checked at
// once (readEnrolmentFile in csv-parse.server.ts); the rows are then validated
// in the background in chunks, with progress in import_jobs, and written in
// one transaction only when every row is good (startEnrolmentImport).

export const INVITATION_TTL_MS = 7 * DAY
const CHUNK_ROWS = 500
const MAX_STORED_ERRORS = 1_000
const NAME_MAX = 120

export interface RowError extends ImportMessage {
  line: number
}

// ---- validating the rows ----

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()
const nameKey = (s: string) => collapse(s).toLocaleLowerCase('kk')
/** A value quoted back in a message: short enough for a table cell. */
const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

interface Reference {
  regions: Set<string>
  schoolRegion: Map<string, string>
  /** `${region}|${name in lower case}` → school ids, for Kazakh and Russian names. */
  schoolsByName: Map<string, string[]>
}

async function loadReference(db: Database): Promise<Reference> {
  const regions = await db.selectFrom('regions').select('code').execute()
  const schools = await db.selectFrom('schools').select(['id', 'region_code', 'name_kk', 'name_ru']).execute()
  const schoolsByName = new Map<string, string[]>()
  for (const s of schools) {
    for (const name of new Set([nameKey(s.name_kk), nameKey(s.name_ru)])) {
      const key = `${s.region_code}|${name}`
      schoolsByName.set(key, [...(schoolsByName.get(key) ?? []), s.id])
    }
  }
  return { regions: new Set(regions.map((r) => r.code)), schoolRegion: new Map(schools.map((s) => [s.id, s.region_code])), schoolsByName }
}

interface CleanRow {
  line: number
  iin: string
  fullName: string
  email: string
  regionCode: string
  schoolId: string
}

/** Checks one row on its own; the errors are its reasons, in column order. */
function checkRow(row: ImportRow, ref: Reference): { clean: CleanRow; errors: ImportMessage[] } {
  // A row that could not be split has no trustworthy values to check.
  if (row.problem) return { clean: { line: row.line, iin: '', fullName: '', email: '', regionCode: '', schoolId: '' }, errors: [row.problem] }
  const errors: ImportMessage[] = []
  const iin = row.iin.replace(/\s+/g, '')
  const fullName = collapse(row.fullName)
  const emailText = row.email.trim()
  const regionCode = row.region.trim().toUpperCase()
  const schoolText = collapse(row.school)
  let email = emailText.toLowerCase()
  let schoolId = ''
  if (!iin) errors.push({ key: 'import.row.iinMissing' })
  else {
    const problem = iinProblem(iin)
    if (problem) errors.push({ key: `validation.iin.${problem}` })
  }
  if (!fullName) errors.push({ key: 'import.row.fullNameMissing' })
  else if (fullName.length > NAME_MAX) errors.push({ key: 'import.row.fullNameTooLong' })
  if (!emailText) errors.push({ key: 'import.row.emailMissing' })
  else {
    const parsed = emailField.safeParse(emailText)
    if (parsed.success) email = parsed.data
    else errors.push({ key: 'import.row.email', params: { value: shown(emailText) } })
  }
  if (!regionCode) errors.push({ key: 'import.row.regionMissing' })
  else if (!ref.regions.has(regionCode)) errors.push({ key: 'import.row.region', params: { value: shown(row.region.trim()) } })
  if (!schoolText) errors.push({ key: 'import.row.schoolMissing' })
  else if (ref.regions.has(regionCode)) {
    const byName = ref.schoolsByName.get(`${regionCode}|${nameKey(schoolText)}`) ?? []
    if (ref.schoolRegion.get(schoolText) === regionCode) schoolId = schoolText
    else if (byName.length === 1) schoolId = byName[0]!
    else errors.push({ key: byName.length > 1 ? 'import.row.schoolAmbiguous' : 'import.row.school', params: { value: shown(schoolText), region: regionCode } })
  }
  return { clean: { line: row.line, iin, fullName, email, regionCode, schoolId }, errors }
}

interface CohortFacts {
  id: string
  course_id: string
  course_version_id: string
  title: string
  capacity: number
  status: 'open' | 'closed'
  starts_on: string
  ends_on: string
}

/** A row ready to write, with the user it names: found, or new with a fresh id. */
interface PlannedRow extends CleanRow {
  userId: string
  isNew: boolean
}

type Validation = { ok: true; rows: PlannedRow[] } | { ok: false; errors: RowError[] }

/**
 * Validates every row against the reference data, the users and enrolments
 * already there and the cohort's free places, CHUNK_ROWS at a time, calling
 * `progress` after each chunk.
 */
async function validateRows(db: Database, cohort: CohortFacts, rows: ImportRow[], progress: (processed: number) => Promise<void>): Promise<Validation> {
  const ref = await loadReference(db)
  const errors: RowError[] = []
  const planned: PlannedRow[] = []
  const firstLineOfIin = new Map<string, number>()
  const firstLineOfEmail = new Map<string, number>()
  const free = cohort.capacity - (await seatsTaken(db, cohort.id))
  let seatsNeeded = 0
  let fullReported = false

  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const checked = rows.slice(start, start + CHUNK_ROWS).map((row) => checkRow(row, ref))
    const iins = [...new Set(checked.map((c) => c.clean.iin).filter(Boolean))]
    const emails = [...new Set(checked.map((c) => c.clean.email).filter(Boolean))]
    const users = await db
      .selectFrom('users')
      .select(['id', 'email', 'iin'])
      .where((eb) => eb.or([eb('iin', 'in', iins.length ? iins : ['']), eb('email', 'in', emails.length ? emails : [''])]))
      .execute()
    const enrolments = users.length
      ? await db.selectFrom('enrolments').select(['user_id', 'cohort_id', 'status']).where('course_id', '=', cohort.course_id).where('user_id', 'in', users.map((u) => u.id)).execute()
      : []

    for (const { clean, errors: own } of checked) {
      const { line, iin, email } = clean
      const rowErrors: ImportMessage[] = [...own]
      const firstIin = iin ? firstLineOfIin.get(iin) : undefined
      if (iin && firstIin !== undefined) {
        rowErrors.push({ key: 'import.row.duplicateIin', params: { iin: shown(iin), other: firstIin } })
        errors.push({ line: firstIin, key: 'import.row.duplicateIin', params: { iin: shown(iin), other: line } })
      } else if (iin) firstLineOfIin.set(iin, line)
      const firstEmail = email ? firstLineOfEmail.get(email) : undefined
      if (email && firstEmail !== undefined) {
        rowErrors.push({ key: 'import.row.duplicateEmail', params: { email: shown(email), other: firstEmail } })
        errors.push({ line: firstEmail, key: 'import.row.duplicateEmail', params: { email: shown(email), other: line } })
      } else if (email) firstLineOfEmail.set(email, line)

      const byIin = iin ? users.find((u) => u.iin === iin) : undefined
      const byEmail = email ? users.find((u) => u.email === email) : undefined
      if (byIin && byIin.email !== email) rowErrors.push({ key: 'import.row.iinTaken', params: { iin: shown(iin) } })
      if (byEmail && byEmail.iin !== iin) rowErrors.push({ key: 'import.row.emailTaken', params: { email: shown(email) } })
      const existing = byIin && byIin === byEmail ? byIin : undefined
      const mine = existing ? enrolments.filter((e) => e.user_id === existing.id) : []
      const here = mine.find((e) => e.cohort_id === cohort.id)
      if (here?.status === 'withdrawn') rowErrors.push({ key: 'import.row.withdrawn' })
      else if (!here && mine.some((e) => e.status === 'active' || e.status === 'completed')) rowErrors.push({ key: 'import.row.otherCohort' })

      // A place for every row not enrolled yet, counted in file order; a
      // repeated IIN is reported above and needs no second place.
      if (!here && firstIin === undefined) {
        seatsNeeded++
        if (seatsNeeded > free && !fullReported) {
          rowErrors.push({ key: 'import.row.full', params: { capacity: cohort.capacity, free: Math.max(0, free) } })
          fullReported = true
        }
      }
      for (const e of rowErrors) errors.push({ line, ...e })
      if (rowErrors.length === 0) {
        planned.push({ ...clean, userId: existing?.id ?? newId(), isNew: !existing })
      }
    }
    await progress(Math.min(start + CHUNK_ROWS, rows.length))
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
  return { ok: true, rows: planned }
}

// ---- writing ----

function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/**
 * A single-use link token that lets a new account set its first password,
 * valid for 7 days. Stored like a password-reset token (only its SHA-256), so
 * /reset-password/<token> accepts it.
 */
export async function createInvitationToken(db: Database, userId: string): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
  const created = now()
  await db
    .insertInto('password_reset_tokens')
    .values({ id: tokenId(token), user_id: userId, expires_at: addMs(created, INVITATION_TTL_MS).toISOString(), used_at: null, created_at: created.toISOString() })
    .execute()
  return token
}

export interface ImportCounts {
  usersCreated: number
  usersFound: number
  enrolled: number
  alreadyEnrolled: number
}

/** An enrolment refused inside the write: the whole transaction rolls back. */
class ImportRefused extends Error {
  constructor(readonly result: ImportResult) {
    super('import refused')
  }
}

interface RunContext {
  jobId: string
  actorUserId: string | null
  fileName: string
  ip: string | null
}

async function writeRows(db: Database, run: RunContext, cohort: CohortFacts, rows: PlannedRow[], today: string): Promise<ImportCounts> {
  const manifest = await versionManifest(db, cohort.course_version_id)
  const course = manifest?.title.kk ?? cohort.course_id
  // Acts for the admin who started the import; it needs none of the server's settings.
  const work = actingAs(systemWork(db, { production: false, demoPassword: null, smtpConfigured: false, uploadsDir: '', certSigningKeyFile: null }, silentLogger), run.actorUserId, run.ip)
  return write(work, async (tx) => {
    const trx = tx.db
    const current = await trx.selectFrom('cohorts').select(['status', 'ends_on']).where('id', '=', cohort.id).executeTakeFirst()
    if (current?.status !== 'open' || current.ends_on < today) throw new ImportRefused({ kind: 'failure', key: 'import.job.cohortClosed' })
    const stamp = nowIso()
    const fresh = rows.filter((r) => r.isNew)
    for (let i = 0; i < fresh.length; i += 100) {
      const batch = fresh.slice(i, i + 100)
      await trx
        .insertInto('users')
        .values(batch.map((r) => ({
          id: r.userId, email: r.email, iin: r.iin, full_name: r.fullName, search_text: userSearchText(r.fullName, r.email, r.iin), phone: null,
          region_code: r.regionCode, school_id: r.schoolId, password_hash: unusablePassword(), locale: 'kk' as const,
          is_active: 1, is_demo: 0, created_at: stamp, updated_at: stamp, deactivated_at: null,
        })))
        .execute()
      await trx
        .insertInto('user_roles')
        .values(batch.map((r) => ({ id: newId(), user_id: r.userId, role: 'teacher' as const, scope: '', region_code: null, school_id: null, granted_by: run.actorUserId, granted_at: stamp })))
        .execute()
    }
    await refreshMetrics(trx, ['registered_site_users'], fresh.map((r) => r.userId))
    for (const r of fresh) {
      const token = await createInvitationToken(trx, r.userId)
      await enqueueMail(trx, {
        kind: 'import_invitation',
        userId: r.userId,
        to: r.email,
        subject: translate('kk', 'import.mail.subject', { course }),
        text: translate('kk', 'import.mail.body', {
          name: r.fullName, course, cohort: cohort.title, starts: formatDate(cohort.starts_on, 'kk'), ends: formatDate(cohort.ends_on, 'kk'),
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
      await writeAudit(trx, { actorUserId: run.actorUserId, action: 'import.enrolments', targetType: 'cohort', targetId: cohort.id, details: { jobId: run.jobId, ...counts }, ip: run.ip })
    }
    await writeAudit(trx, { actorUserId: run.actorUserId, action: 'import.run', targetType: 'import_job', targetId: run.jobId, details: { cohortId: cohort.id, fileName: run.fileName, rows: rows.length, ...counts }, ip: run.ip })
    await finishJob(trx, run.jobId, 'done', { kind: 'counts', ...counts })
    return counts
  })
}

/** No password verifies against it (it is not an argon2 hash): the account waits for its invitation link. */
function unusablePassword(): string {
  return `!invited:${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))}`
}

// ---- jobs ----

const knownKeys = new Set<string>(allMessageKeys())
const MessageKeySchema = z.string().refine((k): k is MessageKey => knownKeys.has(k))
const ParamsSchema = z.record(z.union([z.string(), z.number()])).optional()

const ResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('counts'), usersCreated: z.number(), usersFound: z.number(), enrolled: z.number(), alreadyEnrolled: z.number() }),
  z.object({
    kind: z.literal('errors'),
    errors: z.array(z.object({ line: z.number(), key: MessageKeySchema, params: ParamsSchema })),
    errorCount: z.number(),
    lineCount: z.number(),
  }),
  z.object({ kind: z.literal('failure'), key: MessageKeySchema, params: ParamsSchema }),
])
export type ImportResult = z.infer<typeof ResultSchema>

const JobParamsSchema = z.object({ cohortId: z.string(), encoding: z.enum(['utf-8', 'windows-1251']), separator: z.enum([',', ';']) })

async function finishJob(db: Database, jobId: string, status: 'done' | 'failed', result: ImportResult): Promise<void> {
  await db.updateTable('import_jobs').set({ status, result: JSON.stringify(result), finished_at: nowIso() }).where('id', '=', jobId).execute()
}

/**
 * Jobs this process is running. A job marked running that is not here and is
 * older than STALE_MS was cut short by a restart (its transaction never
 * committed, so it wrote nothing).
 */
const activeJobs = new Set<string>()
const STALE_MS = 2 * 60_000

export interface StartImport {
  cohortId: string
  actorUserId: string | null
  fileName: string
  ip: string | null
}

/**
 * Records an import job and starts it without waiting: `done` settles when the
 * job is finished (it never rejects; failures are recorded in the job).
 */
export async function startEnrolmentImport(db: Database, file: ImportFile, input: StartImport): Promise<{ jobId: string; done: Promise<void> }> {
  const jobId = newId()
  await db
    .insertInto('import_jobs')
    .values({
      id: jobId, kind: 'enrolments', status: 'running', file_name: input.fileName.slice(0, 200), total: file.rows.length, processed: 0, result: null,
      params: JSON.stringify({ cohortId: input.cohortId, encoding: file.encoding, separator: file.separator } satisfies z.infer<typeof JobParamsSchema>),
      created_by: input.actorUserId, created_at: nowIso(), finished_at: null,
    })
    .execute()
  activeJobs.add(jobId)
  const done = runJob(db, file, { ...input, jobId }).finally(() => activeJobs.delete(jobId))
  return { jobId, done }
}

async function runJob(db: Database, file: ImportFile, run: RunContext & { cohortId: string }): Promise<void> {
  try {
    const today = localIsoDate(now())
    const cohort = await db
      .selectFrom('cohorts')
      .select(['id', 'course_id', 'course_version_id', 'title', 'capacity', 'status', 'starts_on', 'ends_on'])
      .where('id', '=', run.cohortId)
      .executeTakeFirst()
    if (!cohort || cohort.status !== 'open' || cohort.ends_on < today) return await finishJob(db, run.jobId, 'failed', { kind: 'failure', key: 'import.job.cohortClosed' })
    const validation = await validateRows(db, cohort, file.rows, async (processed) => {
      await db.updateTable('import_jobs').set({ processed }).where('id', '=', run.jobId).execute()
      // Let the server answer other requests (this page's refreshes among them).
      await new Promise((resolve) => setImmediate(resolve))
    })
    if (!validation.ok) {
      const lines = new Set(validation.errors.map((e) => e.line))
      return await finishJob(db, run.jobId, 'failed', { kind: 'errors', errors: validation.errors.slice(0, MAX_STORED_ERRORS), errorCount: validation.errors.length, lineCount: lines.size })
    }
    await writeRows(db, run, cohort, validation.rows, today)
  } catch (error) {
    if (error instanceof ImportRefused) return finishJob(db, run.jobId, 'failed', error.result)
    const changed = error instanceof Error && /UNIQUE constraint failed|duplicate key value/i.test(error.message)
    if (!changed) console.error(`Import ${run.jobId} failed:`, error)
    await finishJob(db, run.jobId, 'failed', { kind: 'failure', key: changed ? 'import.job.changed' : 'import.job.crashed' }).catch((e: unknown) => console.error(e))
  }
}

/** An import job with its cohort and its parsed result, or null when there is none. */
export async function getImportJob(db: Database, jobId: string) {
  const job = await db.selectFrom('import_jobs').selectAll().where('id', '=', jobId).where('kind', '=', 'enrolments').executeTakeFirst()
  if (!job) return null
  const params = JobParamsSchema.parse(JSON.parse(job.params))
  const cohort = await db.selectFrom('cohorts').select(['id', 'title', 'region_code']).where('id', '=', params.cohortId).executeTakeFirst()
  if (!cohort) return null
  const parsed = job.result ? ResultSchema.safeParse(JSON.parse(job.result)) : null
  let status = job.status
  let result: ImportResult | null = parsed?.success ? parsed.data : null
  if (status === 'running' && !activeJobs.has(job.id) && now().getTime() - new Date(job.created_at).getTime() > STALE_MS) {
    status = 'failed'
    result = { kind: 'failure', key: 'import.job.interrupted' }
  }
  return { id: job.id, status, fileName: job.file_name, total: job.total, processed: job.processed, createdAt: job.created_at, finishedAt: job.finished_at, cohort, result }
}
