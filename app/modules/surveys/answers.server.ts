import { write, type Work } from '#app/core/work.server.ts'
import type { Insertable } from 'kysely'
import { z } from 'zod'
import { inTransaction, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { SurveyAnswersTable, SurveyAssignmentsTable } from '#db/schema.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { evaluateCompletion } from '#app/modules/courses/progress.server.ts'
import { isRequired, surveyItems, type SurveyDefinition, type SurveyItem } from './definition.ts'
import { versionDefinition } from './source.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'

// Answering an assigned survey: form fields read into typed answers, drafts
// kept until the answers are sent, and the response written in one
// transaction. A response to an anonymous survey keeps no user, enrolment,
// assignment or time finer than the month (docs/content-format.md, Surveys).

export const TEXT_MAX = 2000
export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const
export const SCALE10_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const

/**
 * Answers by item id (a question, or a matrix row): Likert and scale10 as
 * numbers, a single choice as its option id, a multiple choice as option ids,
 * free text as text.
 */
export type AnswerValue = number | string | string[]
export type SurveyAnswers = Record<string, AnswerValue>

export type AnswerErrorKey = Extract<MessageKey, `survey.error.${string}`>

export interface AnswerErrors {
  /** Problems of the form as a whole: an answer to an item the survey does not have. */
  form: AnswerErrorKey[]
  /** At most one problem per item id. */
  items: Record<string, AnswerErrorKey>
}

export interface ParsedAnswers {
  answers: SurveyAnswers
  /** What the form sent for each known item, to show again beside the errors. */
  values: Record<string, string[]>
  errors: AnswerErrors | null
}

const FIELD_PREFIX = 'item.'

/** The form field that carries an item's answer. */
export const fieldName = (itemId: string) => `${FIELD_PREFIX}${itemId}`

/**
 * Reads `item.<itemId>` fields into typed answers. Unanswered items are left
 * out; they are an error only when `final` (the answers are being sent), never
 * for a draft.
 */
export function parseAnswers(def: SurveyDefinition, formData: FormData, { final = false }: { final?: boolean } = {}): ParsedAnswers {
  const items = itemsById(def)
  const values: Record<string, string[]> = {}
  const errors: AnswerErrors = { form: [], items: {} }
  for (const [name, value] of formData.entries()) {
    if (!name.startsWith(FIELD_PREFIX)) continue
    const id = name.slice(FIELD_PREFIX.length)
    if (!items.has(id) || typeof value !== 'string') {
      addFormError(errors, 'survey.error.tampered')
      continue
    }
    ;(values[id] ??= []).push(value)
  }
  const answers: SurveyAnswers = {}
  for (const [id, raw] of Object.entries(values)) {
    const read = readItem(items.get(id)!, raw)
    if ('error' in read) errors.items[id] = read.error
    else if (read.value !== undefined) answers[id] = read.value
  }
  const checked = checkAnswers(def, answers, { final })
  if (checked) {
    for (const e of checked.form) addFormError(errors, e)
    for (const [id, e] of Object.entries(checked.items)) errors.items[id] ??= e
  }
  return { answers, values, errors: errors.form.length || Object.keys(errors.items).length ? errors : null }
}

function readItem(item: SurveyItem, raw: string[]): { value?: AnswerValue } | { error: AnswerErrorKey } {
  // Browsers send a textarea's line breaks as CRLF, but count them as one
  // character against maxlength.
  const given = item.type === 'text' ? raw.map((v) => v.replace(/\r\n?/g, '\n').trim()).filter(Boolean) : raw.map((v) => v.trim()).filter(Boolean)
  if (!given.length) return {}
  if (item.type === 'multiple') return { value: [...new Set(given)] }
  if (given.length > 1) return { error: 'survey.error.oneOnly' }
  const [one] = given as [string]
  if (item.type === 'likert' || item.type === 'scale10') return /^[+-]?\d+(\.\d+)?$/.test(one) ? { value: Number(one) } : { error: 'survey.error.notNumber' }
  return { value: one }
}

/** An answer's problem, if it has one; an empty answer counts as none given. */
function valueError(item: SurveyItem, value: AnswerValue): AnswerErrorKey | null {
  switch (item.type) {
    case 'likert':
    case 'scale10': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return Array.isArray(value) ? 'survey.error.oneOnly' : 'survey.error.notNumber'
      const [min, max] = item.type === 'likert' ? [1, 5] : [0, 10]
      return !Number.isInteger(value) || value < min || value > max ? 'survey.error.outOfRange' : null
    }
    case 'single': {
      if (Array.isArray(value)) return value.length > 1 ? 'survey.error.oneOnly' : valueError(item, value[0] ?? '')
      return optionIds(item).includes(String(value)) ? null : 'survey.error.unknownOption'
    }
    case 'multiple': {
      const chosen = Array.isArray(value) ? value : [value]
      return chosen.every((v) => optionIds(item).includes(String(v))) ? null : 'survey.error.unknownOption'
    }
    case 'text':
      if (typeof value !== 'string') return 'survey.error.tampered'
      return value.length > TEXT_MAX ? 'survey.error.tooLong' : null
  }
}

