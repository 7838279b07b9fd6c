import { z } from 'zod'
import { inTransaction, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { iinProblem } from '#app/modules/auth/iin.ts'
import { DAY, now, nowIso } from '#app/modules/clock/clock.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { decodeCsv, detectSeparator, isBlankRecord, parseCsv } from '#app/modules/csv/csv-read.server.ts'
import { canViewRoster } from '#app/modules/courses/roster.server.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'

// Post-course support: the mentoring, webinars, consultations and lesson
// observations trainers hold with teachers after a course, who took part, a
// teacher's plan and history, and the two strategy metrics over raw tables.

export const SUPPORT_KINDS = ['mentoring', 'webinar', 'consultation', 'observation'] as const
export type SupportKind = (typeof SUPPORT_KINDS)[number]
export const CHECKLIST_ANSWERS = ['yes', 'partly', 'no'] as const
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number]

export const MAX_IIN_LINES = 5_000
export const MAX_IIN_FILE_BYTES = 512 * 1024

/** A message key with its values, translated where it is shown. */
export interface SupportMessage {
  key: MessageKey
  params?: Record<string, string | number>
}

/**
 * Who records or reads activities. `regions` is adminRegions(user): null for
 * an admin (everything), a regional admin's regions, [] for a trainer (their
 * own cohorts and activities only).
 */
export interface SupportActor {
  userId: string
  regions: string[] | null
}

// ---- the form ----

const isoDate = z
  .string({ required_error: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'validation.date')
const entry = z.object({
  answer: z.enum(CHECKLIST_ANSWERS, { errorMap: () => ({ message: 'support.error.answerRequired' }) }).optional(),
  comment: z.string().trim().max(500, 'validation.tooLong').optional(),
})
/** The lesson observation checklist: fixed items, each answered yes, partly or no, with a comment. */
const ChecklistSchema = z.object({ climate: entry, rules: entry, inclusion: entry, feedback: entry, conflict: entry, wellbeing: entry, methods: entry })
export const CHECKLIST_ITEMS = ChecklistSchema.keyof().options
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]

export const SupportActivitySchema = z.object({
  kind: z.enum(SUPPORT_KINDS, { errorMap: () => ({ message: 'support.error.kind' }) }),
  title: z.string({ required_error: 'validation.required' }).trim().min(3, 'validation.required').max(200, 'validation.tooLong'),
  heldOn: isoDate,
  trainerId: z.string().trim().max(32).optional(),
  cohortId: z.string().trim().max(32).optional(),
  participantIds: z.array(z.string().max(32)).max(MAX_IIN_LINES).default([]),
  iins: z.string().max(200_000, 'validation.tooLong').optional(),
  notes: z.string().trim().max(4000, 'validation.tooLong').optional(),
  checklist: ChecklistSchema.optional(),
})

export type SupportActivityInput = z.input<typeof SupportActivitySchema>

export interface RecordInput {
  kind: SupportKind
  title: string
  heldOn: string
  trainerId?: string
  cohortId?: string
  /** Teachers ticked from the cohort's list: each must have completed the course in that cohort. */
  participantIds?: string[]
  /** A pasted list of IINs. */
  iins?: string
  /** The text of an uploaded list (see readIinFile). */
  iinFile?: string
  notes?: string
  checklist?: Partial<Record<ChecklistItem, { answer?: ChecklistAnswer; comment?: string }>>
}

export type RecordResult =
  | { ok: true; value: { activityId: string; participants: number } }
  | { ok: false; fieldErrors: Record<string, SupportMessage[]>; formErrors: SupportMessage[] }

// ---- reading a list of IINs ----

const IIN_HEADERS = new Set(['жсн', 'иин', 'iin'])
const headerKey = (name: string) => name.toLocaleLowerCase('kk').replace(/[^\p{L}\p{N}]/gu, '')
const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s)

/**
 * The IINs of a pasted or uploaded list, one per line or in CSV, with their
 * line numbers. A header row naming the IIN column (ЖСН, ИИН, IIN) picks that
 * column; otherwise each line's IIN is the first run of exactly 12 digits, so a
 * row copied from a spreadsheet (IIN, name, school) works as it is. A line
 * with no such run keeps its first value, to be reported.
 */
