import { randomInt } from 'node:crypto'
import { z } from 'zod'
import { newId } from '#db/ids.server.ts'
import type { ParentSessionSource } from '#db/schema.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { ensureCentre } from './centres.server.ts'

// A parent lesson held at a school's centre: which lesson of which series, the
// date, who led it and how many parents came. The head count is the attendance
// figure; it moves the national metric in the same transaction. The same
// lesson recorded twice at a centre on one day is kept but flagged, not
// counted, until a coordinator says it was a second group. A resend from an
// offline phone (same client key) returns the session already recorded.

export const SessionInputSchema = z.object({
  courseId: z.string().trim().min(1, 'parents.error.lesson'),
  lessonKey: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'parents.error.lesson'),
  heldOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'parents.error.date'),
  facilitator: z.string().trim().min(2, 'parents.error.facilitator').max(200, 'parents.error.facilitator'),
  headCount: z.coerce.number({ message: 'parents.error.headCount' }).int('parents.error.headCount').min(1, 'parents.error.headCountMin'),
  notes: z
    .string()
    .trim()
    .max(2000, 'parents.error.notes')
    .optional()
    .transform((v) => v || null),
  clientKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'parents.error.clientKey')
    .optional()
    .or(z.literal('').transform(() => undefined)),
})
export type SessionInput = z.infer<typeof SessionInputSchema>

export type FieldErrors = Partial<Record<keyof SessionInput | 'form', string[]>>

export interface RecordedSession {
  sessionId: string
  code: string
  /** False for a resend of a session already recorded (the same client key). */
  created: boolean
  duplicateOf: string | null
}

/** Why a session was refused: by field, with the centre's figures the messages name. */
export interface RecordRefusal {
  fieldErrors: FieldErrors
  params?: Record<string, string | number>
}

export type RecordResult = Result<RecordedSession, RecordRefusal>

// Unambiguous on a phone screen and when read aloud: no 0/O, 1/I/L.
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CODE_LENGTH = 6

export function newCheckinCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** A check-in code works until the end of the day after the session (Kazakhstan time, UTC+5). */
export function codeExpiry(heldOn: string): string {
  const next = new Date(`${heldOn}T00:00:00+05:00`)
  next.setUTCDate(next.getUTCDate() + 2)
  return next.toISOString()
}

