import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { allMessageKeys, type MessageKey } from '#app/i18n/catalog.server.ts'
import { actingAs, write, type Work } from '#app/core/work.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { readCsvTable, type CsvEncoding, type CsvSeparator, type ImportMessage, type TableSpec } from '#app/modules/courses/csv-parse.server.ts'
import { canRunCentre } from './centres.server.ts'
import { parentLessonChoices, recordSession, SessionInputSchema, type FieldErrors, type RecordResult, type SessionInput } from './sessions.server.ts'

// Sessions from a CSV file, for schools that keep their register on paper.
// The file is read with the enrolment import's CSV reader (encodings,
// separators, quotes, physical line numbers); every row is then checked by
// recordSession itself in transactions that are rolled back, chunk by chunk
// with progress, and only a file without a bad row is written, in one
// transaction. Each row carries a client key made from its content, so the
// same file (or the same rows in another file) uploaded again records nothing.

export const MAX_SESSION_ROWS = 5_000
const CHUNK_ROWS = 200
const MAX_STORED_ERRORS = 1_000
const MAX_STORED_FLAGGED = 200
export const JOB_KIND = 'parent_sessions'

// ---- the file ----

type Column = 'school' | 'series' | 'lesson' | 'date' | 'facilitator' | 'headCount' | 'notes'
const COLUMNS: Column[] = ['school', 'series', 'lesson', 'date', 'facilitator', 'headCount', 'notes']
/** The school may be left out by a coordinator (their own school); notes are optional. */
const REQUIRED: Column[] = ['series', 'lesson', 'date', 'facilitator', 'headCount']

const SESSIONS_TABLE: TableSpec<Column> = {
  columns: COLUMNS,
  required: REQUIRED,
  headerNames: {
    school: ['Мектеп', 'Школа', 'School', 'Мектеп коды', 'Код школы', 'School id'],
    series: ['Сабақтар топтамасы', 'Серия занятий', 'Series', 'Топтама', 'Серия', 'Series slug'],
    lesson: ['Сабақ', 'Занятие', 'Lesson', 'Сабақ коды', 'Код занятия', 'Lesson key'],
    date: ['Күні', 'Дата', 'Date', 'Өткізілген күні', 'Дата проведения'],
    facilitator: ['Жүргізуші', 'Ведущий', 'Facilitator', 'Жүргізген', 'Провёл', 'Провел'],
    headCount: ['Қатысқандар саны', 'Число участников', 'Head count', 'Қатысушылар саны', 'Количество участников', 'Участники'],
    notes: ['Ескертпе', 'Примечание', 'Notes', 'Ескертпелер', 'Примечания', 'Note'],
  },
  maxRows: MAX_SESSION_ROWS,
  errors: {
    noHeader: { key: 'parentImport.file.noHeader' },
    unknownColumns: (columns) => ({ key: 'parentImport.file.unknownColumns', params: { columns } }),
    tooManyRows: (count) => ({ key: 'parentImport.file.tooManyRows', params: { count, max: MAX_SESSION_ROWS } }),
  },
}