export function parseIinList(text: string): { line: number; value: string }[] {
  const records = parseCsv(text, detectSeparator(text)).filter((r) => !isBlankRecord(r))
  const headerColumn = records[0]?.fields.findIndex((f) => IIN_HEADERS.has(headerKey(f))) ?? -1
  const rows = headerColumn >= 0 ? records.slice(1) : records
  return rows.map((record) => {
    const fields = headerColumn >= 0 ? [record.fields[headerColumn] ?? ''] : record.fields
    for (const field of fields) {
      const compact = field.replace(/\s+/g, '')
      if (/^\d{12}$/.test(compact)) return { line: record.line, value: compact }
      const run = /(?<!\d)\d{12}(?!\d)/.exec(field)
      if (run) return { line: record.line, value: run[0] }
    }
    return { line: record.line, value: shown(fields.map((f) => f.trim()).find(Boolean) ?? '') }
  })
}

/** The text of an uploaded list: UTF-8 or Windows-1251, not too large. */
export function readIinFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: SupportMessage } {
  if (bytes.byteLength > MAX_IIN_FILE_BYTES) return { ok: false, error: { key: 'support.file.tooLarge' } }
  const decoded = decodeCsv(bytes)
  return decoded ? { ok: true, text: decoded.text } : { ok: false, error: { key: 'support.file.undecodable' } }
}

// ---- who may be a participant ----

/** Of `userIds`, the active users the actor may record as participants. */
async function reachableTeachers(db: Database, actor: SupportActor, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const { regions } = actor
  const rows = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.id', 'in', userIds)
    .where('users.is_active', '=', 1)
    .where((eb) => {
      const teacher = eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'teacher'))
      if (regions === null) return teacher
      // A trainer reaches the teachers their cohorts include; a regional
      // admin also those of their region's cohorts and schools.
      const enrolled = eb.exists(
        eb
          .selectFrom('enrolments')
          .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
          .select('enrolments.id')
          .whereRef('enrolments.user_id', '=', 'users.id')
          .where('enrolments.status', '!=', 'withdrawn')
          .where((c) => (regions.length ? c.or([c('cohorts.trainer_id', '=', actor.userId), c('cohorts.region_code', 'in', regions)]) : c('cohorts.trainer_id', '=', actor.userId))),
      )
      return regions.length ? eb.or([enrolled, eb.and([teacher, eb('users.region_code', 'in', regions)])]) : enrolled
    })
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** The cohorts an actor may record activities for, newest first. */
export async function recordableCohorts(db: Database, actor: SupportActor) {
  let q = db.selectFrom('cohorts').select(['id', 'title', 'trainer_id', 'region_code', 'starts_on', 'ends_on'])
  if (actor.regions !== null) {
    const regions = actor.regions
    q = q.where((eb) => (regions.length ? eb.or([eb('trainer_id', '=', actor.userId), eb('region_code', 'in', regions)]) : eb('trainer_id', '=', actor.userId)))
  }
  return q.orderBy('starts_on', 'desc').orderBy('title').execute()
}

const byName = new Intl.Collator('kk')

/** The teachers who completed the course in a cohort, by name: the list a trainer ticks. */
export async function completedTeachers(db: Database, cohortId: string) {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select(['users.id', 'users.full_name', 'users.iin'])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.status', '=', 'completed')
    .where('users.is_active', '=', 1)
    .execute()
  return rows.sort((a, b) => byName.compare(a.full_name, b.full_name))
}

// ---- recording ----

/**
 * Records an activity with its participants in one transaction with an audit
 * row, or nothing at all: every problem (each bad or unknown IIN with its line)
 * is returned. Repeated participants count once.
 */
