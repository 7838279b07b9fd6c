import { createHash } from 'node:crypto'
import { z } from 'zod'
import { actingAs, write, type Work } from '#app/core/work.server.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { FailureSchema, LineErrorsSchema, isMessageKey, lineErrors, type RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { createJob, readJob, yieldToServer, type JobHandle, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import { canRunCentre } from './centres.server.ts'
import { parseSessionDate, type SessionRow, type SessionsFile } from './sessions-file.server.ts'
import { parentLessonChoices, recordSession, SessionInputSchema, type FieldErrors, type RecordResult, type SessionInput } from './sessions.server.ts'

// Sessions from a CSV file, for schools that keep their register on paper.
// The file is read with the app's CSV reader (app/modules/csv: encodings,
// separators, quotes, physical line numbers); a background job (app/modules/jobs)
// then checks every row with recordSession itself in writes that are rolled
// back, chunk by chunk with progress, and only a file without a bad row is
// written, in one transaction. Each row carries a client key made from its
// content, so the same file (or the same rows in another file) uploaded again
// records nothing. The file lives only in the memory of the process running
// the job: a job whose process died is failed as interrupted, not resumed.

const CHUNK_ROWS = 200
const MAX_STORED_FLAGGED = 200

// ---- checking the rows ----

/** A row that passed its own checks. */
interface CheckedRow {
  line: number
  schoolId: string
  session: Omit<SessionInput, 'clientKey'>
}

/** A row ready for recordSession, with its client key. */
interface PlannedRow extends CheckedRow {
  session: SessionInput
}