export interface SessionRow {
  line: number
  school: string
  series: string
  lesson: string
  date: string
  facilitator: string
  headCount: string
  notes: string
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export interface SessionsFile {
  encoding: CsvEncoding
  separator: CsvSeparator
  rows: SessionRow[]
}

export type ReadSessionsResult = { ok: true; file: SessionsFile } | { ok: false; error: ImportMessage }

/** Decodes and splits an uploaded file and maps its header to the columns; single rows' problems are left to the job. */
export function readSessionsFile(bytes: Uint8Array): ReadSessionsResult {
  const table = readCsvTable(bytes, SESSIONS_TABLE)
  if (!table.ok) return table
  const rows = table.rows.map(({ line, values, problem }): SessionRow => ({ line, ...values, ...(problem ? { problem } : {}) }))
  return { ok: true, file: { encoding: table.encoding, separator: table.separator, rows } }
}

// ---- checking the rows ----

export interface RowError extends ImportMessage {
  line: number
}

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

/** YYYY-MM-DD or DD.MM.YYYY (as Excel writes dates in Kazakhstan) to an ISO date; null unless it is a real calendar date. */
export function parseSessionDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : dotted ? [dotted[3], dotted[2], dotted[1]].map(Number) : []
  if (y === undefined || m === undefined || d === undefined) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

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

const knownKeys = new Set<string>(allMessageKeys())
const isMessageKey = (k: string): k is MessageKey => knownKeys.has(k)

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
    courseId: series, lessonKey, heldOn: heldOn ?? '', facilitator: collapse(row.facilitator), headCount: countText, notes: row.notes,
  })
  // Not expected after the checks above; never let a row pass silently.
  if (!parsed.success && !errors.length) for (const issue of parsed.error.issues) errors.push({ key: isMessageKey(issue.message) ? issue.message : 'parents.error.lesson' })
  if (errors.length || !parsed.success || !schoolId) return { planned: null, errors }
  return { planned: { line: row.line, schoolId, session: parsed.data }, errors }
}

const FIELD_ORDER: (keyof FieldErrors)[] = ['form', 'courseId', 'lessonKey', 'heldOn', 'facilitator', 'headCount', 'notes', 'clientKey']

/** recordSession's refusal of a row as line errors. */
function refusalErrors(row: PlannedRow, result: Extract<RecordResult, { ok: false }>): RowError[] {
  const errors: RowError[] = []
  for (const field of FIELD_ORDER) {
    for (const key of result.error.fieldErrors[field] ?? []) {
      if (key === 'parents.error.lesson') errors.push({ line: row.line, key: 'parentImport.row.lesson', params: { value: row.session.lessonKey, series: row.session.courseId } })
      else if (isMessageKey(key)) errors.push({ line: row.line, key, params: result.error.params })
    }
  }
  return errors
}

/** The write refused a row: the whole transaction rolls back. */
class ImportRefused extends Error {
  constructor(readonly result: ImportResult) {
    super('import refused')
  }
}

/** Ends a dry run's transaction. */
class DryRunOver extends Error {}

/** Runs rows through recordSession in a transaction that is always rolled back: its refusals, nothing written. */
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

// ---- jobs ----

const MessageKeySchema = z.string().refine(isMessageKey)
const ParamsSchema = z.record(z.union([z.string(), z.number()])).optional()

const ResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('counts'),
    // New sessions that count; new ones flagged as the same lesson again that
    // day; rows an earlier upload recorded; the head counts added.
    recorded: z.number(), flagged: z.number(), already: z.number(), attendances: z.number(),
    flaggedLines: z.array(z.number()),
  }),
  z.object({
    kind: z.literal('errors'),
    errors: z.array(z.object({ line: z.number(), key: MessageKeySchema, params: ParamsSchema })),
    errorCount: z.number(),
    lineCount: z.number(),
  }),
  z.object({ kind: z.literal('failure'), key: MessageKeySchema, params: ParamsSchema }),
])
export type ImportResult = z.infer<typeof ResultSchema>

/** What a job keeps about its file, for support. */
interface JobParams {
  encoding: CsvEncoding
  separator: CsvSeparator
}

function errorsResult(errors: RowError[]): ImportResult {
  const sorted = [...errors].sort((a, b) => a.line - b.line)
  return { kind: 'errors', errors: sorted.slice(0, MAX_STORED_ERRORS), errorCount: sorted.length, lineCount: new Set(sorted.map((e) => e.line)).size }
}

async function finishJob(db: Database, jobId: string, status: 'done' | 'failed', result: ImportResult): Promise<void> {
  await db.updateTable('import_jobs').set({ status, result: JSON.stringify(result), finished_at: nowIso() }).where('id', '=', jobId).execute()
}