export async function recordActivity(db: Database, actor: SupportActor, input: RecordInput, ip: string | null = null): Promise<RecordResult> {
  return inTransaction(db, async (trx) => {
    const fieldErrors: Record<string, SupportMessage[]> = {}
    const formErrors: SupportMessage[] = []
    const add = (field: string, message: SupportMessage) => (fieldErrors[field] ??= []).push(message)

    if (input.heldOn > localIsoDate(now())) add('heldOn', { key: 'support.error.futureDate' })

    const cohort = input.cohortId
      ? ((await trx.selectFrom('cohorts').select(['id', 'trainer_id', 'region_code']).where('id', '=', input.cohortId).executeTakeFirst()) ?? null)
      : null
    if (input.cohortId && !cohort) add('cohortId', { key: 'support.error.noSuchCohort' })
    else if (cohort && !canViewRoster(cohort, actor.userId, actor.regions)) add('cohortId', { key: 'support.error.cohortNotYours' })

    // A trainer records their own activities; admins name the trainer.
    const trainerId = actor.regions?.length === 0 ? actor.userId : (input.trainerId ?? '')
    const trainer = trainerId
      ? await trx
          .selectFrom('users')
          .select(['users.id', 'users.region_code'])
          .where('users.id', '=', trainerId)
          .where('users.is_active', '=', 1)
          .where((eb) => eb.or([eb('users.id', '=', actor.userId), eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'trainer'))]))
          .executeTakeFirst()
      : undefined
    if (!trainer) add('trainerId', { key: 'support.error.trainer' })
    const regionCode = cohort?.region_code ?? trainer?.region_code ?? null
    if (!input.cohortId && actor.regions?.length && !(regionCode && actor.regions.includes(regionCode))) add('cohortId', { key: 'support.error.regionNotYours' })

    const participants = new Set<string>()
    const picked = [...new Set(input.participantIds ?? [])]
    if (picked.length) {
      const completed = cohort
        ? await trx.selectFrom('enrolments').select('user_id').where('cohort_id', '=', cohort.id).where('status', '=', 'completed').where('user_id', 'in', picked).execute()
        : []
      if (completed.length !== picked.length) add('participantIds', { key: 'support.error.notCompleted' })
      for (const p of picked) participants.add(p)
    }

    const lists = (['iins', 'iinFile'] as const).flatMap((field) => {
      const text = input[field]
      return text?.trim() ? [{ field, rows: parseIinList(text) }] : []
    })
    const valid = new Set<string>()
    for (const list of lists) {
      if (list.rows.length > MAX_IIN_LINES) add(list.field, { key: 'support.iin.tooMany', params: { max: MAX_IIN_LINES } })
      else for (const row of list.rows) if (!iinProblem(row.value)) valid.add(row.value)
    }
    const users = valid.size ? await trx.selectFrom('users').select(['id', 'iin']).where('iin', 'in', [...valid]).execute() : []
    const reachable = await reachableTeachers(trx, actor, users.map((u) => u.id))
    const userByIin = new Map(users.map((u) => [u.iin, u.id]))
    for (const list of lists) {
      if (list.rows.length > MAX_IIN_LINES) continue
      for (const { line, value } of list.rows) {
        const problem = iinProblem(value)
        const userId = userByIin.get(value)
        if (problem) add(list.field, { key: `support.iin.${problem}`, params: { line, value } })
        else if (!userId) add(list.field, { key: 'support.iin.unknown', params: { line, value } })
        else if (!reachable.has(userId)) add(list.field, { key: 'support.iin.notYours', params: { line, value } })
        else participants.add(userId)
      }
    }
    const participantProblems = ['participantIds', 'iins', 'iinFile'].some((f) => fieldErrors[f])
    if (participants.size === 0 && !participantProblems) formErrors.push({ key: 'support.error.noParticipants' })

    let checklist: string | null = null
    if (input.kind === 'observation') {
      const items = CHECKLIST_ITEMS.map((id) => {
        const given = input.checklist?.[id]
        if (!given?.answer) add(`checklist.${id}.answer`, { key: 'support.error.answerRequired' })
        return { id, answer: given?.answer ?? null, comment: given?.comment?.trim() || null }
      })
      checklist = JSON.stringify({ items })
    }

    if (Object.keys(fieldErrors).length || formErrors.length) return { ok: false, fieldErrors, formErrors }

    const activityId = newId()
    await trx
      .insertInto('support_activities')
      .values({
        id: activityId, kind: input.kind, title: input.title.trim(), held_on: input.heldOn, trainer_id: trainerId, cohort_id: cohort?.id ?? null,
        region_code: regionCode, notes: input.notes?.trim() || null, checklist, created_at: nowIso(),
      })
      .execute()
    const ids = [...participants]
    for (let i = 0; i < ids.length; i += 1_000) {
      await trx.insertInto('support_participants').values(ids.slice(i, i + 1_000).map((userId) => ({ activity_id: activityId, user_id: userId }))).execute()
    }
    await refreshMetrics(trx, ['teachers_post_course_support'], ids)
    if (cohort) {
      const reached = await trx.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).where('user_id', 'in', ids.length ? ids : ['']).execute()
      await refreshMetrics(trx, ['funnel_supported'], reached.map((e) => e.id))
    }
    await writeAudit(trx, {
      actorUserId: actor.userId, action: 'support.record', targetType: 'support_activity', targetId: activityId,
      details: { kind: input.kind, cohortId: cohort?.id ?? null, trainerId, participants: ids.length }, ip,
    })
    return { ok: true, value: { activityId, participants: ids.length } }
  })
}