interface Reference {
  /** A coordinator's own school: rows without a school are theirs. */
  defaultSchool: string | null
  schools: Set<string>
  /** Series id → lesson keys (module/lesson). */
  lessons: Map<string, string[]>
  allowed: Map<string, boolean>
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()
/** A value quoted back in a message: short enough for a table cell. */
const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

/** "listening" for "lessons/listening" when the series has one lesson of that id. */
function lessonKeyOf(text: string, keys: string[]): string {
  const value = text.trim().toLowerCase()
  if (value.includes('/')) return value
  const matches = keys.filter((k) => k.endsWith(`/${value}`))
  return matches.length === 1 ? matches[0]! : value
}

/** What makes two rows the same session: everything but the notes, normalised. */
function rowContent(row: CheckedRow): string {
  const s = row.session
  return JSON.stringify([row.schoolId, s.courseId, s.lessonKey, s.heldOn, collapse(s.facilitator).toLocaleLowerCase('kk'), s.headCount])
}

/**
 * The deterministic client key of a row: its content and how many identical
 * rows came before it in the file. The same file (or the same rows in another
 * file) uploaded again records nothing, and two groups written as identical
 * rows are still two sessions.
 */
export function rowClientKey(content: string, occurrence: number): string {
  return `csv-${createHash('sha256').update(`${content}#${occurrence}`).digest('hex').slice(0, 40)}`
}

/** Checks one row on its own (values, school, permission); the errors are its reasons, in column order. */
async function checkRow(work: Work, actor: AuthUser, row: SessionRow, ref: Reference): Promise<{ planned: CheckedRow | null; errors: ImportMessage[] }> {
  if (row.problem) return { planned: null, errors: [row.problem] }
  const errors: ImportMessage[] = []
  const schoolText = row.school.trim()
  const schoolId = schoolText || ref.defaultSchool
  if (!schoolId) errors.push({ key: 'parentImport.row.schoolMissing' })
  else if (!ref.schools.has(schoolId)) errors.push({ key: 'parentImport.row.school', params: { value: shown(schoolText) } })
  else {
    if (!ref.allowed.has(schoolId)) ref.allowed.set(schoolId, await canRunCentre(work, actor, schoolId))
    if (!ref.allowed.get(schoolId)) errors.push({ key: 'parentImport.row.notYourSchool', params: { value: shown(schoolId) } })
  }
  const series = row.series.trim().toLowerCase()
  const keys = ref.lessons.get(series)
  if (!series) errors.push({ key: 'parentImport.row.seriesMissing' })
  else if (!keys) errors.push({ key: 'parentImport.row.series', params: { value: shown(row.series.trim()) } })
  const lessonText = row.lesson.trim()
  const lessonKey = keys ? lessonKeyOf(lessonText, keys) : lessonText
  if (!lessonText) errors.push({ key: 'parentImport.row.lessonMissing' })
  else if (keys && !keys.includes(lessonKey)) errors.push({ key: 'parentImport.row.lesson', params: { value: shown(lessonText), series } })
  const dateText = row.date.trim()
  const heldOn = parseSessionDate(dateText)
  if (!dateText) errors.push({ key: 'parentImport.row.dateMissing' })
  else if (!heldOn) errors.push({ key: 'parentImport.row.date', params: { value: shown(dateText) } })
  // The session form's own rules for the rest, field by field in column order.
  const fields = SessionInputSchema.shape
  const ruleOf = (result: z.SafeParseReturnType<unknown, unknown>, fallback: MessageKey) => {
    const message = result.error?.issues[0]?.message
    if (!result.success) errors.push({ key: message && isMessageKey(message) ? message : fallback })
  }
  ruleOf(fields.facilitator.safeParse(collapse(row.facilitator)), 'parents.error.facilitator')
  const countText = row.headCount.replace(/\s+/g, '')
  if (!countText) errors.push({ key: 'parentImport.row.headCountMissing' })
  else if (!/^[+-]?\d+$/.test(countText)) errors.push({ key: 'parents.error.headCount' })
  else ruleOf(fields.headCount.safeParse(countText), 'parents.error.headCount')
  ruleOf(fields.notes.safeParse(row.notes), 'parents.error.notes')

  const parsed = SessionInputSchema.omit({ clientKey: true }).safeParse({
    courseId: series,
    lessonKey,
    heldOn: heldOn ?? '',
    facilitator: collapse(row.facilitator),
    headCount: countText,
    notes: row.notes,
  })
  // Not expected after the checks above; never let a row pass silently.
  if (!parsed.success && !errors.length)
    for (const issue of parsed.error.issues) errors.push({ key: isMessageKey(issue.message) ? issue.message : 'parents.error.lesson' })
  if (errors.length || !parsed.success || !schoolId) return { planned: null, errors }
  return { planned: { line: row.line, schoolId, session: parsed.data }, errors }
}

const FIELD_ORDER: (keyof FieldErrors)[] = ['form', 'courseId', 'lessonKey', 'heldOn', 'facilitator', 'headCount', 'notes', 'clientKey']

/** recordSession's refusal of a row as line errors. */
function refusalErrors(row: PlannedRow, result: Extract<RecordResult, { ok: false }>): RowError[] {
  const errors: RowError[] = []
  for (const field of FIELD_ORDER) {
    for (const key of result.error.fieldErrors[field] ?? []) {
      if (key === 'parents.error.lesson')
        errors.push({ line: row.line, key: 'parentImport.row.lesson', params: { value: row.session.lessonKey, series: row.session.courseId } })
      else if (isMessageKey(key)) errors.push({ line: row.line, key, params: result.error.params })
    }
  }
  return errors
}

/** Ends a dry run's transaction. */
class DryRunOver extends Error {}

/** Runs rows through recordSession in a write that is always rolled back: its refusals, nothing written. */
async function dryRun(work: Work, actor: AuthUser, rows: PlannedRow[]): Promise<RowError[]> {
  const errors: RowError[] = []
  try {
    await write(actingAs(work, actor.id), async (tx) => {
      for (const row of rows) {
        const result = await recordSession(tx.work, { schoolId: row.schoolId, session: row.session, source: 'csv' })
        if (!result.ok) errors.push(...refusalErrors(row, result))
      }
      throw new DryRunOver()
    })
  } catch (error) {
    if (!(error instanceof DryRunOver)) throw error
  }
  return errors
}

// ---- the job ----

const CountsSchema = z.object({
  kind: z.literal('counts'),
  // New sessions that count; new ones flagged as the same lesson again that
  // day; rows an earlier upload recorded; the head counts added.
  recorded: z.number(),
  flagged: z.number(),
  already: z.number(),
  attendances: z.number(),
  flaggedLines: z.array(z.number()),
})
const ResultSchema = z.discriminatedUnion('kind', [CountsSchema, LineErrorsSchema, FailureSchema])
export type ImportResult = z.infer<typeof ResultSchema>

/** What a job keeps about its file, for support. */
const ParamsSchema = z.object({
  format: z.enum(['csv', 'unicode-text', 'xlsx']).default('csv'),
  encoding: z.string().nullable(),
  separator: z.string().nullable(),
})
type JobParams = z.infer<typeof ParamsSchema>

export const sessionsImportJob: JobKind<JobParams, ImportResult> = {
  name: 'parent_sessions',
  params: ParamsSchema,
  result: ResultSchema,
  crashed: { kind: 'failure', key: 'import.job.crashed' },
  interrupted: { kind: 'failure', key: 'import.job.interrupted' },
}

type SessionsJob = JobHandle<JobParams, ImportResult>

/** The write refused a row: the whole transaction rolls back. */
class ImportRefused extends Error {
  constructor(readonly result: ImportResult) {
    super('import refused')
  }
}

/**
 * Records an import job for `actor` (the work's actor) and starts it once
 * recorded: `done` settles when it is finished (it never rejects; failures
 * are kept in the job). Which rows the actor may write is checked per row.
 */
export async function startSessionsImport(
  work: Work,
  file: SessionsFile,
  input: { actor: AuthUser; fileName: string },
): Promise<{ jobId: string; done: Promise<void> }> {
  return write(work, async (tx) => {
    const job = await createJob(tx, sessionsImportJob, {
      fileName: input.fileName,
      params: { format: file.format, encoding: file.encoding, separator: file.separator },
      total: file.rows.length,
    })
    tx.afterCommit(() => job.begin(work, (handle) => runImport(handle, file, input)))
    return { jobId: job.id, done: job.done }
  })
}

async function loadReference(work: Work, actor: AuthUser): Promise<Reference> {
  const own = [...new Set(actor.roles.filter((r) => r.role === 'coordinator' && r.schoolId).map((r) => r.schoolId!))]
  const [schools, series] = await Promise.all([work.db.selectFrom('schools').select('id').execute(), parentLessonChoices(work)])
  return {
    defaultSchool: own.length === 1 ? own[0]! : null,
    schools: new Set(schools.map((s) => s.id)),
    lessons: new Map(series.map((s) => [s.courseId, s.lessons.map((l) => l.key)])),
    allowed: new Map(),
  }
}

async function runImport(job: SessionsJob, file: SessionsFile, input: { actor: AuthUser; fileName: string }): Promise<void> {
  const { work } = job
  try {
    const ref = await loadReference(work, input.actor)
    const errors: RowError[] = []
    const planned: PlannedRow[] = []
    const occurrences = new Map<string, number>()
    for (let start = 0; start < file.rows.length; start += CHUNK_ROWS) {
      const chunk: PlannedRow[] = []
      for (const row of file.rows.slice(start, start + CHUNK_ROWS)) {
        const checked = await checkRow(work, input.actor, row, ref)
        for (const e of checked.errors) errors.push({ line: row.line, ...e })
        if (!checked.planned) continue
        const content = rowContent(checked.planned)
        const occurrence = occurrences.get(content) ?? 0
        occurrences.set(content, occurrence + 1)
        chunk.push({ ...checked.planned, session: { ...checked.planned.session, clientKey: rowClientKey(content, occurrence) } })
      }
      errors.push(...(await dryRun(work, input.actor, chunk)))
      planned.push(...chunk)
      await job.progress(Math.min(start + CHUNK_ROWS, file.rows.length))
      await yieldToServer()
    }
    if (errors.length) return await job.finish(work.db, 'failed', lineErrors(errors))
    await writeRows(job, planned, input)
  } catch (error) {
    if (error instanceof ImportRefused) return job.finish(work.db, 'failed', error.result)
    throw error
  }
}

/** Every row in one transaction: a refusal now (a centre changed since the check) undoes them all. */
async function writeRows(job: SessionsJob, rows: PlannedRow[], input: { actor: AuthUser; fileName: string }): Promise<void> {
  const { work } = job
  await write(work, async (tx) => {
    const counts = { recorded: 0, flagged: 0, already: 0, attendances: 0 }
    const flaggedLines: number[] = []
    const refused: RowError[] = []
    for (const row of rows) {
      // recordSession joins this transaction.
      const result = await recordSession(tx.work, { schoolId: row.schoolId, session: row.session, source: 'csv' })
      if (!result.ok) refused.push(...refusalErrors(row, result))
      else if (!result.value.created) counts.already++
      else if (result.value.duplicateOf) {
        counts.flagged++
        flaggedLines.push(row.line)
      } else {
        counts.recorded++
        counts.attendances += row.session.headCount
      }
    }
    if (refused.length) throw new ImportRefused(lineErrors(refused))
    tx.audit({
      action: 'parent_session.import',
      targetType: 'import_job',
      targetId: job.id,
      details: { fileName: input.fileName, rows: rows.length, ...counts },
    })
    await job.finish(tx.db, 'done', { kind: 'counts', ...counts, flaggedLines: flaggedLines.slice(0, MAX_STORED_FLAGGED) })
  })
}

/** A sessions import job with its parsed result, or null when there is none. */
export async function getSessionsImportJob(work: Work, jobId: string) {
  const job = await readJob(work, sessionsImportJob, jobId)
  if (!job) return null
  const { id, status, fileName, total, processed, createdBy, createdAt, finishedAt, result } = job
  return { id, status, fileName, total, processed, createdBy, createdAt, finishedAt, result }
}