const optionIds = (item: SurveyItem) => (item.question.type === 'single' || item.question.type === 'multiple' ? item.question.options.map((o) => o.id) : [])

const isEmpty = (value: AnswerValue | undefined) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

function itemsById(def: SurveyDefinition): Map<string, SurveyItem> {
  return new Map(surveyItems(def).map((item) => [item.id, item]))
}

function addFormError(errors: AnswerErrors, key: AnswerErrorKey) {
  if (!errors.form.includes(key)) errors.form.push(key)
}

/**
 * Checks typed answers against the survey: every item known, every value of
 * its type and range, and, when `final`, every required item answered.
 */
export function checkAnswers(def: SurveyDefinition, answers: SurveyAnswers, { final }: { final: boolean }): AnswerErrors | null {
  const items = itemsById(def)
  const errors: AnswerErrors = { form: [], items: {} }
  for (const [id, value] of Object.entries(answers)) {
    const item = items.get(id)
    if (!item) addFormError(errors, 'survey.error.tampered')
    else if (!isEmpty(value)) {
      const error = valueError(item, value)
      if (error) errors.items[id] = error
    }
  }
  if (final) {
    for (const item of items.values()) {
      if (isRequired(item.question) && isEmpty(answers[item.id]) && !errors.items[item.id]) errors.items[item.id] = 'survey.error.required'
    }
  }
  return errors.form.length || Object.keys(errors.items).length ? errors : null
}

/** Answers as form values, to fill the form in again (a draft, say). */
export function answersToValues(answers: SurveyAnswers): Record<string, string[]> {
  return Object.fromEntries(Object.entries(answers).map(([id, v]) => [id, Array.isArray(v) ? v : [String(v)]]))
}

const DraftSchema = z.record(z.union([z.number(), z.string(), z.array(z.string())]))

/** A stored draft, parsed and stripped of anything the survey does not accept. */
function readDraft(def: SurveyDefinition, json: string | undefined): SurveyAnswers {
  if (!json) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return {}
  }
  const draft = DraftSchema.safeParse(parsed)
  if (!draft.success) return {}
  const items = itemsById(def)
  return Object.fromEntries(Object.entries(draft.data).filter(([id, v]) => items.has(id) && !isEmpty(v) && !valueError(items.get(id)!, v)))
}

/** Keeps only the answers that were given. */
const compact = (answers: SurveyAnswers): SurveyAnswers => Object.fromEntries(Object.entries(answers).filter(([, v]) => !isEmpty(v)))

type AssignmentRow = Pick<SurveyAssignmentsTable, 'id' | 'survey_id' | 'survey_version_id' | 'user_id' | 'enrolment_id' | 'course_id' | 'cohort_id' | 'region_code' | 'schedule_key' | 'status' | 'assigned_at' | 'started_at' | 'submitted_at'>

async function ownAssignment(db: Database, assignmentId: string, userId: string): Promise<AssignmentRow | null> {
  const row = await db
    .selectFrom('survey_assignments')
    .select(['id', 'survey_id', 'survey_version_id', 'user_id', 'enrolment_id', 'course_id', 'cohort_id', 'region_code', 'schedule_key', 'status', 'assigned_at', 'started_at', 'submitted_at'])
    .where('id', '=', assignmentId)
    .executeTakeFirst()
  return row && row.user_id === userId ? row : null
}

/** The title of the course an assignment belongs to: its cohort's version, else the course's current one. */
async function courseTitle(db: Database, cohortId: string | null, courseId: string | null): Promise<Localized | null> {
  const cohort = cohortId ? await db.selectFrom('cohorts').select('course_version_id').where('id', '=', cohortId).executeTakeFirst() : undefined
  const versionId = cohort?.course_version_id ?? (courseId ? (await db.selectFrom('courses').select('current_version_id').where('id', '=', courseId).executeTakeFirst())?.current_version_id : null)
  if (!versionId) return null
  return (await versionManifest(db, versionId))?.title ?? null
}