// ---- reading ----

/** The activities an actor may see: an admin all; others their own, their cohorts' and their regions'. */
function visibleActivities(db: Database, actor: SupportActor) {
  const q = db.selectFrom('support_activities')
  const { regions } = actor
  if (regions === null) return q
  return q.where((eb) =>
    eb.or([
      eb('support_activities.trainer_id', '=', actor.userId),
      eb('support_activities.cohort_id', 'in', eb.selectFrom('cohorts').select('cohorts.id').where('cohorts.trainer_id', '=', actor.userId)),
      ...(regions.length ? [eb('support_activities.region_code', 'in', regions)] : []),
    ]),
  )
}

export interface ActivityFilter {
  kind?: SupportKind
  cohortId?: string
  /** YYYY-MM: activities held in that month. */
  month?: string
  page?: number
  pageSize?: number
}

/** Activities newest first, with their participant counts, a page at a time. */
export async function listActivities(db: Database, actor: SupportActor, filter: ActivityFilter = {}) {
  const pageSize = filter.pageSize ?? 50
  const page = Math.max(1, filter.page ?? 1)
  let q = visibleActivities(db, actor)
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .select([
      'support_activities.id', 'support_activities.kind', 'support_activities.title', 'support_activities.held_on', 'support_activities.cohort_id',
      'cohorts.title as cohort_title', 'trainer.full_name as trainer_name',
      (eb) => eb.selectFrom('support_participants').select((p) => p.fn.countAll<number>().as('n')).whereRef('support_participants.activity_id', '=', 'support_activities.id').as('participants'),
    ])
  if (filter.kind) q = q.where('support_activities.kind', '=', filter.kind)
  if (filter.cohortId) q = q.where('support_activities.cohort_id', '=', filter.cohortId)
  if (filter.month) q = q.where('support_activities.held_on', '>=', `${filter.month}-01`).where('support_activities.held_on', '<=', `${filter.month}-31`)
  const rows = await q
    .orderBy('support_activities.held_on', 'desc')
    .orderBy('support_activities.created_at', 'desc')
    .orderBy('support_activities.id')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows: rows.slice(0, pageSize).map((r) => ({ ...r, participants: Number(r.participants ?? 0) })), page, hasMore: rows.length > pageSize }
}

const StoredChecklist = z.object({
  items: z.array(z.object({ id: z.enum(CHECKLIST_ITEMS), answer: z.enum(CHECKLIST_ANSWERS).nullable(), comment: z.string().nullable() })),
})