/** Jobs this process is running; a running job not here and older than STALE_MS was cut short by a restart (and wrote nothing). */
const activeJobs = new Set<string>()
const STALE_MS = 2 * 60_000

export interface StartSessionsImport {
  actor: AuthUser
  fileName: string
  ip: string | null
}

/** Records an import job and starts it without waiting: `done` settles when it is finished (it never rejects; failures are kept in the job). */
export async function startSessionsImport(work: Work, file: SessionsFile, input: StartSessionsImport): Promise<{ jobId: string; done: Promise<void> }> {
  const { db } = work
  const jobId = newId()
  await db
    .insertInto('import_jobs')
    .values({
      id: jobId, kind: JOB_KIND, status: 'running', file_name: input.fileName.slice(0, 200), total: file.rows.length, processed: 0, result: null,
      params: JSON.stringify({ encoding: file.encoding, separator: file.separator } satisfies JobParams),
      created_by: input.actor.id, created_at: nowIso(), finished_at: null,
    })
    .execute()
  activeJobs.add(jobId)
  const done = runJob(work, file, jobId, input).finally(() => activeJobs.delete(jobId))
  return { jobId, done }
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

async function runJob(work: Work, file: SessionsFile, jobId: string, input: StartSessionsImport): Promise<void> {
  const { db } = work
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
      await db.updateTable('import_jobs').set({ processed: Math.min(start + CHUNK_ROWS, file.rows.length) }).where('id', '=', jobId).execute()
      // Let the server answer other requests (this job's page among them).
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (errors.length) return await finishJob(db, jobId, 'failed', errorsResult(errors))
    await writeRows(work, jobId, planned, input)
  } catch (error) {
    if (error instanceof ImportRefused) return finishJob(db, jobId, 'failed', error.result)
    console.error(`Sessions import ${jobId} failed:`, error)
    await finishJob(db, jobId, 'failed', { kind: 'failure', key: 'import.job.crashed' }).catch((e: unknown) => console.error(e))
  }
}

/** Every row in one transaction: a refusal now (a centre changed since the check) undoes them all. */
async function writeRows(work: Work, jobId: string, rows: PlannedRow[], input: StartSessionsImport): Promise<void> {
  await write(actingAs(work, input.actor.id, input.ip), async (tx) => {
    const counts = { recorded: 0, flagged: 0, already: 0, attendances: 0 }
    const flaggedLines: number[] = []
    const refused: RowError[] = []
    for (const row of rows) {
      // recordSession joins this write.
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
    if (refused.length) throw new ImportRefused(errorsResult(refused))
    tx.audit({ action: 'parent_session.import', targetType: 'import_job', targetId: jobId, details: { fileName: input.fileName, rows: rows.length, ...counts } })
    await finishJob(tx.db, jobId, 'done', { kind: 'counts', ...counts, flaggedLines: flaggedLines.slice(0, MAX_STORED_FLAGGED) })
  })
}

/** A sessions import job with its parsed result, or null when there is none. */
export async function getSessionsImportJob(db: Database, jobId: string) {
  const job = await db.selectFrom('import_jobs').selectAll().where('id', '=', jobId).where('kind', '=', JOB_KIND).executeTakeFirst()
  if (!job) return null
  const parsed = job.result ? ResultSchema.safeParse(JSON.parse(job.result)) : null
  let status = job.status
  let result: ImportResult | null = parsed?.success ? parsed.data : null
  if (status === 'running' && !activeJobs.has(job.id) && now().getTime() - new Date(job.created_at).getTime() > STALE_MS) {
    status = 'failed'
    result = { kind: 'failure', key: 'import.job.interrupted' }
  }
  return { id: job.id, status, fileName: job.file_name, total: job.total, processed: job.processed, createdBy: job.created_by, createdAt: job.created_at, finishedAt: job.finished_at, result }
}