export interface AssignmentForAnswering {
  id: string
  status: AssignmentRow['status']
  anonymous: boolean
  definition: SurveyDefinition
  course: Localized | null
  /** The saved draft; empty when there is none. */
  draft: SurveyAnswers
  submittedAt: string | null
}

/** An assignment with its survey and draft, or null when it is not this user's. */
export async function findAssignmentForAnswering(db: Database, assignmentId: string, userId: string): Promise<AssignmentForAnswering | null> {
  const assignment = await ownAssignment(db, assignmentId, userId)
  if (!assignment) return null
  const version = await db.selectFrom('survey_versions').select('anonymous').where('id', '=', assignment.survey_version_id).executeTakeFirst()
  const definition = await versionDefinition(db, assignment.survey_version_id)
  if (!version || !definition) return null
  const draft = await db.selectFrom('survey_drafts').select('answers').where('assignment_id', '=', assignment.id).executeTakeFirst()
  return {
    id: assignment.id,
    status: assignment.status,
    anonymous: version.anonymous === 1,
    definition,
    course: await courseTitle(db, assignment.cohort_id, assignment.course_id),
    draft: assignment.status === 'submitted' ? {} : readDraft(definition, draft?.answers),
    submittedAt: assignment.submitted_at,
  }
}

export type SaveResult =
  | { ok: true }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'alreadySubmitted' }
  | { ok: false; error: 'invalid'; errors: AnswerErrors }

/**
 * Keeps partial answers of the assignment's own user until they are sent, and
 * marks the assignment started. Refused once the answers were sent.
 */
export async function saveDraft(db: Database, assignmentId: string, userId: string, answers: SurveyAnswers): Promise<SaveResult> {
  return inTransaction(db, async (trx): Promise<SaveResult> => {
    const assignment = await ownAssignment(trx, assignmentId, userId)
    if (!assignment) return { ok: false, error: 'notFound' }
    if (assignment.status === 'submitted') return { ok: false, error: 'alreadySubmitted' }
    const def = await versionDefinition(trx, assignment.survey_version_id)
    if (!def) return { ok: false, error: 'notFound' }
    const errors = checkAnswers(def, answers, { final: false })
    if (errors) return { ok: false, error: 'invalid', errors }
    const stamp = nowIso()
    const json = JSON.stringify(compact(answers))
    await trx
      .insertInto('survey_drafts')
      .values({ assignment_id: assignment.id, answers: json, updated_at: stamp })
      .onConflict((oc) => oc.column('assignment_id').doUpdateSet({ answers: json, updated_at: stamp }))
      .execute()
    await trx
      .updateTable('survey_assignments')
      .set((eb) => ({ status: 'started', started_at: eb.fn.coalesce('started_at', eb.val(stamp)) }))
      .where('id', '=', assignment.id)
      .where('status', '!=', 'submitted')
      .execute()
    return { ok: true }
  })
}

/**
 * Sends the answers, in one transaction: the assignment must be the user's and
 * not yet submitted, and every required item answered. Writes the response and
 * its answers, marks the assignment submitted and deletes the draft; after the
 * course-end survey, re-checks the enrolment's completion. A refused attempt
 * writes nothing.
 */