/** The parent lesson series and their lessons, for forms and checks. */
export async function parentLessonChoices(
  work: Work,
): Promise<{ courseId: string; title: Record<string, string>; lessons: { key: string; title: Record<string, string> }[] }[]> {
  const { db } = work
  const series = await db
    .selectFrom('courses')
    .select(['id', 'current_version_id'])
    .where('audience', '=', 'parents')
    .where('current_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  const out = []
  for (const s of series) {
    const manifest = await versionManifest(db, s.current_version_id!)
    if (!manifest) continue
    out.push({
      courseId: s.id,
      title: manifest.title as Record<string, string>,
      lessons: flatLessons(manifest).map(({ module, lesson }) => ({ key: `${module.id}/${lesson.id}`, title: lesson.title as Record<string, string> })),
    })
  }
  return out
}

/**
 * Records a session held at the school's centre, as `work`'s actor: refused
 * by field when the lesson, date or head count cannot be, flagged (and not
 * counted) when the same lesson was recorded there that day already.
 */
export async function recordSession(work: Work, input: { schoolId: string; session: SessionInput; source: ParentSessionSource }): Promise<RecordResult> {
  const s = input.session
  return write(work, async (tx): Promise<RecordResult> => {
    const trx = tx.db
    if (s.clientKey) {
      const existing = await trx
        .selectFrom('parent_sessions')
        .select(['id', 'code', 'school_id', 'duplicate_of'])
        .where('client_key', '=', s.clientKey)
        .executeTakeFirst()
      if (existing) {
        if (existing.school_id !== input.schoolId) return fail({ fieldErrors: { form: ['parents.error.clientKey'] } })
        return ok({ sessionId: existing.id, code: existing.code, created: false, duplicateOf: existing.duplicate_of })
      }
    }
    const centre = await ensureCentre(tx.work, input.schoolId)
    const school = await trx.selectFrom('schools').select(['region_code']).where('id', '=', input.schoolId).executeTakeFirst()
    if (!centre || !school) return fail({ fieldErrors: { form: ['parents.error.school'] } })

    const fieldErrors: FieldErrors = {}
    const series = await trx
      .selectFrom('courses')
      .select('current_version_id')
      .where('id', '=', s.courseId)
      .where('audience', '=', 'parents')
      .executeTakeFirst()
    const manifest = series?.current_version_id ? await versionManifest(trx, series.current_version_id) : null
    const [moduleId, lessonId] = s.lessonKey.split('/') as [string, string]
    if (!manifest || !flatLessons(manifest).some((l) => l.module.id === moduleId && l.lesson.id === lessonId)) fieldErrors.lessonKey = ['parents.error.lesson']
    const today = localIsoDate(work.now())
    if (s.heldOn > today) fieldErrors.heldOn = ['parents.error.future']
    else if (s.heldOn < centre.opened_on) fieldErrors.heldOn = ['parents.error.beforeCentre']
    if (s.headCount > centre.capacity) fieldErrors.headCount = ['parents.error.overCapacity']
    if (Object.keys(fieldErrors).length) return fail({ fieldErrors, params: { capacity: centre.capacity, openedOn: centre.opened_on } })

    const same = await trx
      .selectFrom('parent_sessions')
      .select('id')
      .where('centre_id', '=', centre.id)
      .where('course_id', '=', s.courseId)
      .where('module_id', '=', moduleId)
      .where('lesson_id', '=', lessonId)
      .where('held_on', '=', s.heldOn)
      .where('counted', '=', 1)
      .orderBy('created_at')
      .executeTakeFirst()
    const id = newId()
    let code = newCheckinCode()
    while (await trx.selectFrom('parent_sessions').select('id').where('code', '=', code).executeTakeFirst()) code = newCheckinCode()
    await trx
      .insertInto('parent_sessions')
      .values({
        id,
        centre_id: centre.id,
        school_id: input.schoolId,
        region_code: school.region_code,
        course_id: s.courseId,
        module_id: moduleId,
        lesson_id: lessonId,
        held_on: s.heldOn,
        facilitator: s.facilitator,
        head_count: s.headCount,
        notes: s.notes,
        code,
        code_expires_at: codeExpiry(s.heldOn),
        client_key: s.clientKey ?? null,
        duplicate_of: same?.id ?? null,
        counted: same ? 0 : 1,
        source: input.source,
        recorded_by: work.actorId,
        created_at: nowIso(),
      })
      .execute()
    if (!same) tx.emit({ type: 'parent_session.recorded', sessionIds: [id] })
    tx.audit({
      action: 'parent_session.record',
      targetType: 'parent_session',
      targetId: id,
      details: { schoolId: input.schoolId, headCount: s.headCount, duplicateOf: same?.id ?? null, source: input.source },
    })
    return ok({ sessionId: id, code, created: true, duplicateOf: same?.id ?? null })
  })
}

/** A flagged session was a second group after all: it counts from now on. False when it counted already (or does not exist). */
export async function confirmDistinct(work: Work, sessionId: string): Promise<boolean> {
  return write(work, async (tx) => {
    const row = await tx.db.selectFrom('parent_sessions').select(['id', 'counted']).where('id', '=', sessionId).executeTakeFirst()
    if (!row || row.counted) return false
    await tx.db.updateTable('parent_sessions').set({ counted: 1, duplicate_of: null }).where('id', '=', row.id).execute()
    tx.emit({ type: 'parent_session.recorded', sessionIds: [row.id] })
    tx.audit({ action: 'parent_session.confirm_distinct', targetType: 'parent_session', targetId: row.id })
    return true
  })
}

/** The school a session was held at, or null for none. */
export async function sessionSchool(work: Work, sessionId: string): Promise<string | null> {
  const row = await work.db.selectFrom('parent_sessions').select('school_id').where('id', '=', sessionId).executeTakeFirst()
  return row?.school_id ?? null
}

/** A centre's sessions, newest first, with their check-in counts. */
export async function listSessions(work: Work, filter: { schoolId?: string; regionCodes?: string[] | null; limit?: number }) {
  let query = work.db
    .selectFrom('parent_sessions as s')
    .leftJoin('parent_checkins as c', 'c.session_id', 's.id')
    .select((eb) => [
      's.id',
      's.school_id',
      's.course_id',
      's.module_id',
      's.lesson_id',
      's.held_on',
      's.facilitator',
      's.head_count',
      's.notes',
      's.code',
      's.code_expires_at',
      's.duplicate_of',
      's.counted',
      's.source',
      's.created_at',
      eb.fn.count<number>('c.id').as('checkins'),
    ])
    .groupBy('s.id')
    .orderBy('s.held_on', 'desc')
    .orderBy('s.created_at', 'desc')
  if (filter.schoolId) query = query.where('s.school_id', '=', filter.schoolId)
  if (filter.regionCodes) query = query.where('s.region_code', 'in', filter.regionCodes.length ? filter.regionCodes : [''])
  return query.limit(filter.limit ?? 200).execute()
}

/** One session with its school's names, for its page; null for none. */
export async function findSession(work: Work, sessionId: string) {
  const row = await work.db
    .selectFrom('parent_sessions as s')
    .innerJoin('schools', 'schools.id', 's.school_id')
    .select([
      's.id',
      's.school_id',
      's.course_id',
      's.module_id',
      's.lesson_id',
      's.held_on',
      's.facilitator',
      's.head_count',
      's.notes',
      's.code',
      's.code_expires_at',
      's.duplicate_of',
      'schools.name_kk',
      'schools.name_ru',
      'schools.name_en',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst()
  return row ?? null
}

/** Who checked in to a session, in the order they came. */
export function sessionCheckins(work: Work, sessionId: string) {
  return work.db.selectFrom('parent_checkins').select(['id', 'name', 'phone', 'created_at']).where('session_id', '=', sessionId).orderBy('created_at').execute()
}