/** One activity with its participants, or null when it does not exist or the actor may not see it. */
export async function getActivity(db: Database, actor: SupportActor, activityId: string) {
  const activity = await visibleActivities(db, actor)
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .leftJoin('regions', 'regions.code', 'support_activities.region_code')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .selectAll('support_activities')
    .select(['cohorts.title as cohort_title', 'trainer.full_name as trainer_name', 'regions.name_kk as region_kk', 'regions.name_ru as region_ru', 'regions.name_en as region_en'])
    .where('support_activities.id', '=', activityId)
    .executeTakeFirst()
  if (!activity) return null
  const participants = await db
    .selectFrom('support_participants')
    .innerJoin('users', 'users.id', 'support_participants.user_id')
    .leftJoin('schools', 'schools.id', 'users.school_id')
    .select(['users.id', 'users.full_name', 'users.iin', 'schools.name_kk as school_kk', 'schools.name_ru as school_ru', 'schools.name_en as school_en'])
    .where('support_participants.activity_id', '=', activityId)
    .execute()
  participants.sort((a, b) => byName.compare(a.full_name, b.full_name))
  const stored = activity.checklist ? StoredChecklist.safeParse(JSON.parse(activity.checklist)) : null
  return { activity, checklist: stored?.success ? stored.data.items : null, participants }
}

// ---- the teacher's side ----

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/**
 * A teacher's post-course support: the activities they took part in, the
 * follow-up surveys assigned to them and not yet submitted, and the follow-up
 * dates still ahead (course.yml surveys.followup days after each completion)
 * for which no survey has been assigned yet.
 */
export async function teacherSupport(db: Database, userId: string) {
  const today = localIsoDate(now())
  const history = await db
    .selectFrom('support_participants')
    .innerJoin('support_activities', 'support_activities.id', 'support_participants.activity_id')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .select(['support_activities.id', 'support_activities.kind', 'support_activities.title', 'support_activities.held_on', 'trainer.full_name as trainer_name', 'cohorts.title as cohort_title'])
    .where('support_participants.user_id', '=', userId)
    .orderBy('support_activities.held_on', 'desc')
    .orderBy('support_activities.created_at', 'desc')
    .execute()

  const assignments = await db
    .selectFrom('survey_assignments')
    .leftJoin('cohorts', 'cohorts.id', 'survey_assignments.cohort_id')
    .select(['survey_assignments.id', 'survey_assignments.survey_version_id', 'survey_assignments.enrolment_id', 'survey_assignments.schedule_key', 'survey_assignments.status', 'survey_assignments.assigned_at', 'cohorts.course_version_id'])
    .where('survey_assignments.user_id', '=', userId)
    .where('survey_assignments.schedule_key', 'like', 'followup%')
    .execute()
  const due: { id: string; surveyTitle: Localized | null; courseTitle: Localized | null; assignedAt: string; started: boolean }[] = []
  for (const a of assignments.filter((x) => x.status !== 'submitted').sort((x, y) => x.assigned_at.localeCompare(y.assigned_at))) {
    const definition = await versionDefinition(db, a.survey_version_id)
    const manifest = a.course_version_id ? await versionManifest(db, a.course_version_id) : null
    due.push({ id: a.id, surveyTitle: definition?.title ?? null, courseTitle: manifest?.title ?? null, assignedAt: a.assigned_at, started: a.status === 'started' })
  }

  const completed = await db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select(['enrolments.id', 'enrolments.completed_at', 'cohorts.course_version_id'])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', '=', 'completed')
    .where('enrolments.completed_at', 'is not', null)
    .execute()
  const assigned = new Set(assignments.map((a) => `${a.enrolment_id}|${a.schedule_key}`))
  const upcoming: { enrolmentId: string; courseTitle: Localized; days: number; dueOn: string }[] = []
  for (const e of completed) {
    const manifest = await versionManifest(db, e.course_version_id)
    for (const f of manifest?.surveys?.followup ?? []) {
      const dueOn = addDays(localIsoDate(e.completed_at!), f.days)
      if (dueOn >= today && !assigned.has(`${e.id}|followup:${f.days}`)) upcoming.push({ enrolmentId: e.id, courseTitle: manifest!.title, days: f.days, dueOn })
    }
  }
  upcoming.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.days - b.days)
  return { history, plan: { due, upcoming } }
}