export async function submitResponse(work: Work, assignmentId: string, userId: string, answers: SurveyAnswers): Promise<SaveResult> {
  // A write, so that the completion it may bring (and the document issued with it) joins it.
  return write(work, async (tx): Promise<SaveResult> => {
    const trx = tx.db
    const assignment = await ownAssignment(trx, assignmentId, userId)
    if (!assignment) return { ok: false, error: 'notFound' }
    if (assignment.status === 'submitted') return { ok: false, error: 'alreadySubmitted' }
    const version = await trx.selectFrom('survey_versions').select(['purpose', 'anonymous']).where('id', '=', assignment.survey_version_id).executeTakeFirst()
    const def = await versionDefinition(trx, assignment.survey_version_id)
    if (!version || !def) return { ok: false, error: 'notFound' }
    const errors = checkAnswers(def, answers, { final: true })
    if (errors) return { ok: false, error: 'invalid', errors }

    const stamp = nowIso()
    const anonymous = version.anonymous === 1
    // Claimed first, so that of two concurrent submissions only one writes.
    // An anonymous survey's assignment keeps only the day it was answered, so
    // its time cannot be matched with a response.
    const claimed = await trx
      .updateTable('survey_assignments')
      .set({ status: 'submitted', submitted_at: anonymous ? `${localIsoDate(stamp)}T00:00:00.000Z` : stamp })
      .where('id', '=', assignment.id)
      .where('status', '!=', 'submitted')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, error: 'alreadySubmitted' }

    const responseId = newId()
    await trx
      .insertInto('survey_responses')
      .values({
        id: responseId, survey_id: assignment.survey_id, survey_version_id: assignment.survey_version_id, purpose: version.purpose,
        schedule_key: assignment.schedule_key, course_id: assignment.course_id, cohort_id: assignment.cohort_id, region_code: assignment.region_code,
        enrolment_id: anonymous ? null : assignment.enrolment_id,
        user_id: anonymous ? null : assignment.user_id,
        period: localIsoDate(stamp).slice(0, 7),
        submitted_at: anonymous ? null : stamp,
      })
      .execute()
    const rows = answerRows(def, responseId, answers)
    if (rows.length) await trx.insertInto('survey_answers').values(rows).execute()
    await trx.deleteFrom('survey_drafts').where('assignment_id', '=', assignment.id).execute()
    if (version.purpose === 'followup' && !anonymous) {
      await refreshMetrics(trx, ['teachers_in_course_monitoring'], [assignment.user_id])
      if (assignment.enrolment_id) await refreshMetrics(trx, ['funnel_monitored'], [assignment.enrolment_id])
    }

    if (assignment.schedule_key === 'end' && assignment.enrolment_id) {
      const enrolment = await trx
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .select(['enrolments.id', 'cohorts.course_version_id'])
        .where('enrolments.id', '=', assignment.enrolment_id)
        .executeTakeFirst()
      if (enrolment) await evaluateCompletion(tx.work, { id: enrolment.id, course_version_id: enrolment.course_version_id })
    }
    return { ok: true }
  })
}

/** One row per number, per chosen option, per text; in the survey's order. */
export function answerRows(def: SurveyDefinition, responseId: string, answers: SurveyAnswers): Insertable<SurveyAnswersTable>[] {
  const empty = { response_id: responseId, value_num: null, option_id: null, value_text: null }
  return surveyItems(def).flatMap((item): Insertable<SurveyAnswersTable>[] => {
    const value = answers[item.id]
    if (value === undefined || isEmpty(value)) return []
    switch (item.type) {
      case 'likert':
      case 'scale10':
        return [{ ...empty, item_id: item.id, value_num: Number(value) }]
      case 'single':
      case 'multiple':
        return [...new Set(Array.isArray(value) ? value : [String(value)])].map((option) => ({ ...empty, item_id: item.id, option_id: option }))
      case 'text':
        return [{ ...empty, item_id: item.id, value_text: String(value) }]
    }
  })
}

export interface MyAssignment {
  id: string
  surveyId: string
  scheduleKey: string
  status: AssignmentRow['status']
  anonymous: boolean
  title: Localized
  course: Localized | null
  assignedAt: string
  startedAt: string | null
  submittedAt: string | null
}

/** The user's surveys: those waiting for answers (oldest first) and those answered (newest first). */
export async function listMyAssignments(db: Database, userId: string): Promise<{ pending: MyAssignment[]; submitted: MyAssignment[] }> {
  const rows = await db
    .selectFrom('survey_assignments')
    .innerJoin('survey_versions', 'survey_versions.id', 'survey_assignments.survey_version_id')
    .select([
      'survey_assignments.id', 'survey_assignments.survey_id', 'survey_assignments.survey_version_id', 'survey_assignments.schedule_key',
      'survey_assignments.status', 'survey_assignments.cohort_id', 'survey_assignments.course_id', 'survey_assignments.assigned_at',
      'survey_assignments.started_at', 'survey_assignments.submitted_at', 'survey_versions.anonymous',
    ])
    .where('survey_assignments.user_id', '=', userId)
    .orderBy('survey_assignments.assigned_at', 'asc')
    .execute()
  const pending: MyAssignment[] = []
  const submitted: MyAssignment[] = []
  for (const row of rows) {
    const def = await versionDefinition(db, row.survey_version_id)
    if (!def) continue
    const entry: MyAssignment = {
      id: row.id, surveyId: row.survey_id, scheduleKey: row.schedule_key, status: row.status, anonymous: row.anonymous === 1,
      title: def.title, course: await courseTitle(db, row.cohort_id, row.course_id),
      assignedAt: row.assigned_at, startedAt: row.started_at, submittedAt: row.submitted_at,
    }
    ;(row.status === 'submitted' ? submitted : pending).push(entry)
  }
  submitted.sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''))
  return { pending, submitted }
}
